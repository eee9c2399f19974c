package dev.loupe.storage.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WalOptionsTest {

  @Test
  void defaultsToSixtyFourMegabyteSegments() {
    assertThat(WalOptions.defaults().segmentBytes()).isEqualTo(64L * 1024 * 1024);
  }

  @Test
  void refusesSegmentsWithoutRoom() {
    assertThatThrownBy(() -> new WalOptions(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("segmentBytes");
    assertThatThrownBy(() -> new WalOptions(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
