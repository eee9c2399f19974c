package dev.loupe.server;

import dev.loupe.core.LogRecord;
import dev.loupe.core.LoupeException;
import dev.loupe.query.lang.QuerySyntaxException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code GET /api/v1/tail?query=…}: new matching lines as Server-Sent Events, filtered on the
 * server with the query language, each event's id the cursor of its line ({@code position.index}).
 * A client that reconnects with {@code Last-Event-ID} (or {@code ?cursor=}) gets the lines after it
 * without a gap or a duplicate, as long as they are still kept (see {@link TailHub}); otherwise it
 * gets an {@code event: gap}. A client too slow to keep up gets {@code event: dropped} with the
 * number of lines it missed. Comment lines every 15 s keep the connection alive. The same tail over
 * WebSocket is {@link TailSocket}; what both share is in {@link TailRequest}.
 *
 * <p>Lines are sent the moment they enter the memtable, which is just before their ingest request
 * is acknowledged. They are written from a platform thread, not the request's virtual thread:
 * virtual threads are not preempted, so under saturated ingest a tail's virtual thread would wait
 * for a carrier behind CPU-bound decoding of ingest bodies (hundreds of milliseconds on two cores),
 * while the OS time-slices platform threads. {@code --max-tails} bounds how many there are.
 */
final class TailHandler implements Handler {
  private final TailHub hub;
  private final ServerMetrics metrics;
  private final InstantSource clock;

  TailHandler(TailHub hub, ServerMetrics metrics, InstantSource clock) {
    this.hub = hub;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public void handle(ServerRequest request, ServerResponse response) throws IOException {
    TailRequest tail;
    try {
      tail = TailRequest.parse(request.query(), request.headers());
    } catch (QuerySyntaxException syntax) {
      HttpErrors.send(response, syntax, syntax.position());
      return;
    } catch (LoupeException failure) {
      HttpErrors.send(response, failure, null);
      return;
    }
    metrics.queries.increment();
    TailSubscriber subscriber;
    try {
      subscriber = tail.subscribe(hub, clock);
    } catch (LoupeException refused) {
      HttpErrors.send(response, refused, null);
      return;
    }
    response.header(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
    response.header(HeaderNames.CACHE_CONTROL, "no-cache");
    try (OutputStream output = response.outputStream()) {
      write(output, ": tail from " + subscriber.start() + "\n\n");
      streamFromPlatformThread(subscriber, output);
    } catch (IOException | java.io.UncheckedIOException clientGone) {
      // The client closed the connection: the normal way a tail ends.
    } catch (InterruptedException stopping) {
      Thread.currentThread().interrupt();
    } finally {
      hub.unsubscribe(subscriber);
    }
  }

  /** Runs {@link #stream} on a platform thread (see the class note) and waits for it to end. */
  private static void streamFromPlatformThread(TailSubscriber subscriber, OutputStream output)
      throws IOException, InterruptedException {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread sender =
        Thread.ofPlatform()
            .daemon()
            .name("loupe-tail-sse")
            .start(
                () -> {
                  try {
                    stream(subscriber, output);
                  } catch (InterruptedException stopping) {
                    // Interrupted by the request thread below: the server is stopping.
                  } catch (IOException | RuntimeException | Error thrown) {
                    failure.set(thrown);
                  }
                });
    try {
      sender.join();
    } catch (InterruptedException stopping) {
      sender.interrupt();
      throw stopping;
    }
    switch (failure.get()) {
      case null -> {}
      case IOException clientGone -> throw clientGone;
      case RuntimeException runtime -> throw runtime;
      case Error error -> throw error;
      default -> throw new IllegalStateException(failure.get());
    }
  }

  private static void stream(TailSubscriber subscriber, OutputStream output)
      throws IOException, InterruptedException {
    while (!Thread.currentThread().isInterrupted()) {
      TailSubscriber.Entry entry = subscriber.take(ServerLimits.TAIL_HEARTBEAT_MILLIS);
      if (entry == null) {
        write(output, ": keepalive\n\n");
        continue;
      }
      if (entry.batch() == null) {
        String event = entry.gap() != null ? "gap" : "dropped";
        write(
            output, "event: " + event + "\ndata: " + TailRequest.noticeJson(entry, false) + "\n\n");
        continue;
      }
      StringBuilder events = new StringBuilder();
      LogRecord[] records = entry.batch().array();
      for (int index : entry.indexes()) {
        events.append("id: ").append(TailRequest.cursor(entry, index));
        events.append("\ndata: ").append(TailRequest.rowJson(records[index])).append("\n\n");
      }
      write(output, events.toString());
    }
  }

  private static void write(OutputStream output, String text) throws IOException {
    output.write(text.getBytes(StandardCharsets.UTF_8));
    output.flush();
  }
}
