package dev.loupe.server;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives syslog over UDP (RFC 5426): one datagram is one message. One thread receives: it waits
 * for a datagram, then takes every datagram already queued (up to a batch) without waiting, and
 * hands them to storage as one batch. UDP has no flow control and no acknowledgement, so while a
 * batch waits for its fsync the next ones queue in the socket's receive buffer ({@link
 * SyslogSockets#udpReceiveBufferBytes()}); what overflows it is dropped by the kernel, as with
 * every UDP syslog receiver. Use TCP where every line counts.
 *
 * <p>No datagram stops the listener: bad ones become plain-text records, long ones are cut to the
 * message limit, a storage refusal drops that batch (logged, counted as rejected) and receiving
 * goes on. {@link #close} stores what was received before returning. Thread-safe.
 */
final class ListenerSyslogUdp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ListenerSyslogUdp.class);

  private final DatagramChannel channel;
  private final SyslogIngest ingest;
  private final Thread receiver;
  private long failures;

  private ListenerSyslogUdp(DatagramChannel channel, SyslogIngest ingest) {
    this.channel = channel;
    this.ingest = ingest;
    this.receiver =
        Thread.ofPlatform().daemon().name("loupe-syslog-udp").unstarted(this::receiveLoop);
  }

  /**
   * Binds {@code host:port} (0: a free port) and starts receiving.
   *
   * @throws LoupeException when the port cannot be bound, saying how to fix it
   */
  static ListenerSyslogUdp start(String host, int port, SyslogIngest ingest) {
    requireNonNull(ingest, "ingest is null");
    DatagramChannel channel = null;
    try {
      channel = DatagramChannel.open();
      channel.setOption(
          StandardSocketOptions.SO_RCVBUF, ingest.config().sockets().udpReceiveBufferBytes());
      channel.bind(new InetSocketAddress(InetAddress.getByName(host), port));
    } catch (IOException failure) {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException closeFailure) {
          failure.addSuppressed(closeFailure);
        }
      }
      throw new LoupeException(
          ErrorCode.UNAVAILABLE,
          "cannot listen for syslog over udp on "
              + host
              + ":"
              + port
              + ": "
              + failure.getMessage()
              + "; choose another --syslog-udp-port (ports below 1024 need root or"
              + " CAP_NET_BIND_SERVICE)",
          failure);
    }
    ListenerSyslogUdp listener = new ListenerSyslogUdp(channel, ingest);
    listener.receiver.start();
    LOG.info("syslog listening transport=udp address={}:{}", host, listener.port());
    return listener;
  }

  /** The bound port. */
  int port() {
    try {
      return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    } catch (IOException closed) {
      throw new IllegalStateException("the syslog udp listener is closed", closed);
    }
  }

  private void receiveLoop() {
    SyslogBatch batch = ingest.newBatch("udp");
    ByteBuffer datagram = ByteBuffer.allocate(ServerLimits.SYSLOG_UDP_DATAGRAM_BYTES);
    try {
      while (true) {
        channel.configureBlocking(true);
        receive(datagram, batch);
        channel.configureBlocking(false);
        boolean more = true;
        while (more) {
          // Take what is already queued into the same batch, which hands itself on when full.
          more = receive(datagram, batch);
        }
        store(batch);
      }
    } catch (ClosedChannelException closed) {
      // close() was called (AsynchronousCloseException is one): store what was received.
      store(batch);
    } catch (IOException | RuntimeException failure) {
      LOG.error("syslog udp listener failed; udp syslog is no longer received", failure);
      store(batch);
    }
  }

  /** Receives one datagram into the batch; false when none was waiting (non-blocking mode). */
  private boolean receive(ByteBuffer datagram, SyslogBatch batch) throws IOException {
    datagram.clear();
    if (channel.receive(datagram) == null) {
      return false;
    }
    int length = datagram.position();
    if (length == 0) {
      return true;
    }
    int kept = Math.min(length, ingest.config().maxMessageBytes());
    batch.startRead();
    batch.frame(datagram.array(), 0, kept, length);
    return true;
  }

  private void store(SyslogBatch batch) {
    int pending = batch.pending();
    try {
      batch.flush();
    } catch (RuntimeException refused) {
      failures++;
      if (failures % ServerLimits.SYSLOG_FAILURE_LOG_EVERY == 1) {
        LOG.warn(
            "syslog udp messages not stored messages={} failuresSoFar={} reason=\"{}\"",
            pending,
            failures,
            refused.getMessage());
      }
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException failure) {
      LOG.warn("closing the syslog udp socket failed: {}", failure.toString());
    }
    try {
      receiver.join(Math.max(1, ingest.config().sockets().stopTimeout().toMillis()));
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
    LOG.info("syslog stopped transport=udp");
  }
}
