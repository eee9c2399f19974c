package dev.loupe.cli.simulate;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * {@code --output syslog+udp://HOST:PORT}: every line as an RFC 5424 message in its own datagram
 * (RFC 5426). A message longer than {@code maxBytes} is cut there (RFC 5426 §3.2 lets a sender
 * truncate): long stack traces lose their tail, which is why TCP is the better choice for them. UDP
 * gives no sign of loss; the summary counts what was sent and cut. Not thread-safe.
 */
final class OutputSyslogUdp implements Output {
  private final String host;
  private final int port;
  private final int maxBytes;
  private final DatagramSocket socket;
  private final InetSocketAddress target;
  private final Formats formats = new Formats();
  private final StringBuilder message = new StringBuilder(1_024);
  private long lines;
  private long truncated;

  OutputSyslogUdp(String host, int port, int maxBytes) throws IOException {
    if (maxBytes < 480) {
      throw new IllegalArgumentException(
          "--udp-max-bytes must be at least 480, the size every receiver must take (RFC 5426)");
    }
    this.host = host;
    this.port = port;
    this.maxBytes = maxBytes;
    this.target = new InetSocketAddress(host, port);
    if (target.isUnresolved()) {
      throw new IOException("cannot resolve the syslog host " + host);
    }
    this.socket = new DatagramSocket();
  }

  @Override
  public void write(Line line) throws IOException {
    message.setLength(0);
    formats.syslog5424(message, line);
    byte[] text = message.toString().getBytes(StandardCharsets.UTF_8);
    int length = text.length;
    if (length > maxBytes) {
      length = maxBytes;
      truncated++;
    }
    socket.send(new DatagramPacket(text, length, target));
    lines++;
  }

  @Override
  public void tick(long wallNanos) {
    // every datagram is sent as it is written: nothing waits
  }

  @Override
  public void close() {
    socket.close();
  }

  @Override
  public String summary() {
    return String.format(
        Locale.ROOT,
        "syslog+udp://%s:%d (RFC 5424): %,d datagrams, %,d cut at %d bytes",
        host,
        port,
        lines,
        truncated,
        maxBytes);
  }
}
