package dev.loupe.server;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How the syslog listeners use their sockets: buffer sizes and timeouts. Every field defaults to a
 * value of {@link ServerLimits}, which says why.
 *
 * @param readBufferBytes bytes read from a TCP (or TLS) connection at a time; each connection holds
 *     one buffer of this size
 * @param udpReceiveBufferBytes kernel receive buffer asked for the UDP socket ({@code SO_RCVBUF};
 *     Linux grants at most {@code net.core.rmem_max}): datagrams that arrive while a batch waits
 *     for its fsync queue here, and what does not fit is dropped
 * @param tlsHandshakeTimeout how long a TLS client may take to finish its handshake before its
 *     connection is closed
 * @param stopTimeout how long stopping the server waits for each listener to store what it has read
 */
public record SyslogSockets(
    int readBufferBytes,
    int udpReceiveBufferBytes,
    Duration tlsHandshakeTimeout,
    Duration stopTimeout) {
  public SyslogSockets {
    if (readBufferBytes < 1) {
      throw new IllegalArgumentException(
          "readBufferBytes must be positive (--syslog-read-buffer-kb): " + readBufferBytes);
    }
    if (udpReceiveBufferBytes < 1) {
      throw new IllegalArgumentException(
          "udpReceiveBufferBytes must be positive (--syslog-udp-receive-buffer-kb): "
              + udpReceiveBufferBytes);
    }
    requireNonNull(tlsHandshakeTimeout, "tlsHandshakeTimeout is null");
    requireNonNull(stopTimeout, "stopTimeout is null");
    if (tlsHandshakeTimeout.isNegative() || tlsHandshakeTimeout.isZero()) {
      // A socket timeout of 0 means none: a client that never finishes would hold its slot forever.
      throw new IllegalArgumentException(
          "tlsHandshakeTimeout must be positive (--syslog-tls-handshake-timeout): "
              + tlsHandshakeTimeout);
    }
    if (tlsHandshakeTimeout.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("tlsHandshakeTimeout is too long: " + tlsHandshakeTimeout);
    }
    if (stopTimeout.isNegative()) {
      throw new IllegalArgumentException(
          "stopTimeout must not be negative (--syslog-stop-timeout): " + stopTimeout);
    }
  }

  /** The defaults of {@link ServerLimits}. */
  public static SyslogSockets defaults() {
    return new SyslogSockets(
        ServerLimits.DEFAULT_SYSLOG_READ_BUFFER_BYTES,
        ServerLimits.DEFAULT_SYSLOG_UDP_RECEIVE_BUFFER_BYTES,
        ServerLimits.DEFAULT_SYSLOG_TLS_HANDSHAKE_TIMEOUT,
        ServerLimits.DEFAULT_SYSLOG_STOP_TIMEOUT);
  }

  public SyslogSockets withReadBufferBytes(int bytes) {
    return new SyslogSockets(bytes, udpReceiveBufferBytes, tlsHandshakeTimeout, stopTimeout);
  }

  public SyslogSockets withUdpReceiveBufferBytes(int bytes) {
    return new SyslogSockets(readBufferBytes, bytes, tlsHandshakeTimeout, stopTimeout);
  }

  public SyslogSockets withTlsHandshakeTimeout(Duration timeout) {
    return new SyslogSockets(readBufferBytes, udpReceiveBufferBytes, timeout, stopTimeout);
  }

  public SyslogSockets withStopTimeout(Duration timeout) {
    return new SyslogSockets(readBufferBytes, udpReceiveBufferBytes, tlsHandshakeTimeout, timeout);
  }
}
