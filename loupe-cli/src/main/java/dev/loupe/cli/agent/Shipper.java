package dev.loupe.cli.agent;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.loupe.core.FieldNames;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the spool's segments to {@code POST /api/v1/ingest}, oldest first, one at a time, and
 * deletes each once the server acknowledged it (its 200 comes after the lines are fsynced). A
 * failed request (no connection, a timeout, 5xx, 429, 507) is retried with {@link Backoff}, its
 * segment kept; a batch refused for good (a 400 listing its bad lines, a 413) is logged with the
 * reasons and the files they came from, then deleted, so one bad batch never blocks the rest.
 *
 * <p>One at a time keeps the order of lines and bounds what a crash can send twice to the one batch
 * in flight.
 *
 * <p>{@link #run} is the shipper thread's body; {@link #stop} and the getters may be called from
 * any thread.
 */
final class Shipper implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(Shipper.class);
  private static final JsonFactory JSON = new JsonFactory();

  private final Spool spool;
  private final HttpClient client;
  private final URI endpoint;
  private final String tenant;
  private final Duration requestTimeout;
  private final Duration idleWait;
  private final Backoff backoff;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition stopSignal = lock.newCondition();
  private volatile boolean stopRequested;
  private volatile long drainDeadlineNanos;

  private final AtomicLong linesShipped = new AtomicLong();
  private final AtomicLong linesRejected = new AtomicLong();
  private final AtomicLong batchesShipped = new AtomicLong();
  private final AtomicLong batchesRefused = new AtomicLong();
  private final AtomicLong failedRequests = new AtomicLong();
  private volatile String lastError = "";

  Shipper(AgentSettings settings, Spool spool, RandomGenerator random) {
    this.spool = requireNonNull(spool, "spool is null");
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(AgentLimits.CONNECT_TIMEOUT)
            .build();
    this.endpoint = endpoint(settings);
    this.tenant = settings.tenant();
    this.requestTimeout = settings.requestTimeout();
    this.idleWait = settings.pollInterval();
    this.backoff = new Backoff(settings.retryInitial(), settings.retryMax(), random);
  }

  /** {@code SERVER/api/v1/ingest?_stream_fields=...}, keeping a path prefix of the server URL. */
  static URI endpoint(AgentSettings settings) {
    String base = settings.server().toString();
    base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    String fields = String.join(",", settings.streamFields());
    return URI.create(
        base
            + "/api/v1/ingest?_stream_fields="
            + URLEncoder.encode(fields, StandardCharsets.UTF_8));
  }

  @Override
  public void run() {
    try {
      while (true) {
        boolean draining = stopRequested;
        if (draining && (spool.segments() == 0 || System.nanoTime() - drainDeadlineNanos >= 0)) {
          return;
        }
        Spool.Segment segment = spool.awaitOldest(idleWait);
        if (segment == null) {
          continue;
        }
        ship(segment);
      }
    } catch (InterruptedException stopped) {
      Thread.currentThread().interrupt();
    } finally {
      client.close();
    }
  }

  /**
   * Asks the thread to stop: it keeps shipping until the spool is empty or {@code drain} has
   * passed, finishing a request in flight; what is left stays in the spool for the next start.
   */
  void stop(Duration drain) {
    drainDeadlineNanos = System.nanoTime() + drain.toNanos();
    stopRequested = true;
    lock.lock();
    try {
      stopSignal.signalAll();
    } finally {
      lock.unlock();
    }
    spool.wakeUp();
  }

  private void ship(Spool.Segment segment) throws InterruptedException {
    IngestAnswer answer;
    byte[] body;
    try {
      body = Files.readAllBytes(segment.path());
      answer = send(body);
    } catch (IOException failure) {
      retryLater(segment, describe(failure));
      return;
    }
    switch (answer.verdict()) {
      case DELIVERED -> delivered(segment, answer);
      case REFUSED -> refused(segment, answer);
      case RETRY -> retryLater(segment, "HTTP " + answer.status() + " " + answer.message());
    }
  }

  private IngestAnswer send(byte[] body) throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint)
            .timeout(requestTimeout)
            .header("Content-Type", "application/x-ndjson")
            .header("Content-Encoding", "gzip")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (!tenant.isEmpty()) {
      request.header("Loupe-Tenant", tenant);
    }
    HttpResponse<String> response =
        client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return IngestAnswer.parse(response.statusCode(), response.body());
  }

  private void delivered(Spool.Segment segment, IngestAnswer answer) {
    if (backoff.failures() > 0) {
      LOG.info(
          "server reachable again after {} failed requests; shipping {} buffered batches",
          backoff.failures(),
          spool.segments());
    }
    backoff.reset();
    lastError = "";
    linesShipped.addAndGet(answer.accepted());
    batchesShipped.incrementAndGet();
    if (answer.rejected() > 0) {
      linesRejected.addAndGet(answer.rejected());
      logRejections(segment, answer, "server rejected " + answer.rejected() + " lines");
    }
    delete(segment);
  }

  private void refused(Spool.Segment segment, IngestAnswer answer) {
    backoff.reset();
    lastError = "";
    batchesRefused.incrementAndGet();
    if (answer.rejected() > 0) {
      linesRejected.addAndGet(answer.rejected());
      logRejections(segment, answer, "server rejected all " + answer.rejected() + " lines");
    } else {
      LOG.error(
          "server refused a batch for good; dropping it status={} segment={} error=\"{}\"",
          answer.status(),
          segment.path().getFileName(),
          answer.message());
    }
    delete(segment);
  }

  private void retryLater(Spool.Segment segment, String reason) throws InterruptedException {
    failedRequests.incrementAndGet();
    lastError = reason;
    Duration wait = backoff.next();
    String hint = reason.startsWith("HTTP 4") ? " (check --server and the server's settings)" : "";
    LOG.warn(
        "cannot ship to {}: {}{}; {} batches ({}) buffered, retrying in {} ms",
        endpoint.getAuthority(),
        reason,
        hint,
        spool.segments(),
        AgentStatus.bytes(spool.bytes()),
        wait.toMillis());
    pause(wait);
  }

  /** Sleeps, or returns early once a stop's drain time has passed. */
  private void pause(Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    lock.lock();
    try {
      while (true) {
        long now = System.nanoTime();
        long remaining = deadline - now;
        if (stopRequested) {
          remaining = Math.min(remaining, drainDeadlineNanos - now);
        }
        if (remaining <= 0) {
          return;
        }
        stopSignal.awaitNanos(remaining);
      }
    } finally {
      lock.unlock();
    }
  }

  private void logRejections(Spool.Segment segment, IngestAnswer answer, String what) {
    StringBuilder reasons = new StringBuilder();
    int shown = 0;
    for (IngestAnswer.LineError error : answer.errors()) {
      if (shown++ == AgentLimits.MAX_ERRORS_LOGGED) {
        break;
      }
      reasons
          .append("\n  ")
          .append(lineOrigin(segment, error.line()))
          .append(": ")
          .append(error.reason());
    }
    LOG.warn("{} of batch {} (skipped, not retried):{}", what, segment.sequence(), reasons);
  }

  /** Which file and text the n-th line of a batch came from, for error messages. */
  static String lineOrigin(Spool.Segment segment, long lineNumber) {
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(segment.path())),
                StandardCharsets.UTF_8))) {
      String line = null;
      for (long number = 1; number <= lineNumber; number++) {
        line = lines.readLine();
        if (line == null) {
          return "line " + lineNumber;
        }
      }
      return originOf(line, lineNumber);
    } catch (IOException unreadable) {
      return "line " + lineNumber;
    }
  }

  private static String originOf(String jsonLine, long lineNumber) throws IOException {
    String file = null;
    String message = null;
    try (JsonParser json = JSON.createParser(jsonLine)) {
      String field = null;
      while (json.nextToken() != null) {
        if (json.currentToken() == JsonToken.FIELD_NAME) {
          field = json.currentName();
        } else if (json.currentToken() == JsonToken.VALUE_STRING) {
          if (AgentSettings.LABEL_FILE.equals(field)) {
            file = json.getText();
          } else if (FieldNames.MESSAGE.equals(field)) {
            message = json.getText();
          }
        }
      }
    }
    String start =
        message == null ? "" : message.length() > 60 ? message.substring(0, 60) + "..." : message;
    return "file " + file + " \"" + start.replace("\n", "\\n") + "\"";
  }

  private void delete(Spool.Segment segment) {
    try {
      spool.remove(segment);
    } catch (IOException failure) {
      // Shipped already; if the file stays, it is sent again on the next start (at least once).
      LOG.warn("cannot delete shipped segment={} error=\"{}\"", segment.path(), failure.toString());
    }
  }

  private static String describe(IOException failure) {
    String message = failure.getMessage();
    String kind = failure.getClass().getSimpleName();
    if (failure instanceof java.net.ConnectException) {
      return "cannot connect"
          + (message == null ? "" : " (" + message + ")")
          + "; is the server running? check --server";
    }
    if (failure instanceof java.net.http.HttpTimeoutException) {
      return "no answer within the request timeout";
    }
    return kind + (message == null ? "" : ": " + message);
  }

  long linesShipped() {
    return linesShipped.get();
  }

  long linesRejected() {
    return linesRejected.get();
  }

  long batchesShipped() {
    return batchesShipped.get();
  }

  long batchesRefused() {
    return batchesRefused.get();
  }

  long failedRequests() {
    return failedRequests.get();
  }

  String lastError() {
    return lastError;
  }
}
