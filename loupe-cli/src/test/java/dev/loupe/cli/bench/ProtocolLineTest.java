package dev.loupe.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProtocolLineTest {
  @Test
  void readsTheTimeTheStreamFieldsAndKeepsTheRawLineAsMessage() {
    String ndjson =
        "{\"_time\":\"2026-11-22T10:00:00.123456789Z\",\"_msg\":\"sshd: hi\",\"service\":\"sshd\","
            + "\"host\":\"app-03\",\"source\":\"syslog\",\"pid\":\"7\"}";

    ProtocolLine line = ProtocolLine.parse(ndjson, "Nov 22 10:00:00 app-03 sshd: hi");

    assertThat(line.timeNanos()).isEqualTo(1_795_341_600_123_456_789L);
    assertThat(line.message()).isEqualTo("Nov 22 10:00:00 app-03 sshd: hi");
    assertThat(line.service()).isEqualTo("sshd");
    assertThat(line.host()).isEqualTo("app-03");
    assertThat(line.source()).isEqualTo("syslog");
    assertThat(line.ndjson()).isEqualTo(ndjson);
  }

  @Test
  void applicationLinesCarryTheirTimeInTs() {
    String app = "{\"ts\":\"2026-11-22T10:00:00.5Z\",\"service\":\"cart\",\"msg\":\"ok\"}";

    ProtocolLine line = ProtocolLine.parse(app, app);

    assertThat(line.timeNanos()).isEqualTo(1_795_341_600_500_000_000L);
    assertThat(line.host()).isEmpty();
  }

  @Test
  void aLineWithoutTimeSaysSo() {
    assertThatThrownBy(() -> ProtocolLine.parse("{\"msg\":\"x\"}", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("without _time or ts");
  }
}
