package dev.loupe.cli.agent;

import java.time.Duration;

/** Defaults and fixed bounds of {@code loupe agent}, each with the reason for its value. */
final class AgentLimits {
  /**
   * 1000 lines a batch. Big enough that a request's fixed costs (HTTP round trip, the server's
   * fsync) are shared by many lines; small enough that a batch retried after a failure, or sent
   * twice after a crash, is a small amount of data.
   */
  static final int DEFAULT_BATCH_LINES = 1000;

  /**
   * 1 MiB of JSON lines (before compression) a batch: a few hundred KB on the wire after gzip, a
   * request the server decodes in about a millisecond, and the most one batch holds in memory.
   */
  static final long DEFAULT_BATCH_BYTES = 1L << 20;

  /**
   * A batch waits at most 1 s for more lines: a quiet file's lines still show up within a second or
   * two, and a busy one fills its batch by size long before this.
   */
  static final Duration DEFAULT_LINGER = Duration.ofSeconds(1);

  /**
   * 256 MiB of spool: at a busy host's 1 MB/s of logs (about 200 KB/s compressed) it rides out a
   * server outage of 20 minutes without touching the files; beyond it the files themselves are the
   * buffer (reading pauses), so nothing is dropped either way.
   */
  static final long DEFAULT_MAX_BUFFER_BYTES = 256L << 20;

  /**
   * Look for new files every 5 s: new log files are rare events, and a scan walks directories. A
   * new file's lines are not lost by a late scan, only delayed (new files are read from the start).
   */
  static final Duration DEFAULT_SCAN_INTERVAL = Duration.ofSeconds(5);

  /**
   * Check open files for new data every 250 ms when the last round found none: a quarter second of
   * latency costs nothing noticeable, and an idle agent wakes four times a second.
   */
  static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(250);

  /**
   * A last line without its newline is shipped after 5 s without new data. Writers flush whole
   * lines nearly always, so a fragment that sits this long is almost surely complete (a process
   * that died mid-write, a prompt); shipping it sooner would split lines written in two calls.
   */
  static final Duration DEFAULT_PARTIAL_LINE_TIMEOUT = Duration.ofSeconds(5);

  /**
   * A multi-line event is complete when its file has been quiet for 2 s: a stack trace is written
   * in one burst, and the next event's first line normally ends it long before this.
   */
  static final Duration DEFAULT_EVENT_TIMEOUT = Duration.ofSeconds(2);

  /**
   * A file renamed or deleted away is closed once it has been read to its end and was quiet for 10
   * s: writers that rotate by rename reopen their file within moments (logrotate signals them), and
   * lines they write to the old file meanwhile must still be read.
   */
  static final Duration DEFAULT_CLOSE_ROTATED_AFTER = Duration.ofSeconds(10);

  /** First retry after 500 ms: a restarting server is usually back within a second or two. */
  static final Duration DEFAULT_RETRY_INITIAL = Duration.ofMillis(500);

  /**
   * Retries back off to at most 30 s apart: a long outage costs a request every 30 s per agent, and
   * the agent notices the server is back within half a minute.
   */
  static final Duration DEFAULT_RETRY_MAX = Duration.ofSeconds(30);

  /**
   * A request gets 30 s: the server answers only after its fsync, which takes milliseconds; a
   * server that takes longer is overloaded or stuck, and the batch is retried.
   */
  static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

  /** Log what was shipped every 30 s: enough to see progress, quiet enough for a system journal. */
  static final Duration DEFAULT_STATUS_INTERVAL = Duration.ofSeconds(30);

  /**
   * On stop, keep shipping the spool for up to 5 s (a service manager waits about 10 s before it
   * kills); what is left stays in the spool and goes out on the next start.
   */
  static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);

  /**
   * 256 KiB an event. The server's default line limit is 1 MiB of JSON, and escaping can grow text
   * (a tab becomes two bytes, a control character six): 256 KiB of text always fits. A longer line
   * is cut into pieces of this size, a longer multi-line event ends at this size; nothing is
   * dropped.
   */
  static final int DEFAULT_MAX_EVENT_BYTES = 256 << 10;

  /**
   * 1 KiB fingerprint: the first bytes of a file tell a reused inode, or a file truncated and
   * rewritten between two looks, from the file we were reading. 1 KiB holds a few lines, which
   * almost always differ between two log files (time stamps); reading it costs one small pread.
   */
  static final int FINGERPRINT_BYTES = 1024;

  /** 64 KiB read at a time: amortises the system call over hundreds of lines. */
  static final int READ_BUFFER_BYTES = 64 << 10;

  /**
   * At most 4 MiB from one file per round, so that one busy file does not keep the others (or the
   * checks for rotation and idle timeouts) waiting.
   */
  static final long MAX_BYTES_PER_FILE_PER_ROUND = 4L << 20;

  /**
   * gzip level 1: three to four times faster than the default level 6 for a few percent larger
   * output; the agent runs beside the applications and should use little CPU.
   */
  static final int GZIP_LEVEL = 1;

  /** Connecting gets 5 s: on a LAN a connection takes a millisecond; longer means unreachable. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /**
   * Server errors to quote in the log when it rejects lines, like the server's own first errors.
   */
  static final int MAX_ERRORS_LOGGED = 10;

  private AgentLimits() {}
}
