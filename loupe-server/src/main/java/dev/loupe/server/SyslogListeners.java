package dev.loupe.server;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * The syslog listeners a {@link SyslogConfig} turns on (TCP, TLS, UDP), started and stopped
 * together, so that {@link LoupeServer} wires them in one line. Thread-safe.
 */
final class SyslogListeners implements AutoCloseable {
  private final ListenerSyslogTcp tcp;
  private final ListenerSyslogTcp tls;
  private final ListenerSyslogUdp udp;

  private SyslogListeners(ListenerSyslogTcp tcp, ListenerSyslogTcp tls, ListenerSyslogUdp udp) {
    this.tcp = tcp;
    this.tls = tls;
    this.udp = udp;
  }

  /** Starts every listener that has a port; on a failure, stops those already started. */
  static SyslogListeners start(String host, SyslogIngest ingest) {
    requireNonNull(host, "host is null");
    SyslogConfig config = ingest.config();
    List<AutoCloseable> started = new ArrayList<>();
    try {
      ListenerSyslogTcp tcp = null;
      ListenerSyslogTcp tls = null;
      ListenerSyslogUdp udp = null;
      if (config.tcpPort() != SyslogConfig.OFF) {
        tcp = ListenerSyslogTcp.start(host, config.tcpPort(), null, ingest);
        started.add(tcp);
      }
      if (config.tlsPort() != SyslogConfig.OFF) {
        SSLContext context = PemSslContext.load(config.tlsCertificate(), config.tlsKey());
        tls = ListenerSyslogTcp.start(host, config.tlsPort(), context, ingest);
        started.add(tls);
      }
      if (config.udpPort() != SyslogConfig.OFF) {
        udp = ListenerSyslogUdp.start(host, config.udpPort(), ingest);
        started.add(udp);
      }
      return new SyslogListeners(tcp, tls, udp);
    } catch (RuntimeException failure) {
      for (AutoCloseable listener : started) {
        try {
          listener.close();
        } catch (Exception closeFailure) {
          failure.addSuppressed(closeFailure);
        }
      }
      throw failure;
    }
  }

  /** The bound TCP port, or {@link SyslogConfig#OFF}. */
  int tcpPort() {
    return tcp == null ? SyslogConfig.OFF : tcp.port();
  }

  /** The bound TLS port, or {@link SyslogConfig#OFF}. */
  int tlsPort() {
    return tls == null ? SyslogConfig.OFF : tls.port();
  }

  /** The bound UDP port, or {@link SyslogConfig#OFF}. */
  int udpPort() {
    return udp == null ? SyslogConfig.OFF : udp.port();
  }

  /** Stops every listener; each stores what it has read before this returns. */
  @Override
  public void close() {
    if (tcp != null) {
      tcp.close();
    }
    if (tls != null) {
      tls.close();
    }
    if (udp != null) {
      udp.close();
    }
  }
}
