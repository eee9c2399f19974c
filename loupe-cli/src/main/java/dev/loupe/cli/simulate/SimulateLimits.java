package dev.loupe.cli.simulate;

import java.time.Duration;

/**
 * The defaults and bounds of {@code loupe simulate}, each with its reason. Every one is also an
 * option of the command.
 */
public final class SimulateLimits {
  /**
   * Lines per second by default: enough to fill dashboards and patterns within a minute, little
   * enough for a laptop running the server too.
   */
  public static final double DEFAULT_RATE = 1_000;

  /**
   * Lines in an HTTP batch: about 0.8 MB of NDJSON, a tenth of that gzipped; big enough that the
   * request costs little per line, small enough that a run at a few thousand lines a second sends
   * every second or so.
   */
  public static final int DEFAULT_BATCH_LINES = 2_000;

  /**
   * The longest a line waits in an output's buffer: a paced run at a low rate still shows up within
   * a second in a tail, a file or the server.
   */
  public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);

  /**
   * Attempts after the first for an HTTP batch or a syslog connection: with backoff doubling from
   * {@link #FIRST_BACKOFF} that waits about 8 s in all, enough for a server restart.
   */
  public static final int DEFAULT_RETRIES = 5;

  /** The first wait before a retry; it doubles each time, up to 8 s. */
  public static final Duration FIRST_BACKOFF = Duration.ofMillis(250);

  /**
   * Concurrent HTTP senders: two keep the server busy while one batch is compressed and the next is
   * generated; more help only against a remote server with a long round trip.
   */
  public static final int DEFAULT_HTTP_CONNECTIONS = 2;

  /**
   * Largest syslog datagram: 8 KiB, rsyslog's default maximum message size; the rare longer stack
   * trace is cut there (UDP itself allows 65,507 bytes, RFC 5426 only promises 480).
   */
  public static final int DEFAULT_UDP_MAX_BYTES = 8_192;

  /** Random incidents per run when its length is known and no interval is given. */
  public static final int RANDOM_INCIDENTS_PER_RUN = 5;

  /** The mean time between random incidents when the run's length is not known. */
  public static final Duration DEFAULT_INCIDENT_EVERY = Duration.ofMinutes(30);

  /** Lines between two checks of the wall clock (output flushes, progress): cheap and prompt. */
  static final int LINES_PER_TICK = 256;

  private SimulateLimits() {}
}
