package dev.loupe.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Syslog over UDP from the real util-linux logger and from raw datagrams, into a real server. */
class ListenerSyslogUdpTest {
  @TempDir Path directory;
  private SyslogTestServer loupe;

  @AfterEach
  void stop() {
    if (loupe != null) {
      loupe.close();
    }
  }

  private int port() {
    return loupe.server().syslogUdpPort();
  }

  @Test
  void rfc5424AndRfc3164FromLogger() throws Exception {
    loupe = new SyslogTestServer(directory).start(SyslogTestServer.plainListeners());

    loupe.logger(
        "-P",
        "" + port(),
        "-d",
        "--rfc5424",
        "-t",
        "udp5424",
        "-p",
        "mail.crit",
        "--sd-id",
        "meta",
        "--sd-param",
        "sequenceId=\"7\"",
        "five four two four");
    loupe.logger("-P", "" + port(), "-d", "--rfc3164", "-t", "udp3164", "-i", "three one six four");

    assertThat(loupe.awaitRows("appname:udp5424", 1).getFirst())
        .containsEntry("_msg", "five four two four")
        .containsEntry("facility", "mail")
        .containsEntry("severity", "crit")
        .containsEntry("level", "fatal")
        .containsEntry("sd.meta.sequenceId", "7")
        .containsEntry("host", SyslogTestServer.hostName());
    Map<String, String> bsd = loupe.awaitRows("appname:udp3164", 1).getFirst();
    assertThat(bsd)
        .containsEntry("_msg", "three one six four")
        .containsEntry("facility", "user")
        .containsEntry("severity", "notice")
        .containsKey("procid");
    assertThat(bsd.get("_stream")).contains("appname=\"udp3164\"", "source=\"syslog\"");
  }

  @Test
  void badAndOversizedDatagramsAreKeptAndTheListenerGoesOn() throws Exception {
    loupe =
        new SyslogTestServer(directory)
            .start(SyslogTestServer.plainListeners().withMaxMessageBytes(100));
    String big = "<13>1 - h big - - - " + "y".repeat(5000);
    try (DatagramSocket socket = new DatagramSocket()) {
      send(socket, "complete garbage");
      send(socket, "");
      send(socket, big);
      send(socket, "<13>1 - h fine - - - fine\n");
    }

    assertThat(loupe.awaitRows("appname:fine", 1).getFirst()).containsEntry("_msg", "fine");
    Map<String, String> cut = loupe.awaitRows("appname:big", 1).getFirst();
    assertThat(cut.get("syslog.truncated")).isEqualTo("" + big.length());
    assertThat(cut.get("_msg")).isEqualTo("y".repeat(100 - "<13>1 - h big - - - ".length()));
    assertThat(loupe.awaitRows("syslog.error:*", 1).getFirst())
        .containsEntry("_msg", "complete garbage");
    assertThat(loupe.metric("loupe_syslog_messages_malformed_total")).isEqualTo(1);
    assertThat(loupe.awaitMetric("loupe_syslog_messages_accepted_total", 3)).isEqualTo(3);
  }

  private void send(DatagramSocket socket, String message) throws Exception {
    byte[] bytes = message.getBytes(UTF_8);
    socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port()));
  }
}
