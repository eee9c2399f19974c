package dev.loupe.server;

import static java.util.Objects.requireNonNull;

import dev.loupe.ingest.Limits;
import dev.loupe.ingest.decode.SyslogOptions;
import java.nio.file.Path;

/**
 * The syslog listeners of {@code loupe serve}: TCP, TCP with TLS and UDP, each on its own port or
 * off. They listen on the server's host.
 *
 * @param tcpPort plain TCP port (newline or octet-counted framing); {@link #OFF}, or 0 for a free
 *     port (tests)
 * @param udpPort UDP port, one message a datagram; {@link #OFF} or 0 as for TCP
 * @param tlsPort TCP with TLS (RFC 5425); {@link #OFF} or 0 as for TCP; needs the two PEM files
 * @param tlsCertificate PEM certificate chain, the server's first; null when TLS is off
 * @param tlsKey PEM PKCS #8 private key, unencrypted; null when TLS is off
 * @param maxConnections TCP and TLS connections at once, per listener; more are closed at once
 * @param maxMessageBytes longer messages are cut to this and marked {@code syslog.truncated}
 * @param options how messages become records (tenant, stream labels, RFC 3164 time zone)
 * @param sockets buffer sizes and timeouts of the listeners' sockets
 */
public record SyslogConfig(
    int tcpPort,
    int udpPort,
    int tlsPort,
    Path tlsCertificate,
    Path tlsKey,
    int maxConnections,
    int maxMessageBytes,
    SyslogOptions options,
    SyslogSockets sockets) {
  /** A port setting that turns its listener off. */
  public static final int OFF = -1;

  public SyslogConfig {
    checkPort(tcpPort, "tcpPort");
    checkPort(udpPort, "udpPort");
    checkPort(tlsPort, "tlsPort");
    requireNonNull(options, "options is null");
    requireNonNull(sockets, "sockets is null");
    if (tlsPort != OFF && (tlsCertificate == null || tlsKey == null)) {
      throw new IllegalArgumentException(
          "a syslog TLS port needs a certificate and a key (--syslog-tls-cert, --syslog-tls-key)");
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be positive: " + maxConnections);
    }
    if (maxMessageBytes < 1) {
      throw new IllegalArgumentException("maxMessageBytes must be positive: " + maxMessageBytes);
    }
  }

  /** With the default {@link SyslogSockets}. */
  public SyslogConfig(
      int tcpPort,
      int udpPort,
      int tlsPort,
      Path tlsCertificate,
      Path tlsKey,
      int maxConnections,
      int maxMessageBytes,
      SyslogOptions options) {
    this(
        tcpPort,
        udpPort,
        tlsPort,
        tlsCertificate,
        tlsKey,
        maxConnections,
        maxMessageBytes,
        options,
        SyslogSockets.defaults());
  }

  /** Every listener off, default limits and options. */
  public static SyslogConfig disabled() {
    return new SyslogConfig(
        OFF,
        OFF,
        OFF,
        null,
        null,
        ServerLimits.DEFAULT_SYSLOG_MAX_CONNECTIONS,
        Limits.DEFAULT_SYSLOG_MAX_MESSAGE_BYTES,
        SyslogOptions.defaults(),
        SyslogSockets.defaults());
  }

  public SyslogConfig withTcpPort(int port) {
    return new SyslogConfig(
        port,
        udpPort,
        tlsPort,
        tlsCertificate,
        tlsKey,
        maxConnections,
        maxMessageBytes,
        options,
        sockets);
  }

  public SyslogConfig withUdpPort(int port) {
    return new SyslogConfig(
        tcpPort,
        port,
        tlsPort,
        tlsCertificate,
        tlsKey,
        maxConnections,
        maxMessageBytes,
        options,
        sockets);
  }

  public SyslogConfig withTls(int port, Path certificate, Path key) {
    return new SyslogConfig(
        tcpPort,
        udpPort,
        port,
        certificate,
        key,
        maxConnections,
        maxMessageBytes,
        options,
        sockets);
  }

  public SyslogConfig withMaxConnections(int connections) {
    return new SyslogConfig(
        tcpPort,
        udpPort,
        tlsPort,
        tlsCertificate,
        tlsKey,
        connections,
        maxMessageBytes,
        options,
        sockets);
  }

  public SyslogConfig withMaxMessageBytes(int bytes) {
    return new SyslogConfig(
        tcpPort, udpPort, tlsPort, tlsCertificate, tlsKey, maxConnections, bytes, options, sockets);
  }

  public SyslogConfig withOptions(SyslogOptions newOptions) {
    return new SyslogConfig(
        tcpPort,
        udpPort,
        tlsPort,
        tlsCertificate,
        tlsKey,
        maxConnections,
        maxMessageBytes,
        newOptions,
        sockets);
  }

  public SyslogConfig withSockets(SyslogSockets newSockets) {
    return new SyslogConfig(
        tcpPort,
        udpPort,
        tlsPort,
        tlsCertificate,
        tlsKey,
        maxConnections,
        maxMessageBytes,
        options,
        newSockets);
  }

  private static void checkPort(int port, String name) {
    if (port != OFF && (port < 0 || port > 65535)) {
      throw new IllegalArgumentException(name + " out of range: " + port);
    }
  }
}
