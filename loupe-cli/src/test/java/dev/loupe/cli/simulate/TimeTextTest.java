package dev.loupe.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeTextTest {
  private static String all(Instant instant) {
    TimeText time = new TimeText().set(Simulation.nanos(instant));
    StringBuilder out = new StringBuilder();
    time.appendRfc3339Micros(out);
    out.append(" | ");
    time.appendRfc3339Millis(out);
    out.append(" | ");
    time.appendApache(out);
    out.append(" | ");
    time.appendSyslog(out);
    return out.toString();
  }

  @Test
  void writesEveryStyle() {
    assertThat(all(Instant.parse("2026-11-21T10:00:05.123456789Z")))
        .isEqualTo(
            "2026-11-21T10:00:05.123456Z | 2026-11-21T10:00:05.123Z | 21/Nov/2026:10:00:05 +0000 | Nov 21 10:00:05");
    assertThat(all(Instant.parse("2027-01-02T03:04:05Z")))
        .isEqualTo(
            "2027-01-02T03:04:05.000000Z | 2027-01-02T03:04:05.000Z | 02/Jan/2027:03:04:05 +0000 | Jan  2 03:04:05");
  }

  @Test
  void theCachedSecondChangesWithTheTime() {
    TimeText time = new TimeText();
    StringBuilder out = new StringBuilder();
    time.set(Simulation.nanos(Instant.parse("2026-11-21T23:59:59.999Z"))).appendRfc3339Millis(out);
    time.set(Simulation.nanos(Instant.parse("2026-11-22T00:00:00Z")))
        .appendRfc3339Millis(out.append(' '));
    assertThat(out).hasToString("2026-11-21T23:59:59.999Z 2026-11-22T00:00:00.000Z");
  }
}
