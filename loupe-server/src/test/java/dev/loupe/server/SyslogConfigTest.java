package dev.loupe.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SyslogConfigTest {
  @Test
  void isOffByDefault() {
    SyslogConfig config = SyslogConfig.disabled();

    assertThat(config.tcpPort()).isEqualTo(SyslogConfig.OFF);
    assertThat(config.udpPort()).isEqualTo(SyslogConfig.OFF);
    assertThat(config.tlsPort()).isEqualTo(SyslogConfig.OFF);
    assertThat(config.maxConnections()).isEqualTo(512);
    assertThat(config.maxMessageBytes()).isEqualTo(65_536);
    assertThat(config.sockets())
        .isEqualTo(
            new SyslogSockets(
                32 << 10,
                4 << 20,
                java.time.Duration.ofSeconds(10),
                java.time.Duration.ofSeconds(5)));
  }

  @Test
  void withersChangeOneSettingEach() {
    Path certificate = Path.of("cert.pem");
    Path key = Path.of("key.pem");

    SyslogConfig config =
        SyslogConfig.disabled()
            .withTcpPort(514)
            .withUdpPort(0)
            .withTls(6514, certificate, key)
            .withMaxConnections(3)
            .withMaxMessageBytes(100)
            .withSockets(SyslogSockets.defaults().withReadBufferBytes(7));

    assertThat(config.tcpPort()).isEqualTo(514);
    assertThat(config.udpPort()).isZero();
    assertThat(config.tlsPort()).isEqualTo(6514);
    assertThat(config.tlsCertificate()).isEqualTo(certificate);
    assertThat(config.tlsKey()).isEqualTo(key);
    assertThat(config.maxConnections()).isEqualTo(3);
    assertThat(config.maxMessageBytes()).isEqualTo(100);
    assertThat(config.sockets().readBufferBytes()).isEqualTo(7);
    assertThat(config.withMaxConnections(4).sockets().readBufferBytes())
        .as("other withers keep the sockets")
        .isEqualTo(7);
  }

  @Test
  void refusesWhatCannotWork() {
    assertThatThrownBy(() -> SyslogConfig.disabled().withTcpPort(65536))
        .hasMessage("tcpPort out of range: 65536");
    assertThatThrownBy(() -> SyslogConfig.disabled().withUdpPort(-2))
        .hasMessage("udpPort out of range: -2");
    assertThatThrownBy(() -> SyslogConfig.disabled().withTls(6514, null, null))
        .hasMessageContaining("needs a certificate and a key");
    assertThatThrownBy(() -> SyslogConfig.disabled().withMaxConnections(0))
        .hasMessage("maxConnections must be positive: 0");
    assertThatThrownBy(() -> SyslogConfig.disabled().withMaxMessageBytes(0))
        .hasMessage("maxMessageBytes must be positive: 0");
  }
}
