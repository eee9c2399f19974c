package dev.loupe.cli.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Measures live-tail latency while the load runs: a reader holds {@code GET /api/v1/tail?query=}
 * {@value #QUERY} open, and a sender ingests one line with a unique token ({@code TAILPROBE} + hex)
 * every {@value #INTERVAL_MILLIS} ms. The figure is the time from the sender's acknowledgement (and
 * from its send) to the reader receiving the event; the tail pushes a line when it is stored, which
 * can be before the acknowledgement, so acknowledged-to-received is clamped at 0 and the number of
 * such early events is reported.
 *
 * <p>Times are kept per token in two maps and joined at the end, so the two threads never wait on
 * each other. Probe lines go to the probe stream ({@code service=loupe-bench}) and hold no term the
 * bench counts; {@link #acceptedLines} adds to the rows expected on disk.
 *
 * <p>{@link #start} and then {@link #stopAndSummarise}, both from the bench's thread; the reader
 * and the sender run on their own threads.
 */
final class TailProbe {
  static final long INTERVAL_MILLIS = 200;
  static final String TOKEN_PREFIX = "TAILPROBE";

  /** A prefix filter: matches the probe's tokens and nothing of the data set. */
  static final String QUERY = TOKEN_PREFIX + "*";

  /** How long a line may take to arrive before it counts as missed (after the probe stops). */
  static final Duration PATIENCE = Duration.ofSeconds(5);

  /** How long the reader may take to connect before the probe gives up. */
  private static final Duration CONNECT_PATIENCE = Duration.ofSeconds(30);

  private static final Pattern TOKEN = Pattern.compile(TOKEN_PREFIX + "[0-9A-F]{16}");

  /**
   * When a probe line was sent and acknowledged, by the sender's clock ({@link System#nanoTime}).
   */
  private record Sent(long sentNanos, long acknowledgedNanos) {}

  private final LoupeHttp http;
  private final Clock clock;
  private final SplittableRandom random;
  private final HttpClient tailClient;
  private final URI tailUri;
  private final Map<String, Sent> sent = new ConcurrentHashMap<>();
  private final Map<String, Long> received = new ConcurrentHashMap<>();
  private final CountDownLatch connected = new CountDownLatch(1);
  private volatile boolean stopped;
  private volatile String firstFailure;
  private volatile long acceptedLines;
  private volatile long droppedEvents;
  private Thread reader;
  private Thread sender;

  TailProbe(int port, LoupeHttp http, Clock clock, long seed) {
    this.http = http;
    this.clock = clock;
    this.random = new SplittableRandom(seed ^ 0x7A11L);
    this.tailClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    this.tailUri =
        URI.create(
            "http://127.0.0.1:"
                + port
                + "/api/v1/tail?query="
                + URLEncoder.encode(QUERY, StandardCharsets.UTF_8));
  }

  /** Opens the tail, waits until the server has sent its first comment, then starts sending. */
  void start() throws InterruptedException {
    reader = Thread.ofPlatform().name("bench-tail-reader").daemon().start(this::read);
    if (!connected.await(CONNECT_PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
      failed("the tail did not open within " + CONNECT_PATIENCE.toSeconds() + " s");
    }
    sender = Thread.ofPlatform().name("bench-tail-sender").daemon().start(this::send);
  }

  TailFigures stopAndSummarise() throws InterruptedException {
    stopped = true;
    if (sender != null) {
      sender.join();
    }
    awaitStragglers();
    tailClient.shutdownNow();
    reader.join(PATIENCE.toMillis());
    return summarise();
  }

  long acceptedLines() {
    return acceptedLines;
  }

  /** The token of a probe line in {@code data} (a row's JSON), if it holds one. */
  static Optional<String> tokenOf(String data) {
    Matcher matcher = TOKEN.matcher(data);
    return matcher.find() ? Optional.of(matcher.group()) : Optional.empty();
  }

  private void read() {
    HttpRequest request = HttpRequest.newBuilder(tailUri).GET().build();
    try {
      HttpResponse<Stream<String>> response =
          tailClient.send(request, HttpResponse.BodyHandlers.ofLines());
      if (response.statusCode() != 200) {
        failed("the tail answered HTTP " + response.statusCode());
        connected.countDown();
        return;
      }
      ServerSentEvents events = new ServerSentEvents();
      try (Stream<String> lines = response.body()) {
        Iterator<String> iterator = lines.iterator();
        while (iterator.hasNext()) {
          String line = iterator.next();
          long now = System.nanoTime();
          Optional<ServerSentEvents.Event> event = events.line(line);
          if (events.lastComment() != null) {
            connected.countDown();
          }
          event.ifPresent(complete -> onEvent(complete, now));
        }
      }
    } catch (IOException | RuntimeException failure) {
      if (!stopped) {
        failed("the tail broke: " + failure);
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    } finally {
      connected.countDown();
    }
  }

  private void onEvent(ServerSentEvents.Event event, long now) {
    if (event.type().equals("dropped")) {
      droppedEvents += JsonFlat.number(JsonFlat.parse(event.data()), "dropped");
      return;
    }
    if (event.type().equals("message")) {
      tokenOf(event.data()).ifPresent(token -> received.putIfAbsent(token, now));
    }
  }

  private void send() {
    while (!stopped) {
      long started = System.nanoTime();
      try {
        sendOne();
      } catch (IOException | RuntimeException failure) {
        failed("a tail probe line failed: " + failure.getMessage());
      } catch (InterruptedException interrupted) {
        return;
      }
      long waitMillis = INTERVAL_MILLIS - (System.nanoTime() - started) / 1_000_000;
      if (waitMillis > 0) {
        try {
          Thread.sleep(waitMillis);
        } catch (InterruptedException interrupted) {
          return;
        }
      }
    }
  }

  private void sendOne() throws IOException, InterruptedException {
    String token = String.format(Locale.ROOT, "%s%016X", TOKEN_PREFIX, random.nextLong());
    Instant time = clock.instant();
    long sentNanos = System.nanoTime();
    LoupeHttp.IngestAnswer answer =
        http.ingest(VisibilityProbe.probeLine(token, time).getBytes(StandardCharsets.UTF_8));
    long acknowledged = System.nanoTime();
    acceptedLines += answer.accepted();
    if (answer.accepted() != 1) {
      throw new IOException("the server did not accept a tail probe line: " + answer.firstError());
    }
    sent.put(token, new Sent(sentNanos, acknowledged));
  }

  /** Gives the lines sent last their chance to arrive, up to {@link #PATIENCE}. */
  private void awaitStragglers() throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!received.keySet().containsAll(sent.keySet()) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  private TailFigures summarise() {
    LatencyRecorder acknowledgedToReceived = new LatencyRecorder();
    LatencyRecorder sentToReceived = new LatencyRecorder();
    int missed = 0;
    int beforeAcknowledgement = 0;
    for (Map.Entry<String, Sent> entry : sent.entrySet()) {
      Long receivedNanos = received.get(entry.getKey());
      if (receivedNanos == null) {
        missed++;
        continue;
      }
      Sent times = entry.getValue();
      long afterAcknowledgement = receivedNanos - times.acknowledgedNanos();
      if (afterAcknowledgement < 0) {
        beforeAcknowledgement++;
      }
      acknowledgedToReceived.record(Math.max(0, afterAcknowledgement));
      sentToReceived.record(receivedNanos - times.sentNanos());
    }
    return new TailFigures(
        sent.size(),
        missed,
        beforeAcknowledgement,
        droppedEvents,
        PATIENCE.toNanos(),
        acknowledgedToReceived.summary(),
        sentToReceived.summary(),
        firstFailure);
  }

  private void failed(String failure) {
    if (firstFailure == null) {
      firstFailure = failure;
    }
  }
}
