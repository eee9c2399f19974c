package dev.loupe.storage.part;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PartBlockTest {

  @ParameterizedTest
  @ValueSource(
      longs = {
        0,
        1,
        999,
        1_000_000,
        1_763_800_000_123_456_789L,
        1_763_800_000_000_000_000L,
        -1,
        -1_500_000_000L,
        Long.MAX_VALUE,
        Long.MIN_VALUE
      })
  void timeIsPrintedAsIsoInstantWithNanoseconds(long nanos) {
    Instant instant = Instant.ofEpochSecond(0, 0).plusNanos(nanos);
    assertThat(PartBlock.formatTime(nanos))
        .isEqualTo(DateTimeFormatter.ISO_INSTANT.format(instant));
  }
}
