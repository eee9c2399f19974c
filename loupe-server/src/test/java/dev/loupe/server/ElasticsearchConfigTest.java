package dev.loupe.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ElasticsearchConfigTest {
  @ParameterizedTest
  @CsvSource({"8.19.0, 8", "9.1.0, 9", "7.17.29, 7"})
  void acceptsReleasedVersionsAndKnowsTheirMajor(String version, int major) {
    assertThat(new ElasticsearchConfig(version).major()).isEqualTo(major);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "8", "8.19", "8.19.0-SNAPSHOT", "6.8.23", "v8.1.0", "8.x.0"})
  void refusesWhatNoShipperWouldAcceptSayingTheForm(String version) {
    assertThatThrownBy(() -> new ElasticsearchConfig(version))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("MAJOR.MINOR.PATCH with a major of 7 or more, like 8.19.0");
  }
}
