package dev.loupe.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProtocolTest {
  @Test
  void parsesTheNamesInTheOrderGiven() {
    assertThat(Protocol.parseList("es-bulk, SYSLOG-TCP,kafka"))
        .containsExactly(Protocol.ES_BULK, Protocol.SYSLOG_TCP, Protocol.KAFKA);
  }

  @Test
  void refusesUnknownRepeatedAndMissingNames() {
    assertThatThrownBy(() -> Protocol.parseList("syslog-udp"))
        .hasMessage(
            "unknown protocol 'syslog-udp' in --protocols; known:"
                + " syslog-tcp,otlp-http,es-bulk,kafka");
    assertThatThrownBy(() -> Protocol.parseList("kafka,kafka"))
        .hasMessage("--protocols names kafka twice");
    assertThatThrownBy(() -> Protocol.parseList(" , "))
        .hasMessageStartingWith("--protocols is empty");
  }

  @Test
  void onlySyslogAndBulkHaveTheIssueTarget() {
    assertThat(Protocol.SYSLOG_TCP.target()).isEqualTo(Target.PROTOCOL_LINES_PER_SECOND);
    assertThat(Protocol.ES_BULK.target()).isEqualTo(Target.PROTOCOL_LINES_PER_SECOND);
    assertThat(Protocol.OTLP_HTTP.target()).isNull();
    assertThat(Protocol.KAFKA.target()).isNull();
    assertThat(Target.PROTOCOL_LINES_PER_SECOND.judge(199_999)).isEqualTo(Verdict.MISSED);
    assertThat(Target.PROTOCOL_LINES_PER_SECOND.judge(200_000)).isEqualTo(Verdict.MET);
  }
}
