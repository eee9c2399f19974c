package dev.loupe.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IngestLimitsTest {
  @Test
  void defaultsComeFromLimits() {
    assertThat(IngestLimits.defaults()).isEqualTo(new IngestLimits(256L << 20, 1 << 20, 1000, 10));
  }

  @ParameterizedTest(name = "{0} {1} {2} {3}")
  @CsvSource({
    "0, 10, 10, 10",
    "10, 0, 10, 10",
    "10, 2147483647, 10, 10",
    "10, 10, 0, 10",
    "10, 10, 10, -1"
  })
  void rejectsValuesThatCannotWork(
      long maxBodyBytes, int maxLineBytes, int maxFieldsPerRecord, int maxFirstErrors) {
    assertThatThrownBy(
            () -> new IngestLimits(maxBodyBytes, maxLineBytes, maxFieldsPerRecord, maxFirstErrors))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void eventLimitsMustBePositiveAndDefaultFromLimits() {
    IngestLimits limits = new IngestLimits(10, 10, 10, 10);
    assertThat(limits.maxEventLines()).isEqualTo(Limits.DEFAULT_MAX_EVENT_LINES);
    assertThat(limits.maxEventBytes()).isEqualTo(Limits.DEFAULT_MAX_EVENT_BYTES);
    assertThat(limits.withEventLimits(3, 4))
        .extracting(IngestLimits::maxEventLines, IngestLimits::maxEventBytes)
        .containsExactly(3, 4);
    assertThatThrownBy(() -> limits.withEventLimits(0, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxEventLines");
    assertThatThrownBy(() -> limits.withEventLimits(10, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxEventBytes");
  }

  @Test
  void acceptsTheSmallestWorkingValues() {
    assertThat(new IngestLimits(1, 1, 1, 0).maxFirstErrors()).isZero();
  }
}
