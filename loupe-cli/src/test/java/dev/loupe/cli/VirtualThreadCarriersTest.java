package dev.loupe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VirtualThreadCarriersTest {
  private String saved;

  @BeforeEach
  void save() {
    saved = System.clearProperty(VirtualThreadCarriers.PROPERTY);
  }

  @AfterEach
  void restore() {
    if (saved == null) {
      System.clearProperty(VirtualThreadCarriers.PROPERTY);
    } else {
      System.setProperty(VirtualThreadCarriers.PROPERTY, saved);
    }
  }

  @Test
  void defaultsToFourACore() {
    assertThat(VirtualThreadCarriers.configure(null, 2)).isEqualTo(8);
    assertThat(System.getProperty(VirtualThreadCarriers.PROPERTY)).isEqualTo("8");
  }

  @Test
  void theFlagSetsTheCount() {
    assertThat(VirtualThreadCarriers.configure(3, 2)).isEqualTo(3);
    assertThat(System.getProperty(VirtualThreadCarriers.PROPERTY)).isEqualTo("3");
  }

  @Test
  void aPropertyGivenToTheJvmWins() {
    System.setProperty(VirtualThreadCarriers.PROPERTY, "5");
    assertThat(VirtualThreadCarriers.configure(3, 2)).isEqualTo(5);
    assertThat(System.getProperty(VirtualThreadCarriers.PROPERTY)).isEqualTo("5");
  }

  @Test
  void refusesLessThanOne() {
    assertThatThrownBy(() -> VirtualThreadCarriers.configure(0, 2))
        .hasMessageContaining("--virtual-thread-carriers must be at least 1");
  }
}
