package dev.loupe.server;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.loupe.core.ErrorCode;
import dev.loupe.core.Field;
import dev.loupe.core.FieldNames;
import dev.loupe.core.LogRecord;
import dev.loupe.core.Stream;
import dev.loupe.core.Timestamps;
import dev.loupe.query.filter.Filter;
import dev.loupe.query.filter.FilterTimeRelative;
import dev.loupe.query.filter.RecordFilter;
import dev.loupe.query.lang.QueryParser;
import io.helidon.common.uri.UriQuery;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What a live-tail client asked for, the same over SSE ({@link TailHandler}) and WebSocket ({@link
 * TailSocket}): {@code query} (default {@code *}), {@code tenant} or {@code Loupe-Tenant}, and
 * {@code cursor} or {@code Last-Event-ID}; plus the pieces both transports write: the matcher and
 * the JSON of a line and of a notice.
 */
record TailRequest(Filter filter, TailCursor after, String tenant) {

  /**
   * Reads the parameters of a tail request.
   *
   * @throws dev.loupe.query.lang.QuerySyntaxException if the query does not parse
   * @throws dev.loupe.core.LoupeException if the cursor is malformed
   */
  static TailRequest parse(UriQuery query, Headers headers) {
    Filter filter = QueryParser.parse(query.first("query").orElse("*")).filter();
    String cursor =
        query
            .first("cursor")
            .or(() -> headers.first(HeaderNames.create("Last-Event-ID")))
            .orElse(null);
    TailCursor after = cursor == null || cursor.isBlank() ? null : TailCursor.parse(cursor);
    String tenant =
        query
            .first("tenant")
            .or(() -> headers.first(HeaderNames.create("Loupe-Tenant")))
            .orElse(Stream.DEFAULT_TENANT);
    return new TailRequest(filter, after, tenant);
  }

  /** Subscribes this request to the hub, with the bounded client queue of every tail. */
  TailSubscriber subscribe(TailHub hub, InstantSource clock) {
    return hub.subscribe(after, ServerLimits.TAIL_CLIENT_QUEUE_LINES, matcher(clock));
  }

  /**
   * The lines this client wants: its tenant's, matching its filter. {@code _time:5m} in a tail
   * means "stamped within 5 minutes of now", now being when the batch is dispatched; the filter is
   * resolved again once a second at most.
   */
  TailSubscriber.Matcher matcher(InstantSource clock) {
    Filter query = filter;
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
        return RecordFilter.matches(resolved, records, index);
      }
    };
  }

  /** The cursor of line {@code index} of an entry's batch: {@code position.index}. */
  static String cursor(TailSubscriber.Entry entry, int index) {
    return entry.batch().position() + "." + index;
  }

  /** The same shape as a query row: _time, _stream, _msg, then the fields by name. */
  static String rowJson(LogRecord record) {
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
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    }
    return text.toString();
  }

  /**
   * A notice as JSON: {@code {"dropped":N}} or {@code {"code":"NOT_FOUND","message":…}} for a gap;
   * with {@code "event":…} first when {@code named} (WebSocket, where there is no SSE event name).
   */
  static String noticeJson(TailSubscriber.Entry notice, boolean named) {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = HttpErrors.Json.FACTORY.createGenerator(text)) {
      json.writeStartObject();
      if (notice.gap() != null) {
        if (named) {
          json.writeStringField("event", "gap");
        }
        json.writeStringField("code", ErrorCode.NOT_FOUND.name());
        json.writeStringField("message", notice.gap());
      } else {
        if (named) {
          json.writeStringField("event", "dropped");
        }
        json.writeNumberField("dropped", notice.droppedBefore());
      }
      json.writeEndObject();
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    }
    return text.toString();
  }
}
