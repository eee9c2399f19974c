package dev.loupe.cli.bench;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Syslog over TCP as rsyslog and syslog-ng forward it: RFC 5424 messages in RFC 6587 octet-counting
 * frames ({@code LEN SP MSG}, no newline), one TCP connection a sending thread. Each data set line
 * becomes {@code <134>1 TIME HOST APP - - - MESSAGE}: facility local0, severity informational, the
 * line's time in UTC with microseconds (RFC 5424's finest), its host and service as HOSTNAME and
 * APP-NAME, and the raw line as MSG.
 *
 * <p>Syslog over TCP has no acknowledgement: a batch counts as sent once written and flushed to the
 * socket, and the bench's visible figure (every line countable) is the one that means stored.
 */
final class ClientSyslogTcp implements ProtocolClient {
  /** local0 (16) × 8 + informational (6). */
  static final int PRIORITY = 134;

  /** RFC 5424 §6.2.5: APP-NAME is at most 48 printable ASCII characters. */
  static final int MAX_APP_NAME = 48;

  /** RFC 5424 §6.2.4: HOSTNAME is at most 255 printable ASCII characters. */
  static final int MAX_HOST_NAME = 255;

  /** Socket write buffer: a batch of frames goes out in few system calls. */
  private static final int WRITE_BUFFER_BYTES = 1 << 16;

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private final int syslogPort;

  /**
   * @param syslogPort the port {@code loupe serve --syslog-tcp-port} listens on
   */
  ClientSyslogTcp(int syslogPort) {
    this.syslogPort = syslogPort;
  }

  @Override
  public List<String> serverArguments() {
    return List.of("--syslog-tcp-port", Integer.toString(syslogPort));
  }

  @Override
  public WireBatch encode(List<ProtocolLine> lines) {
    ByteArrayOutputStream frames = new ByteArrayOutputStream(lines.size() * 300);
    for (ProtocolLine line : lines) {
      byte[] message = message(line).getBytes(StandardCharsets.UTF_8);
      frames.writeBytes(
          (message.length + " ").getBytes(StandardCharsets.US_ASCII)); // RFC 6587 §3.4.1
      frames.writeBytes(message);
    }
    return WireBatch.of(frames.toByteArray(), lines.size());
  }

  /** The RFC 5424 message of a line, without its frame. */
  static String message(ProtocolLine line) {
    Instant time = Instant.ofEpochSecond(0, line.timeNanos());
    return "<"
        + PRIORITY
        + ">1 "
        + TIMESTAMP.format(time)
        + ' '
        + header(line.host(), MAX_HOST_NAME)
        + ' '
        + header(line.service(), MAX_APP_NAME)
        + " - - - "
        + line.message();
  }

  /** A header field: printable ASCII without spaces, cut to its length; "-" (nil) when empty. */
  static String header(String value, int maxLength) {
    StringBuilder printable = new StringBuilder(Math.min(value.length(), maxLength));
    for (int index = 0; index < value.length() && printable.length() < maxLength; index++) {
      char character = value.charAt(index);
      if (character > ' ' && character < 127) {
        printable.append(character);
      }
    }
    return printable.isEmpty() ? "-" : printable.toString();
  }

  @Override
  public Sender connect(int httpPort) throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), syslogPort);
    socket.setTcpNoDelay(true);
    OutputStream output = new BufferedOutputStream(socket.getOutputStream(), WRITE_BUFFER_BYTES);
    return new Sender() {
      @Override
      public long send(WireBatch batch) throws IOException {
        output.write(batch.body());
        output.flush();
        return batch.lines();
      }

      @Override
      public void close() throws IOException {
        try (socket) {
          output.flush();
        }
      }
    };
  }
}
