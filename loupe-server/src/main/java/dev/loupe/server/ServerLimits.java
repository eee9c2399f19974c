package dev.loupe.server;

/** Defaults and bounds of the HTTP layer, each with the reason for its value. */
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

  /** A comment line this often keeps proxies from closing an idle tail and detects gone clients. */
  static final long TAIL_HEARTBEAT_MILLIS = 15_000;

  /**
   * Live tails open at once, by default ({@code loupe serve --max-tails}). Each holds a queue of up
   * to {@link #TAIL_CLIENT_QUEUE_LINES} lines and a platform thread, and the dispatch thread
   * filters every ingested line once per tail: a few hundred browsers following logs is a big team,
   * and the cap keeps a runaway script from making ingest pay for thousands.
   */
  static final int DEFAULT_MAX_TAILS = 256;

  private ServerLimits() {}
}
