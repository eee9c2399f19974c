package dev.loupe.ingest;

/** Every default and fixed limit of ingest, each with the reason for its value. */
public final class Limits {
  /**
   * 256 MiB of decompressed body. Decoding streams, so this does not bound memory; it bounds how
   * long one request can occupy a decoder thread (about half a second at the target rate) and how
   * much a client must resend when a request fails. Shippers send far less per request (Vector and
   * Fluent Bit batch a few MB).
   */
  public static final long DEFAULT_MAX_BODY_BYTES = 256L << 20;

  /**
   * 1 MiB a line. A line is the one thing held whole in memory while it is parsed, so this bounds
   * the per-request line buffer; it is far above real log lines, and a Java stack trace sent as one
   * JSON string still fits.
   */
  public static final int DEFAULT_MAX_LINE_BYTES = 1 << 20;

  /**
   * 1000 fields a record, counted after flattening. Each distinct field becomes a column in a
   * storage block; records with thousands of fields are nearly always a map of ids flattened by
   * mistake and would blow up the column count of every block they land in.
   */
  public static final int DEFAULT_MAX_FIELDS_PER_RECORD = 1000;

  /**
   * 10 line errors in a response. Enough to see each kind of mistake a client makes, short enough
   * that a body of a million bad lines does not produce a response of a million errors.
   */
  public static final int DEFAULT_MAX_FIRST_ERRORS = 10;

  /**
   * 8192 records a batch handed to the sink: two storage blocks' worth (4096 rows each), so one WAL
   * append and fsync is amortised over many records, while a batch stays a few MB.
   */
  public static final int BATCH_MAX_RECORDS = 8192;

  /**
   * 16 MiB of line bytes a batch. With long lines, {@link #BATCH_MAX_RECORDS} alone would let one
   * batch hold up to 8 GiB; this keeps a request's memory bounded whatever its line sizes.
   */
  public static final long BATCH_MAX_BYTES = 16L << 20;

  /**
   * 64 KiB read at a time from a body: large enough that the per-read overhead (a system call, a
   * decompressor call) is amortised over hundreds of lines, small enough to stay in L2 cache.
   */
  public static final int READ_BUFFER_BYTES = 64 << 10;

  /**
   * 100 000 cached streams. A stream costs about 200 bytes here, so the cache stays near 20 MB; a
   * miss costs one SHA-256 (about a microsecond), so even a workload that cycles through more
   * streams than this only loses a little speed.
   */
  public static final int STREAM_CACHE_MAX_ENTRIES = 100_000;

  /**
   * 64 characters of a bad value quoted in an error: enough to recognise it, short enough that a
   * response quoting ten errors stays small and does not echo large payloads back.
   */
  public static final int MAX_VALUE_CHARS_IN_ERROR = 64;

  /** 256 characters an error reason: a JSON parser message plus a quoted value fit. */
  public static final int MAX_REASON_CHARS = 256;

  /**
   * 1000 lines a multi-line event. The deepest real Java stack traces (framework-heavy, with a few
   * "Caused by" sections) run to a few hundred lines; past this, lines that still look like
   * continuations are most likely a run of indented output that is not one event, and one huge
   * record would be hard to read in results. The next line starts a new event: nothing is dropped.
   */
  public static final int DEFAULT_MAX_EVENT_LINES = 1000;

  /**
   * 1 MiB a multi-line event, the same as a line: an event is held whole in memory while it is
   * joined, like a line while it is parsed, and becomes one message. The next line starts a new
   * event: nothing is dropped.
   */
  public static final int DEFAULT_MAX_EVENT_BYTES = 1 << 20;

  /**
   * 512 characters a start-of-event pattern ({@code _multiline_start}). The pattern comes from the
   * request and runs on every line; real ones ({@code ^\d{4}-\d{2}-\d{2}}, {@code ^\[}) are a few
   * tens of characters.
   */
  public static final int MAX_MULTILINE_PATTERN_CHARS = 512;

  /**
   * 1024 characters of each line are shown to a start-of-event pattern: the start of an event is at
   * the start of its line, and this keeps a pattern's work per line bounded on long lines.
   */
  public static final int MULTILINE_PATTERN_PREFIX_CHARS = 1024;

  /**
   * 100 000 character reads a start-of-event pattern may make on one line. A linear pattern on a
   * 1024-character prefix needs at most a few thousand; a pattern that backtracks exponentially
   * (from a careless or hostile request) is stopped here instead of holding a thread for minutes,
   * and the line is taken as the start of an event, so nothing is joined wrongly or lost.
   */
  public static final int MULTILINE_PATTERN_MAX_STEPS = 100_000;

  // ---- syslog ----

  /**
   * 64 KiB a syslog message. RFC 5424 asks receivers to take at least 2 KiB and RFC 5425 (TLS) 8
   * KiB; rsyslog's default is 8 KiB, which cuts Java stack traces sent as one message. 64 KiB is
   * the largest a UDP datagram can carry, so one limit holds for every transport; it bounds the
   * buffer each TCP connection may grow to. Longer messages are truncated, not dropped (see {@code
   * DecoderSyslog}).
   */
  public static final int DEFAULT_SYSLOG_MAX_MESSAGE_BYTES = 64 << 10;

  /**
   * 10 digits of an RFC 6587 octet count: up to 9,999,999,999 bytes, far beyond any message limit,
   * so every real count fits; a longer run of digits cannot be a count, and the frame is read as a
   * newline-terminated line instead.
   */
  public static final int SYSLOG_MAX_OCTET_COUNT_DIGITS = 10;

  /**
   * 4 KiB: the first size of a syslog connection's buffer for a frame split across reads. Most
   * messages are a few hundred bytes; the buffer doubles up to the message limit when one is not.
   */
  public static final int SYSLOG_INITIAL_FRAME_BUFFER_BYTES = 4 << 10;

  private Limits() {}
}
