package dev.loupe.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientSyslogTcpTest {
  private static final long TIME = 1_795_341_600_123_456_789L; // 2026-11-22T10:00:00.123456789Z

  @Test
  void writesAnRfc5424MessageWithMicroseconds() {
    ProtocolLine line = line("app-03", "sshd", "Nov 22 10:00:00 app-03 sshd[1]: Accepted key");

    assertThat(ClientSyslogTcp.message(line))
        .isEqualTo(
            "<134>1 2026-11-22T10:00:00.123456Z app-03 sshd - - -"
                + " Nov 22 10:00:00 app-03 sshd[1]: Accepted key");
  }

  @Test
  void framesCountOctetsNotCharacters() {
    ClientSyslogTcp client = new ClientSyslogTcp(5140);
    List<ProtocolLine> lines =
        List.of(line("h", "a", "first"), line("h", "a", "größe €"), line("h", "a", "last"));

    WireBatch batch = client.encode(lines);

    assertThat(batch.lines()).isEqualTo(3);
    assertThat(unframe(batch.body()))
        .containsExactly(
            ClientSyslogTcp.message(lines.get(0)),
            ClientSyslogTcp.message(lines.get(1)),
            ClientSyslogTcp.message(lines.get(2)));
  }

  @Test
  void headerFieldsArePrintableAndCutOrNil() {
    assertThat(ClientSyslogTcp.header("", 48)).isEqualTo("-");
    assertThat(ClientSyslogTcp.header("my app", 48)).isEqualTo("myapp");
    assertThat(ClientSyslogTcp.header("x".repeat(60), ClientSyslogTcp.MAX_APP_NAME)).hasSize(48);
  }

  @Test
  void turnsTheListenerOnAtItsPort() {
    assertThat(new ClientSyslogTcp(5140).serverArguments())
        .containsExactly("--syslog-tcp-port", "5140");
  }

  /** Reads octet-counted frames back: LEN SP MSG, LEN in bytes. */
  private static List<String> unframe(byte[] frames) {
    List<String> messages = new ArrayList<>();
    int position = 0;
    while (position < frames.length) {
      int space = position;
      while (frames[space] != ' ') {
        space++;
      }
      int length =
          Integer.parseInt(
              new String(frames, position, space - position, StandardCharsets.US_ASCII));
      messages.add(new String(frames, space + 1, length, StandardCharsets.UTF_8));
      position = space + 1 + length;
    }
    return messages;
  }

  private static ProtocolLine line(String host, String service, String message) {
    return new ProtocolLine(TIME, message, service, host, "syslog", "{}");
  }
}
