package dev.loupe.server;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.loupe.core.ErrorCode;
import dev.loupe.core.Field;
import dev.loupe.core.FieldNames;
import dev.loupe.core.LogRecord;
import dev.loupe.core.LoupeException;
import dev.loupe.core.Stream;
import dev.loupe.core.Timestamps;
import dev.loupe.query.filter.BlockVerdict;
import dev.loupe.query.filter.Filter;
import dev.loupe.query.filter.FilterTimeRelative;
import dev.loupe.query.lang.QueryParser;
import dev.loupe.query.lang.QuerySyntaxException;
import dev.loupe.storage.BlockRef;
import dev.loupe.storage.RecordBlocks;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code GET /api/v1/tail?query=…}: new matching lines as Server-Sent Events, filtered on the
 * server with the query language, each event's id the cursor of its line ({@code position.index}).
 * A client that reconnects with {@code Last-Event-ID} (or {@code ?cursor=}) gets the lines after it
 * without a gap or a duplicate, as long as they are still kept (see {@link TailHub}); otherwise it
 * gets an {@code event: gap}. A client too slow to keep up gets {@code event: dropped} with the
 * number of lines it missed. Comment lines every 15 s keep the connection alive.
 *
 * <p>Lines are sent the moment they enter the memtable, which is just before their ingest request
 * is acknowledged.
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
    Filter filter;
    TailCursor after;
    String tenant;
    try {
      filter = QueryParser.parse(request.query().first("query").orElse("*")).filter();
      String cursor =
          request
              .query()
              .first("cursor")
              .or(() -> request.headers().first(HeaderNames.create("Last-Event-ID")))
              .orElse(null);
      after = cursor == null || cursor.isBlank() ? null : TailCursor.parse(cursor);
      tenant =
          request
              .query()
              .first("tenant")
              .or(() -> request.headers().first(HeaderNames.create("Loupe-Tenant")))
              .orElse(Stream.DEFAULT_TENANT);
    } catch (QuerySyntaxException syntax) {
      HttpErrors.send(response, syntax, syntax.position());
      return;
    } catch (LoupeException failure) {
      HttpErrors.send(response, failure, null);
      return;
    }
    metrics.queries.increment();
    TailSubscriber subscriber =
        hub.subscribe(after, ServerLimits.TAIL_CLIENT_QUEUE_LINES, matcher(filter, tenant, clock));
    response.header(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
    response.header(HeaderNames.CACHE_CONTROL, "no-cache");
    try (OutputStream output = response.outputStream()) {
      write(output, ": tail from " + subscriber.start() + "\n\n");
      stream(subscriber, output);
    } catch (IOException | java.io.UncheckedIOException clientGone) {
      // The client closed the connection: the normal way a tail ends.
    } catch (InterruptedException stopping) {
      Thread.currentThread().interrupt();
    } finally {
      hub.unsubscribe(subscriber);
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
      if (entry.gap() != null) {
        write(output, "event: gap\ndata: " + jsonMessage(entry.gap()) + "\n\n");
        continue;
      }
      if (entry.batch() == null) {
        write(output, "event: dropped\ndata: {\"dropped\":" + entry.droppedBefore() + "}\n\n");
        continue;
      }
      StringBuilder events = new StringBuilder();
      LogRecord[] records = entry.batch().array();
      for (int index : entry.indexes()) {
        events.append("id: ").append(entry.batch().position()).append('.').append(index);
        events.append("\ndata: ").append(rowJson(records[index])).append("\n\n");
      }
      write(output, events.toString());
    }
  }

  /**
   * The lines this client wants: its tenant's, matching its filter. {@code _time:5m} in a tail
   * means "stamped within 5 minutes of now", now being when the batch is dispatched; the filter is
   * resolved again once a second at most.
   */
  private static TailSubscriber.Matcher matcher(Filter query, String tenant, InstantSource clock) {
    return new TailSubscriber.Matcher() {
      private Filter resolved;
      private long resolvedAtNanos = Long.MIN_VALUE;

      @Override
      public boolean matches(LogRecord[] records, int index) {
        if (!records[index].stream().tenant().equals(tenant)) {
          return false;
        }
        long now = Timestamps.toNanos(clock.instant());
        if (resolved == null || now - resolvedAtNanos > 1_000_000_000L) {
          resolved = FilterTimeRelative.resolveAll(query, now);
          resolvedAtNanos = now;
        }
        return TailHandler.matches(resolved, records, index);
      }
    };
  }

  private static boolean matches(Filter filter, LogRecord[] records, int index) {
    BlockRef block = RecordBlocks.of(records, index, index + 1);
    BlockVerdict verdict = filter.verdict(block);
    if (verdict == BlockVerdict.NO_ROWS) {
      return false;
    }
    return verdict == BlockVerdict.ALL_ROWS || filter.matches(block.read(null), 0);
  }

  private static void write(OutputStream output, String text) throws IOException {
    output.write(text.getBytes(StandardCharsets.UTF_8));
    output.flush();
  }

  /** The same shape as a query row: _time, _stream, _msg, then the fields by name. */
  static String rowJson(LogRecord record) throws IOException {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = HttpErrors.Json.FACTORY.createGenerator(text)) {
      json.writeStartObject();
      json.writeStringField(FieldNames.TIME, Timestamps.format(record.timeNanos()));
      json.writeStringField(FieldNames.STREAM, record.stream().canonicalLabels());
      json.writeStringField(FieldNames.MESSAGE, record.message());
      List<Field> fields = new ArrayList<>(record.fields());
      fields.sort(Comparator.comparing(Field::name));
      for (Field field : fields) {
        json.writeStringField(field.name(), field.value());
      }
      json.writeEndObject();
    }
    return text.toString();
  }

  private static String jsonMessage(String message) throws IOException {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = HttpErrors.Json.FACTORY.createGenerator(text)) {
      json.writeStartObject();
      json.writeStringField("code", ErrorCode.NOT_FOUND.name());
      json.writeStringField("message", message);
      json.writeEndObject();
    }
    return text.toString();
  }
}
