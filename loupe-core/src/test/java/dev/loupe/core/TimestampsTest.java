package dev.loupe.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimestampsTest {
  private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000L);

  // ISO_INSTANT prints the fraction in groups of three digits (.500, not .5); users and clients
  // see this text in every result row, so it is pinned.
  @ParameterizedTest(name = "[{index}] {0} <-> {1}")
  @CsvSource({
    "0,                     1970-01-01T00:00:00Z",
    "1,                     1970-01-01T00:00:00.000000001Z",
    "-1,                    1969-12-31T23:59:59.999999999Z",
    "1500000000,            1970-01-01T00:00:01.500Z",
    "-1000000000,           1969-12-31T23:59:59Z",
    "-1500000000,           1969-12-31T23:59:58.500Z",
    "123456000,             1970-01-01T00:00:00.123456Z",
    "1763773323000000000,   2025-11-22T01:02:03Z",
    "1763773323500000000,   2025-11-22T01:02:03.500Z",
    "-9223372036000000000,  1677-09-21T00:12:44Z",
    "-9223372036854775808,  1677-09-21T00:12:43.145224192Z",
    "9223372036854775807,   2262-04-11T23:47:16.854775807Z",
  })
  void formatsAsRfc3339AndParsesBack(long nanos, String text) {
    assertThat(Timestamps.format(nanos)).isEqualTo(text);
    assertThat(Timestamps.toNanos(Instant.parse(text))).isEqualTo(nanos);
  }

  // Negative times round down to the earlier second; the nano part is never negative.
  @ParameterizedTest(name = "[{index}] {0} -> {1}s + {2}ns")
  @CsvSource({
    "0,                     0,            0",
    "-1,                    -1,           999999999",
    "-1500000000,           -2,           500000000",
    "1500000000,            1,            500000000",
    "-9223372036854775808,  -9223372037,  145224192",
    "9223372036854775807,   9223372036,   854775807",
  })
  void toInstantSplitsIntoSecondsAndNanos(long nanos, long epochSecond, int nano) {
    assertThat(Timestamps.toInstant(nanos)).isEqualTo(Instant.ofEpochSecond(epochSecond, nano));
  }

  @ParameterizedTest(name = "[{index}] {0}s + {1}ns -> {2}")
  @CsvSource({
    "0,                  0,          0",
    "-1,                 999999999,  -1",
    "9223372036,         854775807,  9223372036854775807",
    "9223372036,         854775808,  9223372036854775807",
    "9223372037,         0,          9223372036854775807",
    "31556889864403199,  999999999,  9223372036854775807",
    "-9223372037,        145224192,  -9223372036854775808",
    "-9223372037,        145224191,  -9223372036854775808",
    "-9223372038,        0,          -9223372036854775808",
    "-31557014167219200, 0,          -9223372036854775808",
  })
  void toNanosSaturatesOutsideTheLongRange(long epochSecond, int nano, long expected) {
    assertThat(Timestamps.toNanos(Instant.ofEpochSecond(epochSecond, nano))).isEqualTo(expected);
  }

  /**
   * Times in the ~0.855 s between Long.MIN_VALUE and the first whole second above it
   * (-9223372036000000000) are representable, so they must not saturate.
   */
  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource({
    "-9223372036854775807",
    "-9223372036500000000",
    "-9223372036000000001",
  })
  void toNanosKeepsTimesJustAboveTheSmallestLong(long nanos) {
    assertThat(Timestamps.toNanos(Timestamps.toInstant(nanos))).isEqualTo(nanos);
  }

  @Property(tries = 1000)
  void formatParsesBackToTheSameNanos(@ForAll long nanos) {
    assertThat(Timestamps.toNanos(Instant.parse(Timestamps.format(nanos)))).isEqualTo(nanos);
  }

  @Property(tries = 1000)
  void toInstantIsExact(@ForAll long nanos) {
    Instant instant = Timestamps.toInstant(nanos);
    BigInteger total =
        BigInteger.valueOf(instant.getEpochSecond())
            .multiply(NANOS_PER_SECOND)
            .add(BigInteger.valueOf(instant.getNano()));
    assertThat(total).isEqualTo(BigInteger.valueOf(nanos));
  }
}
