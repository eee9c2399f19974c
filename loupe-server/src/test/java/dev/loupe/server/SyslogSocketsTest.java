package dev.loupe.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SyslogSocketsTest {
  @Test
  void defaultsAreTheDocumentedOnes() {
    SyslogSockets defaults = SyslogSockets.defaults();

    assertThat(defaults.readBufferBytes()).isEqualTo(32 * 1024);
    assertThat(defaults.udpReceiveBufferBytes()).isEqualTo(4 * 1024 * 1024);
    assertThat(defaults.tlsHandshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(defaults.stopTimeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void withersChangeOneSettingEach() {
    SyslogSockets changed =
        SyslogSockets.defaults()
            .withReadBufferBytes(1)
            .withUdpReceiveBufferBytes(2)
            .withTlsHandshakeTimeout(Duration.ofMillis(3))
            .withStopTimeout(Duration.ZERO);

    assertThat(changed).isEqualTo(new SyslogSockets(1, 2, Duration.ofMillis(3), Duration.ZERO));
  }

  @Test
  void refusesWhatCannotWorkNamingTheFlag() {
    SyslogSockets defaults = SyslogSockets.defaults();

    assertThatThrownBy(() -> defaults.withReadBufferBytes(0))
        .hasMessage("readBufferBytes must be positive (--syslog-read-buffer-kb): 0");
    assertThatThrownBy(() -> defaults.withUdpReceiveBufferBytes(-1))
        .hasMessageContaining("--syslog-udp-receive-buffer-kb");
    assertThatThrownBy(() -> defaults.withTlsHandshakeTimeout(Duration.ZERO))
        .as("a socket timeout of zero would mean none")
        .hasMessageContaining("--syslog-tls-handshake-timeout");
    assertThatThrownBy(() -> defaults.withTlsHandshakeTimeout(Duration.ofDays(30)))
        .hasMessageContaining("too long");
    assertThatThrownBy(() -> defaults.withStopTimeout(Duration.ofSeconds(-1)))
        .hasMessageContaining("--syslog-stop-timeout");
  }
}
