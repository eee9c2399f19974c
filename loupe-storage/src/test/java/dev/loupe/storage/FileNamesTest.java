package dev.loupe.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FileNamesTest {
  @ParameterizedTest(name = "{0} ns falls in {1}")
  @CsvSource({
    "0, 1970-01-01",
    "86399999999999, 1970-01-01",
    "86400000000000, 1970-01-02",
    "-1, 1969-12-31",
    "1763769600000000000, 2025-11-22"
  })
  void partitionIsTheUtcDay(long nanos, String partition) {
    assertThat(FileNames.partitionOf(nanos)).isEqualTo(partition);
    assertThat(FileNames.partitionStartNanos(partition)).isLessThanOrEqualTo(nanos);
    assertThat(FileNames.partitionStartNanos(partition) + 86_400_000_000_000L).isGreaterThan(nanos);
  }

  @Test
  void partNamesRoundTrip() {
    assertThat(FileNames.partSequence(FileNames.partName(42))).isEqualTo(42);
    assertThat(FileNames.partSequence(FileNames.partName(Long.MAX_VALUE)))
        .isEqualTo(Long.MAX_VALUE);
    assertThat(FileNames.partSequence("part-zz")).isEqualTo(-1);
    assertThat(FileNames.partSequence(".tmp-part-0000000000000001")).isEqualTo(-1);
    assertThat(FileNames.partitionStartNanos("not-a-day")).isEqualTo(-1);
  }
}
