package dev.loupe.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 5424 over UDP, read back by a receiver on a loopback socket. */
class OutputSyslogUdpTest {
  @Test
  void eachLineIsOneDatagramAndLongOnesAreCut() throws Exception {
    List<Line> lines = Simulated.lines(9, 300, "error-burst:service=catalog,at=0,for=1m");
    int maxBytes = 600;
    List<String> received = new ArrayList<>();
    try (DatagramSocket receiver = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      receiver.setReceiveBufferSize(4 << 20);
      receiver.setSoTimeout(10_000);
      OutputSyslogUdp output = new OutputSyslogUdp("127.0.0.1", receiver.getLocalPort(), maxBytes);
      byte[] buffer = new byte[65_536];
      for (Line line : lines) {
        output.write(line);
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        receiver.receive(packet);
        received.add(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8));
      }
      output.close();
      long cut = received.stream().filter(message -> message.length() == maxBytes).count();
      assertThat(cut).isPositive();
      assertThat(output.summary()).contains("300 datagrams, " + cut + " cut at 600 bytes");
    }

    for (int index = 0; index < lines.size(); index++) {
      String message = received.get(index);
      Line line = lines.get(index);
      assertThat(message)
          .startsWith("<")
          .contains(">1 2026-11-21T10:")
          .contains(" " + line.host() + " ");
      if (message.length() < maxBytes) {
        assertThat(message).endsWith(line.content());
      } else {
        assertThat(line.content()).contains("\n\tat ");
      }
    }
  }
}
