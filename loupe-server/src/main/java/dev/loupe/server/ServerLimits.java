package dev.loupe.server;

import java.time.Duration;

/**
 * Defaults and bounds of the HTTP layer and the listeners, each with the reason for its value.
 * Those named {@code DEFAULT_*} are settings of {@code loupe serve}; the others say why they are
 * not.
 */
final class ServerLimits {
  /**
   * Lines kept for live-tail clients that reconnect with a cursor. At 100 k lines/s this is one
   * second of ingest, at a typical 1 k lines/s well over a minute: enough to ride out a dropped
   * connection, and ~100 MB at most of records that are in the memtable anyway.
   */
  static final int TAIL_RESUME_LINES = 100_000;

  /**
   * Lines queued for one tail client before it is told it dropped some. A browser renders a few
   * thousand lines a second; ten thousand absorbs bursts without holding more than ~10 MB.
   */
  static final int TAIL_CLIENT_QUEUE_LINES = 10_000;

  /**
   * 16 MiB an OTLP export request after decompression. An OTLP request is decoded whole into memory
   * (protobuf is not streamable), and its objects take a few times its bytes, so this bounds the
   * memory of one request to well under 100 MB. grpc-java's default of 4 MiB is too small for what
   * the Collector sends without a batch size limit (8192 records of a few hundred bytes); the
   * Collector's own OTLP/HTTP receiver accepts 20 MiB.
   */
  static final int DEFAULT_OTLP_MAX_MESSAGE_BYTES = 16 << 20;

  /**
   * Seconds an OTLP client is told to wait before retrying when the store refuses writes (disk
   * full): long enough for retention or an operator to free space, short for a shipper's buffer.
   */
  static final int OTLP_RETRY_AFTER_SECONDS = 30;

  /**
   * 5 s for OTLP/gRPC calls in flight to finish when the server stops: each waits for one fsync at
   * most, milliseconds on a healthy disk; only a stalled disk takes longer, and then stopping must
   * not hang.
   */
  static final Duration DEFAULT_OTLP_GRPC_STOP_TIMEOUT = Duration.ofSeconds(5);

  /** A comment line this often keeps proxies from closing an idle tail and detects gone clients. */
  static final long TAIL_HEARTBEAT_MILLIS = 15_000;

  /**
   * Live tails open at once, by default ({@code loupe serve --max-tails}). Each holds a queue of up
   * to {@link #TAIL_CLIENT_QUEUE_LINES} lines and a platform thread, and the dispatch thread
   * filters every ingested line once per tail: a few hundred browsers following logs is a big team,
   * and the cap keeps a runaway script from making ingest pay for thousands.
   */
  static final int DEFAULT_MAX_TAILS = 256;

  // ---- syslog listeners ----

  /**
   * 512 syslog TCP connections at once. A connection costs a virtual thread, a read buffer and a
   * frame buffer (tens of KB while idle): ~50 MB at the cap. Senders keep one long-lived connection
   * each, so this is hundreds of hosts; past that, relays (rsyslog, syslog-ng) should fan in.
   * rsyslog's imtcp defaults to 200.
   */
  static final int DEFAULT_SYSLOG_MAX_CONNECTIONS = 512;

  /**
   * 32 KiB read from a syslog connection at a time: a burst of a few hundred messages per read
   * system call, so each batch handed to the WAL is worth its fsync, at a memory cost that stays
   * small across hundreds of connections.
   */
  static final int DEFAULT_SYSLOG_READ_BUFFER_BYTES = 32 << 10;

  /**
   * 4 MiB of kernel receive buffer asked for the UDP socket (Linux grants up to {@code
   * net.core.rmem_max}). UDP has no flow control: while a batch waits for its fsync, datagrams
   * queue here, and what does not fit is dropped by the kernel. 4 MiB holds ~20 k typical messages,
   * many fsyncs' worth.
   */
  static final int DEFAULT_SYSLOG_UDP_RECEIVE_BUFFER_BYTES = 4 << 20;

  /**
   * 10 s for a TLS client to finish its handshake. Without a bound, clients that connect and send
   * nothing would hold connection slots forever; after the handshake a connection may stay idle as
   * long as it likes (senders keep them open between messages).
   */
  static final Duration DEFAULT_SYSLOG_TLS_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

  /**
   * 100 ms pause after a failed accept (out of file descriptors, say), so the accept loop does not
   * spin on an error that persists, while connections resume quickly once it clears. Not a setting:
   * it bounds nothing a user sees, only how often a persisting error is retried.
   */
  static final long SYSLOG_ACCEPT_RETRY_MILLIS = 100;

  /**
   * 5 s for connections to hand their last batch to storage when the server stops. A batch waits
   * for one fsync (milliseconds); only a stalled disk takes longer, and then stopping must not
   * hang.
   */
  static final Duration DEFAULT_SYSLOG_STOP_TIMEOUT = Duration.ofSeconds(5);

  /**
   * 65,535 bytes: the largest UDP payload (IPv4 allows 65,507), so no datagram is cut by the buffer
   * itself; the message limit then applies as for TCP. Not a setting: it is the protocol's bound.
   */
  static final int SYSLOG_UDP_DATAGRAM_BYTES = 65_535;

  /**
   * A UDP listener that cannot store logs the first failure, then one in this many. Not a setting:
   * every failure is counted in {@code /metrics}; this only keeps the server's own log readable.
   */
  static final int SYSLOG_FAILURE_LOG_EVERY = 1000;

  private ServerLimits() {}
}
