package dev.loupe.server;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import dev.loupe.ingest.decode.SyslogFramer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives syslog over TCP (RFC 6587), optionally inside TLS (RFC 5425): one platform thread
 * accepts, one virtual thread per connection reads. Each connection frames its stream with a {@link
 * SyslogFramer} (newline or octet-counted framing, told apart per frame) and stores what it reads
 * through a {@link SyslogBatch}, one batch per burst of reads.
 *
 * <p>Failures stay with their connection: garbage becomes plain-text records, a frame over the size
 * limit is cut, a client that disconnects mid-frame loses only that frame, a failed TLS handshake
 * or a reset ends only that connection; the accept loop goes on. Beyond {@link
 * SyslogConfig#maxConnections()} connections, a new one is closed at once (counted in {@code
 * /metrics}). A storage refusal (disk full) closes the connection: its sender notices and queues
 * (rsyslog and syslog-ng retry), which is the only back-pressure syslog has.
 *
 * <p>{@link #close} stops accepting, then shuts the input of every connection, so each one frames
 * what it has read, hands its last batch to storage and ends; only an unfinished frame is dropped.
 * Thread-safe.
 */
final class ListenerSyslogTcp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ListenerSyslogTcp.class);

  private final String transport;
  private final ServerSocket serverSocket;
  private final SSLSocketFactory tls;
  private final SyslogIngest ingest;
  private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;
  private volatile boolean closing;

  private ListenerSyslogTcp(ServerSocket serverSocket, SSLContext tls, SyslogIngest ingest) {
    this.serverSocket = serverSocket;
    this.tls = tls == null ? null : tls.getSocketFactory();
    this.transport = tls == null ? "tcp" : "tls";
    this.ingest = ingest;
    this.acceptor =
        Thread.ofPlatform()
            .daemon()
            .name("loupe-syslog-" + transport + "-accept")
            .unstarted(this::acceptLoop);
  }

  /**
   * Binds {@code host:port} (0: a free port) and starts accepting.
   *
   * @param tls the server's TLS context, or null for plain TCP
   * @throws LoupeException when the port cannot be bound, saying how to fix it
   */
  static ListenerSyslogTcp start(String host, int port, SSLContext tls, SyslogIngest ingest) {
    requireNonNull(ingest, "ingest is null");
    ServerSocket serverSocket;
    try {
      serverSocket = new ServerSocket();
      serverSocket.setReuseAddress(true);
      serverSocket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
    } catch (IOException failure) {
      String transport = tls == null ? "tcp" : "tls";
      throw new LoupeException(
          ErrorCode.UNAVAILABLE,
          "cannot listen for syslog over "
              + transport
              + " on "
              + host
              + ":"
              + port
              + ": "
              + failure.getMessage()
              + "; choose another --syslog-"
              + transport
              + "-port (ports below 1024 need root or CAP_NET_BIND_SERVICE)",
          failure);
    }
    ListenerSyslogTcp listener = new ListenerSyslogTcp(serverSocket, tls, ingest);
    listener.acceptor.start();
    LOG.info(
        "syslog listening transport={} address={}:{}", listener.transport, host, listener.port());
    return listener;
  }

  /** The bound port. */
  int port() {
    return serverSocket.getLocalPort();
  }

  /** Connections open now; for tests. */
  int openConnections() {
    return connections.size();
  }

  private void acceptLoop() {
    while (!closing) {
      Socket socket;
      try {
        socket = serverSocket.accept();
      } catch (IOException failure) {
        if (closing) {
          return;
        }
        LOG.warn("syslog accept failed transport={}: {}", transport, failure.toString());
        pauseAfterFailedAccept();
        continue;
      }
      if (connections.size() >= ingest.config().maxConnections()) {
        refuse(socket);
        continue;
      }
      serve(socket);
    }
  }

  private void serve(Socket socket) {
    Connection connection = new Connection(socket);
    connections.add(connection);
    ingest.metrics().syslogConnectionsOpen.incrementAndGet();
    try {
      connection.thread = Thread.ofVirtual().name("loupe-syslog-" + transport).start(connection);
    } catch (RuntimeException cannotStart) {
      // One connection fails to start (the JVM is shutting down, say): the listener goes on.
      connections.remove(connection);
      ingest.metrics().syslogConnectionsOpen.decrementAndGet();
      closeQuietly(socket);
      LOG.warn(
          "syslog connection dropped transport={} peer={} reason=\"{}\"",
          transport,
          connection.peer,
          cannotStart.toString());
    }
  }

  private void refuse(Socket socket) {
    ingest.metrics().syslogConnectionsRefused.increment();
    LOG.warn(
        "syslog connection refused transport={} peer={} reason=\"{} connections already open;"
            + " raise --syslog-max-connections or relay through fewer connections\"",
        transport,
        socket.getRemoteSocketAddress(),
        ingest.config().maxConnections());
    closeQuietly(socket);
  }

  private static void pauseAfterFailedAccept() {
    try {
      Thread.sleep(ServerLimits.SYSLOG_ACCEPT_RETRY_MILLIS);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closing = true;
    closeQuietly(serverSocket);
    long stopMillis = ingest.config().sockets().stopTimeout().toMillis();
    joinQuietly(acceptor, stopMillis);
    for (Connection connection : connections) {
      connection.stopReading();
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(stopMillis);
    for (Connection connection : connections) {
      long leftMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
      joinQuietly(connection.thread, leftMillis);
      if (connection.thread.isAlive()) {
        LOG.warn(
            "syslog connection did not stop in time transport={} peer={}",
            transport,
            connection.peer);
        closeQuietly(connection.socket);
      }
    }
    LOG.info("syslog stopped transport={}", transport);
  }

  /** Waits at most {@code millis} (at least 1: {@code join(0)} would wait forever). */
  private static void joinQuietly(Thread thread, long millis) {
    try {
      thread.join(Math.max(1, millis));
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception ignored) {
      // Closing a socket that already failed: nothing left to release or report.
    }
  }

  /** One client connection, read by its own virtual thread. */
  private final class Connection implements Runnable {
    private final Socket socket;
    private final String peer;
    private volatile Thread thread;
    private volatile boolean stopping;

    Connection(Socket socket) {
      this.socket = socket;
      this.peer = String.valueOf(socket.getRemoteSocketAddress());
    }

    /** Ends the stream as if the client had closed it: the reader sees its end and finishes. */
    void stopReading() {
      stopping = true;
      try {
        socket.shutdownInput();
      } catch (IOException alreadyClosed) {
        // The connection is ending anyway; its thread finishes on its own.
        LOG.debug("syslog connection already closed peer={}", peer);
      }
    }

    @Override
    public void run() {
      SyslogBatch batch = ingest.newBatch(transport + " " + peer);
      try (socket) {
        socket.setKeepAlive(true);
        read(openStream(), batch);
      } catch (IOException | RuntimeException failure) {
        if (!stopping) {
          LOG.info(
              "syslog connection ended transport={} peer={} reason=\"{}\"",
              transport,
              peer,
              failure.toString());
        }
      } finally {
        flushLast(batch);
        connections.remove(this);
        ingest.metrics().syslogConnectionsOpen.decrementAndGet();
      }
    }

    private InputStream openStream() throws IOException {
      if (tls == null) {
        return socket.getInputStream();
      }
      SSLSocket secured =
          (SSLSocket)
              tls.createSocket(
                  socket, socket.getInetAddress().getHostAddress(), socket.getPort(), true);
      secured.setUseClientMode(false);
      socket.setSoTimeout((int) ingest.config().sockets().tlsHandshakeTimeout().toMillis());
      secured.startHandshake();
      socket.setSoTimeout(0);
      return secured.getInputStream();
    }

    /**
     * Reads to the end of the stream, handing a batch on whenever a read leaves nothing waiting. At
     * the client's end of stream an unfinished line is a message; at a stop it is not (its sender
     * was interrupted mid-write).
     */
    private void read(InputStream input, SyslogBatch batch) throws IOException {
      SyslogFramer framer = new SyslogFramer(ingest.config().maxMessageBytes());
      byte[] buffer = new byte[ingest.config().sockets().readBufferBytes()];
      int read;
      while ((read = input.read(buffer)) >= 0) {
        batch.startRead();
        framer.feed(buffer, 0, read, batch);
        if (input.available() == 0) {
          batch.flush();
        }
      }
      if (!stopping) {
        framer.finish(batch);
      }
    }

    /** What was framed before the end, a failure or a stop is stored all the same. */
    private void flushLast(SyslogBatch batch) {
      int pending = batch.pending();
      try {
        batch.flush();
      } catch (RuntimeException refused) {
        LOG.warn(
            "syslog messages not stored transport={} peer={} messages={} reason=\"{}\"",
            transport,
            peer,
            pending,
            refused.getMessage());
      }
    }
  }
}
