package dev.loupe.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeTextTest {
  @Test
  void writesTheThreeStyles() {
    TimeText time = at("2026-11-02T07:08:09.123456789Z");

    assertThat(written(time::appendRfc3339Nanos)).isEqualTo("2026-11-02T07:08:09.123456789Z");
    assertThat(written(time::appendRfc3339Millis)).isEqualTo("2026-11-02T07:08:09.123Z");
    assertThat(written(time::appendApache)).isEqualTo("02/Nov/2026:07:08:09 +0000");
    assertThat(written(time::appendSyslog)).isEqualTo("Nov  2 07:08:09");
  }

  @Test
  void syslogDaysFromTenHaveNoPadding() {
    assertThat(written(at("2026-12-24T23:59:59Z")::appendSyslog)).isEqualTo("Dec 24 23:59:59");
  }

  @Test
  void followsTheTimeAcrossSeconds() {
    TimeText time = at("2026-11-22T10:00:59.999999999Z");
    time.set(nanos(Instant.parse("2026-11-22T10:01:00.000000001Z")));

    assertThat(written(time::appendRfc3339Nanos)).isEqualTo("2026-11-22T10:01:00.000000001Z");
  }

  private static TimeText at(String instant) {
    TimeText time = new TimeText();
    time.set(nanos(Instant.parse(instant)));
    return time;
  }

  private static long nanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }

  private static String written(java.util.function.Consumer<AsciiBuffer> writer) {
    AsciiBuffer buffer = new AsciiBuffer(8);
    writer.accept(buffer);
    return buffer.toString();
  }
}
