package dev.loupe.cli.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Measures time to visible while the load runs: every {@value #INTERVAL_MILLIS} ms it ingests one
 * line holding a unique token ({@code PROBE} + hex), then asks {@code /api/v1/query} for that token
 * every {@value #POLL_MILLIS} ms until a row comes back. Acknowledged-to-visible is what a user
 * tailing the logs waits for; sent-to-visible adds the acknowledgement itself.
 *
 * <p>Probe lines go to their own stream ({@code service=loupe-bench}, {@code source=probe}) and
 * hold neither the needle nor the common term, so they change no count the bench checks; the bench
 * adds {@link #acceptedLines} to the rows it expects on disk. Queries ask only for the last minute,
 * as a live tail does.
 *
 * <p>Runs on its own thread: {@link #start}, then {@link #stopAndSummarise} from the starting
 * thread.
 */
final class VisibilityProbe {
  static final long INTERVAL_MILLIS = 200;
  static final long POLL_MILLIS = 20;

  /** How long a probe waits before it counts its line as not visible. */
  static final Duration PATIENCE = Duration.ofSeconds(30);

  /** Seconds back from the probe's time that its query searches: a live tail's window. */
  private static final long QUERY_WINDOW_SECONDS = 60;

  private final LoupeHttp http;
  private final Clock clock;
  private final SplittableRandom random;
  private final LatencyRecorder acknowledgedToVisible = new LatencyRecorder();
  private final LatencyRecorder sentToVisible = new LatencyRecorder();
  private final LatencyRecorder sentToAcknowledged = new LatencyRecorder();
  private volatile boolean stopped;
  private volatile String firstFailure;
  private volatile int probes;
  private volatile int notVisible;
  private volatile long acceptedLines;
  private Thread thread;

  VisibilityProbe(LoupeHttp http, Clock clock, long seed) {
    this.http = http;
    this.clock = clock;
    this.random = new SplittableRandom(seed);
  }

  void start() {
    thread = Thread.ofPlatform().name("bench-probe").daemon().start(this::loop);
  }

  VisibilityFigures stopAndSummarise() throws InterruptedException {
    stopped = true;
    thread.join();
    return new VisibilityFigures(
        probes,
        notVisible,
        PATIENCE.toNanos(),
        acknowledgedToVisible.summary(),
        sentToVisible.summary(),
        sentToAcknowledged.summary(),
        firstFailure);
  }

  /** Probe lines the server accepted: they are stored with the data set. */
  long acceptedLines() {
    return acceptedLines;
  }

  /** The probe's line for {@code token} at {@code time}: NDJSON, one line with its newline. */
  static String probeLine(String token, Instant time) {
    return "{\"_time\":\""
        + DateTimeFormatter.ISO_INSTANT.format(time)
        + "\",\"_msg\":\"bench probe "
        + token
        + " visibility check\",\"service\":\"loupe-bench\",\"host\":\"bench\",\"source\":\"probe\"}\n";
  }

  private void loop() {
    while (!stopped) {
      long started = System.nanoTime();
      try {
        probeOnce();
      } catch (IOException | RuntimeException failure) {
        if (firstFailure == null) {
          firstFailure = failure.getMessage();
        }
      } catch (InterruptedException interrupted) {
        return;
      }
      long waitMillis = INTERVAL_MILLIS - (System.nanoTime() - started) / 1_000_000;
      if (waitMillis > 0 && !sleep(waitMillis)) {
        return;
      }
    }
  }

  private void probeOnce() throws IOException, InterruptedException {
    String token = String.format(Locale.ROOT, "PROBE%016X", random.nextLong());
    Instant time = clock.instant();
    long sent = System.nanoTime();
    LoupeHttp.IngestAnswer answer =
        http.ingest(probeLine(token, time).getBytes(StandardCharsets.UTF_8));
    long acknowledged = System.nanoTime();
    sentToAcknowledged.record(acknowledged - sent);
    probes++;
    acceptedLines += answer.accepted();
    if (answer.accepted() != 1) {
      throw new IOException("the server did not accept a probe line: " + answer.firstError());
    }
    long since = time.getEpochSecond() - QUERY_WINDOW_SECONDS;
    while (System.nanoTime() - acknowledged < PATIENCE.toNanos()) {
      if (http.query(token, since, 1).rows() > 0) {
        long visible = System.nanoTime();
        acknowledgedToVisible.record(visible - acknowledged);
        sentToVisible.record(visible - sent);
        return;
      }
      Thread.sleep(POLL_MILLIS);
    }
    notVisible++;
  }

  private static boolean sleep(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException interrupted) {
      return false;
    }
  }
}
