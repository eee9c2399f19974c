package dev.loupe.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimeParserTest {
  private static final long RECEIVED = 42L;

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          2024-05-01T12:00:00Z                    | 2024-05-01T12:00:00Z
          2024-05-01T12:00:00.1Z                  | 2024-05-01T12:00:00.100Z
          2024-05-01T12:00:00.123456789Z          | 2024-05-01T12:00:00.123456789Z
          2024-05-01T12:00:00.1234567891234Z      | 2024-05-01T12:00:00.123456789Z
          2024-05-01T12:00:00.000000001Z          | 2024-05-01T12:00:00.000000001Z
          2024-05-01T14:00:00+02:00               | 2024-05-01T12:00:00Z
          2024-05-01T06:30:00.5-05:30             | 2024-05-01T12:00:00.5Z
          2024-05-01T14:00:00+0200                | 2024-05-01T12:00:00Z
          2024-05-01T14:00:00+02                  | 2024-05-01T12:00:00Z
          2024-05-01T12:00:00-00:00               | 2024-05-01T12:00:00Z
          2024-05-01t12:00:00z                    | 2024-05-01T12:00:00Z
          2024-05-01 12:00:00Z                    | 2024-05-01T12:00:00Z
          2024-05-01T12:00:00,250Z                | 2024-05-01T12:00:00.25Z
          2024-05-01T12:00:00                     | 2024-05-01T12:00:00Z
          2024-05-01T12:00:00.75                  | 2024-05-01T12:00:00.75Z
          2016-12-31T23:59:60Z                    | 2016-12-31T23:59:59Z
          2024-02-29T00:00:00Z                    | 2024-02-29T00:00:00Z
          2000-02-29T00:00:00Z                    | 2000-02-29T00:00:00Z
          1970-01-01T00:00:00.000000001Z          | 1970-01-01T00:00:00.000000001Z
          1969-12-31T23:59:59.5Z                  | 1969-12-31T23:59:59.5Z
          1678-01-01T00:00:00Z                    | 1678-01-01T00:00:00Z
          2262-04-11T23:47:16.854775807Z          | 2262-04-11T23:47:16.854775807Z
          """)
  void readsRfc3339(String text, String expected) {
    assertThat(TimeParser.parse(text, RECEIVED)).isEqualTo(nanos(expected));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          1714564800                  | 2024-05-01T12:00:00Z
          1714564800123               | 2024-05-01T12:00:00.123Z
          1714564800123456            | 2024-05-01T12:00:00.123456Z
          1714564800123456789         | 2024-05-01T12:00:00.123456789Z
          1714564800.5                | 2024-05-01T12:00:00.5Z
          1714564800.123456789999     | 2024-05-01T12:00:00.123456789Z
          1714564800123.456           | 2024-05-01T12:00:00.123456Z
          1714564800123456.789        | 2024-05-01T12:00:00.123456789Z
          1714564800123456789.9       | 2024-05-01T12:00:00.123456789Z
          0001714564800               | 2024-05-01T12:00:00Z
          9999999999                  | INVALID
          9223372036                  | 2262-04-11T23:47:16Z
          9223372036854               | 2262-04-11T23:47:16.854Z
          1                           | 1970-01-01T00:00:01Z
          -1.5                        | 1969-12-31T23:59:58.5Z
          -1714564800                 | 1915-09-02T12:00:00Z
          1.7145648E9                 | 2024-05-01T12:00:00Z
          1.714564800123e12           | 2024-05-01T12:00:00.123Z
          17145648001234567e2         | 2024-05-01T12:00:00.1234567Z
          -1e0                        | 1969-12-31T23:59:59Z
          """)
  void readsUnixTimeChoosingTheUnitByMagnitude(String text, String expected) {
    long expectedNanos = expected.equals("INVALID") ? TimeParser.INVALID : nanos(expected);

    assertThat(TimeParser.parse(text, RECEIVED)).isEqualTo(expectedNanos);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"", "0"})
  void emptyAndZeroMeanReceiveTime(String text) {
    assertThat(TimeParser.parse(text, RECEIVED)).isEqualTo(RECEIVED);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(
      strings = {
        "yesterday",
        "true",
        "[1]",
        "2024-13-01T00:00:00Z",
        "2024-00-01T00:00:00Z",
        "2024-02-30T00:00:00Z",
        "2023-02-29T00:00:00Z",
        "1900-02-29T00:00:00Z",
        "2024-04-31T00:00:00Z",
        "2024-05-01T24:00:00Z",
        "2024-05-01T12:60:00Z",
        "2024-05-01T12:00:61Z",
        "2024-05-01T12:00Z",
        "2024-05-01",
        "2024-05-01X12:00:00Z",
        "2024/05/01T12:00:00Z",
        "2024-05-01T12:00:00.Z",
        "2024-05-01T12:00:00.5.5Z",
        "2024-05-01T12:00:00+2",
        "2024-05-01T12:00:00+02:",
        "2024-05-01T12:00:00+24:00",
        "2024-05-01T12:00:00+02:60",
        "2024-05-01T12:00:00+02:00:00",
        "2024-05-01T12:00:00Zjunk",
        "2024-05-01T12:00:00 ",
        "1677-01-01T00:00:00Z",
        "2262-04-11T23:47:16.854775808Z",
        "9999-12-31T23:59:59Z",
        "12ab",
        "1.",
        ".5",
        "-",
        "--1",
        "+1",
        "1.2.3",
        " 1714564800",
        "1714564800 ",
        "1e",
        "1e999999999999",
        "NaN",
        "99999999999999999999",
        "9223372037",
        "9223372036854775808",
        "1e19"
      })
  void rejectsEverythingElse(String text) {
    assertThat(TimeParser.parse(text, RECEIVED)).isEqualTo(TimeParser.INVALID);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          10/Oct/2000:13:55:36 -0700   | 2000-10-10T20:55:36Z
          01/Jan/2024:00:00:00 +0000   | 2024-01-01T00:00:00Z
          29/feb/2024:23:59:59 +0530   | 2024-02-29T18:29:59Z
          31/DEC/1999:23:59:60 -0000   | 1999-12-31T23:59:59Z
          """)
  void readsCommonLogFormatTimes(String text, String expected) {
    assertThat(TimeParser.parseCommonLog(text)).isEqualTo(nanos(expected));
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(
      strings = {
        "",
        "10/Oct/2000:13:55:36",
        "10/Oct/2000:13:55:36 -07:00",
        "10/Foo/2000:13:55:36 -0700",
        "30/Feb/2024:00:00:00 +0000",
        "10-Oct-2000:13:55:36 -0700",
        "10/Oct/2000 13:55:36 -0700",
        "10/Oct/2000:24:00:00 -0700",
        "10/Oct/2000:13:55:36 Z0700",
        "1x/Oct/2000:13:55:36 -0700",
        "10/Oct/2000:13:55:36 -2400",
      })
  void rejectsOtherCommonLogTimes(String text) {
    assertThat(TimeParser.parseCommonLog(text)).isEqualTo(TimeParser.INVALID);
  }

  @Property
  void readsEveryCommonLogTimeJavaTimeWrites(
      @ForAll @LongRange(min = -5_000_000_000L, max = 9_000_000_000L) long epochSecond,
      @ForAll @IntRange(min = -18 * 60, max = 18 * 60) int offsetMinutes) {
    // Apache's offsets are whole minutes within a day.
    if (Math.abs(offsetMinutes) >= 24 * 60) {
      return;
    }
    ZoneOffset offset = ZoneOffset.ofTotalSeconds(offsetMinutes * 60);
    OffsetDateTime time = Instant.ofEpochSecond(epochSecond).atOffset(offset);
    if (time.getYear() < 1000 || time.getYear() > 2261) {
      return;
    }
    String text =
        DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss xx", Locale.ENGLISH).format(time);

    assertThat(TimeParser.parseCommonLog(text)).as(text).isEqualTo(epochSecond * 1_000_000_000L);
  }

  @Property
  void readsEveryRfc3339InstantJavaTimeWrites(
      @ForAll @LongRange(min = -9_200_000_000L, max = 9_200_000_000L) long epochSeconds,
      @ForAll @IntRange(min = 0, max = 999_999_999) int nanoOfSecond,
      @ForAll @IntRange(min = -18 * 60, max = 18 * 60) int offsetMinutes,
      @ForAll @IntRange(min = 0, max = 9) int fractionDigits) {
    long hiddenDigitsUnit = 1;
    for (int hidden = fractionDigits; hidden < 9; hidden++) {
      hiddenDigitsUnit *= 10;
    }
    Instant instant =
        Instant.ofEpochSecond(epochSeconds, nanoOfSecond - nanoOfSecond % hiddenDigitsUnit);
    ZoneOffset offset = ZoneOffset.ofTotalSeconds(offsetMinutes * 60);
    String pattern =
        "yyyy-MM-dd'T'HH:mm:ss"
            + (fractionDigits > 0 ? "." + "S".repeat(fractionDigits) : "")
            + "xxx";
    String text =
        OffsetDateTime.ofInstant(instant, offset).format(DateTimeFormatter.ofPattern(pattern));

    assertThat(TimeParser.parse(text, RECEIVED)).as(text).isEqualTo(nanos(instant));
  }

  @Property
  void readsUnixTimeInEveryUnitToItsPrecision(
      @ForAll @LongRange(min = 0, max = 9_000_000_000_000_000_000L) long nanos) {
    // Times before 1970-04-27 in ms are read as seconds: by design, tested above.
    long seconds = nanos / 1_000_000_000L;
    if (seconds < 10_000_000L) {
      return;
    }
    assertThat(TimeParser.parse(Long.toString(nanos), RECEIVED)).isEqualTo(nanos);
    assertThat(TimeParser.parse(Long.toString(nanos / 1000), RECEIVED))
        .isEqualTo(nanos / 1000 * 1000);
    assertThat(TimeParser.parse(Long.toString(nanos / 1_000_000), RECEIVED))
        .isEqualTo(nanos / 1_000_000 * 1_000_000);
    assertThat(TimeParser.parse(Long.toString(seconds), RECEIVED))
        .isEqualTo(seconds * 1_000_000_000L);
    String fractional = seconds + "." + String.format(Locale.ROOT, "%09d", nanos % 1_000_000_000L);
    assertThat(TimeParser.parse(fractional, RECEIVED)).as(fractional).isEqualTo(nanos);
  }

  @Property
  void daysFromCivilAgreesWithJavaTime(@ForAll @IntRange(min = 0, max = 3_652_058) int dayIndex) {
    LocalDate date = LocalDate.of(0, 1, 1).plusDays(dayIndex);

    assertThat(TimeParser.daysFromCivil(date.getYear(), date.getMonthValue(), date.getDayOfMonth()))
        .isEqualTo(date.toEpochDay());
  }

  private static long nanos(String instant) {
    return nanos(Instant.parse(instant));
  }

  private static long nanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }
}
