package dev.loupe.cli.simulate;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * {@code --output syslog://HOST:PORT}: every line as an RFC 5424 message ({@link
 * Formats#syslog5424}) over one TCP connection, framed by octet counting (RFC 6587 §3.4.1: {@code
 * LENGTH SP MESSAGE}), so stack traces travel whole. Writes are buffered and flushed every flush
 * interval.
 *
 * <p>When the connection fails, it is opened again (after 250 ms, 500 ms, 1 s... up to {@code
 * retries} times) and the message is sent again; messages buffered but not yet flushed when a
 * connection breaks are lost, as plain TCP syslog has no acknowledgements. Not thread-safe.
 */
final class OutputSyslogTcp implements Output {
  private static final int BUFFER_BYTES = 1 << 16;
  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

  private final String host;
  private final int port;
  private final int retries;
  private final long firstBackoffNanos;
  private final long flushIntervalNanos;
  private final Formats formats = new Formats();
  private final StringBuilder message = new StringBuilder(1_024);
  private Socket socket;
  private OutputStream out;
  private long lines;
  private long bytes;
  private long reconnects;
  private long lastFlushNanos = Long.MIN_VALUE;

  OutputSyslogTcp(
      String host, int port, int retries, long firstBackoffNanos, long flushIntervalNanos)
      throws IOException {
    this.host = host;
    this.port = port;
    this.retries = retries;
    this.firstBackoffNanos = firstBackoffNanos;
    this.flushIntervalNanos = flushIntervalNanos;
    connect();
  }

  private void connect() throws IOException {
    Socket fresh = new Socket();
    try {
      fresh.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
    } catch (IOException refused) {
      fresh.close();
      throw new IOException(
          "cannot connect to syslog://"
              + host
              + ":"
              + port
              + " ("
              + refused.getMessage()
              + "); is a syslog receiver listening there over TCP?",
          refused);
    }
    socket = fresh;
    out = new BufferedOutputStream(fresh.getOutputStream(), BUFFER_BYTES);
  }

  @Override
  public void write(Line line) throws IOException {
    message.setLength(0);
    formats.syslog5424(message, line);
    byte[] text = message.toString().getBytes(StandardCharsets.UTF_8);
    byte[] length = (text.length + " ").getBytes(StandardCharsets.US_ASCII);
    for (int attempt = 0; ; attempt++) {
      try {
        out.write(length);
        out.write(text);
        break;
      } catch (IOException broken) {
        if (attempt >= retries) {
          throw new IOException(
              "syslog://"
                  + host
                  + ":"
                  + port
                  + " failed after "
                  + (retries + 1)
                  + " attempts: "
                  + broken.getMessage(),
              broken);
        }
        reconnect(attempt);
      }
    }
    lines++;
    bytes += length.length + text.length;
  }

  private void reconnect(int attempt) throws IOException {
    closeQuietly();
    long backoff = firstBackoffNanos << Math.min(attempt, 5);
    try {
      Thread.sleep(backoff / 1_000_000, (int) (backoff % 1_000_000));
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reconnecting to syslog");
    }
    reconnects++;
    try {
      connect();
    } catch (IOException stillDown) {
      out = OutputStream.nullOutputStream(); // the next attempt fails fast and tries again
      throw stillDown;
    }
  }

  @Override
  public void tick(long wallNanos) throws IOException {
    if (lastFlushNanos == Long.MIN_VALUE) {
      lastFlushNanos = wallNanos;
    }
    if (wallNanos - lastFlushNanos >= flushIntervalNanos) {
      out.flush();
      lastFlushNanos = wallNanos;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      out.flush();
    } finally {
      closeQuietly();
    }
  }

  private void closeQuietly() {
    try {
      if (socket != null) {
        socket.close();
      }
    } catch (IOException alreadyBroken) {
      // the socket is being replaced or the run is over: nothing more can be sent on it
    }
  }

  @Override
  public String summary() {
    return String.format(
        Locale.ROOT,
        "syslog://%s:%d (TCP, RFC 5424, octet counting): %,d messages, %,d bytes, %d reconnects",
        host,
        port,
        lines,
        bytes,
        reconnects);
  }
}
