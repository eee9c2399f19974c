package dev.loupe.cli.simulate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * {@code --output http://HOST:PORT}: POSTs the shipped lines ({@link Formats#ndjson}) to Loupe's
 * {@code /api/v1/ingest} in gzip-compressed batches, with {@code
 * _stream_fields=service,host,source}.
 *
 * <p>A batch goes when it holds {@code batchLines} lines or has waited the flush interval. Batches
 * queue for {@code connections} sender threads (the queue holds two per thread, so a slow server
 * slows the simulation down instead of filling memory). A send that fails to connect, or is
 * answered 429 or 5xx, is retried after 250 ms, 500 ms, 1 s... up to {@code retries} times; then
 * the run stops with the last error. A 400 means the server rejected every line of the batch: they
 * are counted and the first reasons kept, and the run goes on. Any other answer stops the run.
 *
 * <p>Thread-safety: {@link #write}, {@link #tick} and {@link #close} on the simulation's thread;
 * the counters are read after {@link #close}.
 */
final class OutputHttp implements Output {
  /** Where batches go and how. */
  record Settings(
      int batchLines,
      long flushIntervalNanos,
      int retries,
      long firstBackoffNanos,
      int connections) {
    Settings {
      if (batchLines < 1 || connections < 1 || retries < 0 || firstBackoffNanos < 0) {
        throw new IllegalArgumentException(
            "batch lines and connections must be at least 1, retries and backoff at least 0");
      }
    }
  }

  static final String STREAM_FIELDS = "service,host,source";

  private static final int MAX_REASONS = 5;
  private static final long MAX_BACKOFF_NANOS = 8_000_000_000L;
  private static final JsonFactory JSON = new JsonFactory();

  /** A batch of NDJSON text, or the end mark when {@code body} is null. */
  private record Batch(String body, int lines) {}

  private static final Batch END = new Batch(null, 0);

  private final URI endpoint;
  private final Settings settings;
  private final HttpClient client;
  private final BlockingQueue<Batch> queue;
  private final List<Thread> senders = new ArrayList<>();
  private final Formats formats = new Formats();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong retried = new AtomicLong();
  private final AtomicReference<IOException> failure = new AtomicReference<>();
  private final List<String> reasons = Collections.synchronizedList(new ArrayList<>());
  private StringBuilder batch = new StringBuilder(1 << 16);
  private int batchCount;
  private long batchStartNanos = Long.MIN_VALUE;
  private boolean closed;

  OutputHttp(URI server, Settings settings) {
    this.endpoint = ingestEndpoint(server);
    this.settings = settings;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    this.queue = new ArrayBlockingQueue<>(2 * settings.connections());
    for (int index = 0; index < settings.connections(); index++) {
      Thread sender =
          Thread.ofPlatform().daemon().name("simulate-http-" + index).start(this::sendLoop);
      senders.add(sender);
    }
  }

  /** {@code http://host:port} becomes its ingest URL; a URL with a path is taken as it is. */
  static URI ingestEndpoint(URI server) {
    String path = server.getRawPath();
    String base = server.toString();
    if (path == null || path.isEmpty() || path.equals("/")) {
      base = base.replaceAll("/$", "") + "/api/v1/ingest";
    }
    String separator = base.contains("?") ? "&" : "?";
    return URI.create(base + separator + "_stream_fields=" + STREAM_FIELDS.replace(",", "%2C"));
  }

  @Override
  public void write(Line line) throws IOException {
    rethrow();
    formats.ndjson(batch, line);
    batchCount++;
    if (batchCount >= settings.batchLines()) {
      enqueue();
    }
  }

  @Override
  public void tick(long wallNanos) throws IOException {
    rethrow();
    if (batchCount == 0) {
      batchStartNanos = wallNanos;
      return;
    }
    if (batchStartNanos == Long.MIN_VALUE) {
      batchStartNanos = wallNanos;
    }
    if (wallNanos - batchStartNanos >= settings.flushIntervalNanos()) {
      enqueue();
      batchStartNanos = wallNanos;
    }
  }

  private void enqueue() throws IOException {
    Batch full = new Batch(batch.toString(), batchCount);
    batch = new StringBuilder(Math.max(1 << 16, full.body().length() + 1_024));
    batchCount = 0;
    put(full);
  }

  private void put(Batch item) throws IOException {
    try {
      queue.put(item);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting to send to " + endpoint);
    }
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    if (batchCount > 0 && failure.get() == null) {
      enqueue();
    }
    for (int index = 0; index < senders.size(); index++) {
      put(END);
    }
    for (Thread sender : senders) {
      try {
        sender.join();
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for the last sends");
      }
    }
    rethrow();
  }

  private void rethrow() throws IOException {
    IOException failed = failure.get();
    if (failed != null) {
      throw new IOException(failed.getMessage(), failed);
    }
  }

  @Override
  public String summary() {
    StringBuilder text =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%s: %,d lines accepted, %,d rejected in %,d requests (%,d retried)",
                endpoint,
                accepted.get(),
                rejected.get(),
                requests.get(),
                retried.get()));
    for (String reason : reasons) {
      text.append("\n  rejected: ").append(reason);
    }
    return text.toString();
  }

  long accepted() {
    return accepted.get();
  }

  long rejected() {
    return rejected.get();
  }

  private void sendLoop() {
    while (true) {
      Batch next;
      try {
        next = queue.take();
      } catch (InterruptedException interrupted) {
        return;
      }
      if (next.body() == null) {
        return;
      }
      if (failure.get() != null) {
        continue; // the run is stopping: drain the queue so the writer never blocks
      }
      try {
        send(next);
      } catch (IOException failed) {
        failure.compareAndSet(null, failed);
      } catch (InterruptedException interrupted) {
        failure.compareAndSet(null, new InterruptedIOException("interrupted while sending"));
        return;
      }
    }
  }

  private void send(Batch batch) throws IOException, InterruptedException {
    byte[] body = gzip(batch.body());
    String lastError = null;
    for (int attempt = 0; attempt <= settings.retries(); attempt++) {
      if (attempt > 0) {
        retried.incrementAndGet();
        long backoff = Math.min(MAX_BACKOFF_NANOS, settings.firstBackoffNanos() << (attempt - 1));
        Thread.sleep(backoff / 1_000_000, (int) (backoff % 1_000_000));
      }
      HttpRequest request =
          HttpRequest.newBuilder(endpoint)
              .timeout(Duration.ofSeconds(60))
              .header("Content-Type", "application/x-ndjson")
              .header("Content-Encoding", "gzip")
              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
              .build();
      HttpResponse<String> response;
      try {
        requests.incrementAndGet();
        response = client.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (IOException unreachable) {
        lastError = "cannot reach " + endpoint + ": " + describe(unreachable);
        continue;
      }
      int status = response.statusCode();
      if (status == 200 || status == 400) {
        count(response.body(), batch.lines(), status);
        return;
      }
      lastError = "server answered " + status + ": " + response.body().strip();
      if (status != 429 && status < 500) {
        throw new IOException(lastError + (status == 413 ? " (lower --batch-lines)" : ""));
      }
    }
    throw new IOException(
        "gave up on a batch of "
            + batch.lines()
            + " lines after "
            + (settings.retries() + 1)
            + " attempts; last: "
            + lastError);
  }

  private void count(String body, int lines, int status) throws IOException {
    long acceptedHere = 0;
    long rejectedHere = 0;
    try (JsonParser parser = JSON.createParser(body)) {
      String field = null;
      while (parser.nextToken() != null) {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.FIELD_NAME) {
          field = parser.currentName();
        } else if (token.isNumeric() && "accepted".equals(field)) {
          acceptedHere = parser.getLongValue();
        } else if (token.isNumeric() && "rejected".equals(field)) {
          rejectedHere = parser.getLongValue();
        } else if (token == JsonToken.VALUE_STRING && "reason".equals(field)) {
          if (reasons.size() < MAX_REASONS) {
            reasons.add(parser.getText());
          }
        }
      }
    }
    if (status == 400 && acceptedHere + rejectedHere == 0) {
      rejectedHere = lines;
    }
    accepted.addAndGet(acceptedHere);
    rejected.addAndGet(rejectedHere);
  }

  private static String describe(IOException failure) {
    if (failure instanceof java.net.ConnectException) {
      return "connection refused; is loupe serve running there?";
    }
    String message = failure.getMessage();
    String kind = failure.getClass().getSimpleName();
    return message == null || message.isBlank() ? kind : kind + " " + message;
  }

  private static byte[] gzip(String text) throws IOException {
    byte[] raw = text.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length / 6 + 64);
    // level 1: five times faster than the default for a ratio a few percent worse on logs
    try (GZIPOutputStream gzip =
        new GZIPOutputStream(bytes, 1 << 16) {
          {
            def.setLevel(Deflater.BEST_SPEED);
          }
        }) {
      gzip.write(raw);
    }
    return bytes.toByteArray();
  }
}
