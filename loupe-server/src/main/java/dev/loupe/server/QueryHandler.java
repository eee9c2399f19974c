package dev.loupe.server;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.loupe.core.ErrorCode;
import dev.loupe.core.Field;
import dev.loupe.core.LoupeException;
import dev.loupe.core.Stream;
import dev.loupe.core.TimeRange;
import dev.loupe.core.Timestamps;
import dev.loupe.query.exec.HitCount;
import dev.loupe.query.exec.QueryExecutor;
import dev.loupe.query.exec.QueryStats;
import dev.loupe.query.exec.ResultRow;
import dev.loupe.query.lang.Query;
import dev.loupe.query.lang.QueryParser;
import dev.loupe.query.lang.QuerySyntaxException;
import dev.loupe.query.pipe.PipeStats;
import dev.loupe.storage.Snapshot;
import dev.loupe.storage.Storage;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/query?query=…&start=…&end=…&limit=…&format=…}: the rows of the query, pipes
 * included ({@link QueryExecutor#run}). Two formats:
 *
 * <ul>
 *   <li>{@code ndjson} (the default without {@code stats}): one JSON object a line, streamed as the
 *       executor finds them, then one status line {@code
 *       {"_status":{"rows","rows_scanned","blocks_total","blocks_scanned","blocks_skipped",
 *       "bytes_read","duration_ms"}}}. Errors found before the first row (syntax, parameters) are a
 *       JSON error with a 4xx status; a failure after rows were sent ends the stream with {@code
 *       {"_error":{...}}}.
 *   <li>{@code table} (the default with a {@code stats} pipe): one JSON document {@code
 *       {"columns":[…],"rows":[[…],…],"_status":{…}}} sent once the query is done, so any failure
 *       is an ordinary JSON error with its status. Rows are held until then: bounded by the limit,
 *       or by {@code QueryLimits.MAX_STATS_GROUPS} for stats.
 * </ul>
 */
final class QueryHandler implements Handler {
  /** Rows between flushes of the response: small enough to feel live, big enough to be cheap. */
  private static final int FLUSH_EVERY_ROWS = 256;

  private static final int DEFAULT_LIMIT = 1000;

  private final Storage storage;
  private final QueryExecutor executor;
  private final InstantSource clock;
  private final ServerMetrics metrics;

  QueryHandler(
      Storage storage, QueryExecutor executor, InstantSource clock, ServerMetrics metrics) {
    this.storage = storage;
    this.executor = executor;
    this.clock = clock;
    this.metrics = metrics;
  }

  /** What a search or count request asked for, after validation. */
  private record Request(Query query, TimeRange range, int limit, String tenant, boolean table) {}

  private Request parse(ServerRequest request) {
    String text =
        request
            .query()
            .first("query")
            .orElseThrow(
                () ->
                    new LoupeException(
                        ErrorCode.BAD_REQUEST,
                        "missing parameter 'query': pass ?query=error (use * for every line)"));
    Query query = QueryParser.parse(text);
    long now = Timestamps.toNanos(clock.instant());
    long start = parseTime(request, "start", Long.MIN_VALUE, now);
    long end = parseTime(request, "end", Long.MAX_VALUE, now);
    TimeRange range = new TimeRange(start, end);
    int limit = parseLimit(request.query().first("limit").orElse(null));
    String tenant =
        request
            .query()
            .first("tenant")
            .or(() -> request.headers().first(HeaderNames.create("Loupe-Tenant")))
            .orElse(Stream.DEFAULT_TENANT);
    return new Request(query, range, limit, tenant, isTable(request, query));
  }

  /** {@code ?format=table|ndjson}; without it, a table for stats queries (a small result). */
  private static boolean isTable(ServerRequest request, Query query) {
    String format = request.query().first("format").orElse("").trim();
    return switch (format) {
      case "table" -> true;
      case "ndjson" -> false;
      case "" -> query.pipes().stream().anyMatch(PipeStats.class::isInstance);
      default ->
          throw new LoupeException(
              ErrorCode.BAD_REQUEST,
              "format must be 'table' or 'ndjson', got '"
                  + format
                  + "'; leave it out for ndjson rows, or a table for stats");
    };
  }

  /** Parses the request or answers with the error; null when it answered. */
  private Request parseOrAnswer(ServerRequest request, ServerResponse response) {
    try {
      return parse(request);
    } catch (QuerySyntaxException syntax) {
      metrics.queryErrors.increment();
      HttpErrors.send(response, syntax, syntax.position());
    } catch (LoupeException failure) {
      metrics.queryErrors.increment();
      HttpErrors.send(response, failure, null);
    }
    return null;
  }

  @Override
  public void handle(ServerRequest request, ServerResponse response) throws IOException {
    metrics.queries.increment();
    Request parsed = parseOrAnswer(request, response);
    if (parsed == null) {
      return;
    }
    if (parsed.table()) {
      answerTable(parsed, response);
      return;
    }
    response.header(HeaderNames.CONTENT_TYPE, "application/x-ndjson");
    try (Snapshot snapshot = storage.snapshot().forTenant(parsed.tenant());
        OutputStream output = response.outputStream();
        JsonGenerator json = HttpErrors.Json.FACTORY.createGenerator(output)) {
      json.setRootValueSeparator(null);
      RowWriter rows = new RowWriter(json);
      QueryStats stats;
      try {
        stats = executor.run(snapshot, parsed.query(), parsed.range(), parsed.limit(), rows::write);
      } catch (LoupeException failure) {
        metrics.queryErrors.increment();
        writeError(json, failure);
        return;
      }
      if (rows.clientGone) {
        return;
      }
      writeStatus(json, stats);
    }
  }

  private void answerTable(Request parsed, ServerResponse response) throws IOException {
    List<ResultRow> rows = new ArrayList<>();
    QueryStats stats;
    try (Snapshot snapshot = storage.snapshot().forTenant(parsed.tenant())) {
      stats = executor.run(snapshot, parsed.query(), parsed.range(), parsed.limit(), rows::add);
    } catch (LoupeException failure) {
      metrics.queryErrors.increment();
      HttpErrors.send(response, failure, null);
      return;
    }
    StringWriter text = new StringWriter();
    try (JsonGenerator json = HttpErrors.Json.FACTORY.createGenerator(text)) {
      writeTable(json, rows, stats);
    }
    response.header(HeaderNames.CONTENT_TYPE, "application/json");
    response.send(text.append('\n').toString());
  }

  /**
   * {@code {"columns":[…],"rows":[[…],…],"_status":{…}}}: the columns are every field name in order
   * of first appearance; a row without a field has null in its column. Values are strings, as in
   * NDJSON rows.
   */
  private static void writeTable(JsonGenerator json, List<ResultRow> rows, QueryStats stats)
      throws IOException {
    Map<String, Integer> columns = new LinkedHashMap<>();
    for (ResultRow row : rows) {
      for (Field field : row.fields()) {
        columns.putIfAbsent(field.name(), columns.size());
      }
    }
    json.writeStartObject();
    json.writeArrayFieldStart("columns");
    for (String column : columns.keySet()) {
      json.writeString(column);
    }
    json.writeEndArray();
    json.writeArrayFieldStart("rows");
    for (ResultRow row : rows) {
      String[] cells = new String[columns.size()];
      for (Field field : row.fields()) {
        cells[columns.get(field.name())] = field.value();
      }
      json.writeStartArray();
      for (String cell : cells) {
        json.writeString(cell);
      }
      json.writeEndArray();
    }
    json.writeEndArray();
    writeStatusField(json, stats);
    json.writeEndObject();
  }

  /**
   * {@code GET /api/v1/hits?query=…&start=…&end=…}: how many lines match, {@code
   * {"hits":N,"_status":{…}}}. Counting runs on all cores and reads no column it need not.
   */
  void hits(ServerRequest request, ServerResponse response) throws IOException {
    metrics.queries.increment();
    Request parsed = parseOrAnswer(request, response);
    if (parsed == null) {
      return;
    }
    if (!parsed.query().pipes().isEmpty()) {
      metrics.queryErrors.increment();
      HttpErrors.send(
          response,
          new LoupeException(
              ErrorCode.BAD_REQUEST,
              "hits counts the lines the filters match and takes no pipes; run the query on"
                  + " /api/v1/query, or end it with '| stats count()' there"),
          null);
      return;
    }
    HitCount count;
    try (Snapshot snapshot = storage.snapshot().forTenant(parsed.tenant())) {
      count = executor.count(snapshot, parsed.query(), parsed.range());
    } catch (LoupeException failure) {
      metrics.queryErrors.increment();
      HttpErrors.send(response, failure, null);
      return;
    }
    StringWriter text = new StringWriter();
    try (JsonGenerator json = HttpErrors.Json.FACTORY.createGenerator(text)) {
      json.writeStartObject();
      json.writeNumberField("hits", count.hits());
      writeStatusField(json, count.stats());
      json.writeEndObject();
    }
    response.header(HeaderNames.CONTENT_TYPE, "application/json");
    response.send(text.append('\n').toString());
  }

  private static long parseTime(ServerRequest request, String name, long absent, long now) {
    String value = request.query().first(name).orElse(null);
    if (value == null || value.isBlank()) {
      return absent;
    }
    return TimeParameters.parse(name, value, now);
  }

  private static int parseLimit(String value) {
    if (value == null || value.isBlank()) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(value.trim());
      if (limit > 0) {
        return limit;
      }
    } catch (NumberFormatException notANumber) {
      // falls through to the error below, which says what is accepted
    }
    throw new LoupeException(
        ErrorCode.BAD_REQUEST, "limit must be a positive integer, got '" + value + "'");
  }

  private static void writeStatus(JsonGenerator json, QueryStats stats) throws IOException {
    json.writeStartObject();
    writeStatusField(json, stats);
    json.writeEndObject();
    json.writeRaw('\n');
    json.flush();
  }

  private static void writeStatusField(JsonGenerator json, QueryStats stats) throws IOException {
    json.writeObjectFieldStart("_status");
    json.writeNumberField("rows", stats.rowsReturned());
    json.writeNumberField("rows_scanned", stats.rowsScanned());
    json.writeNumberField("blocks_total", stats.blocksTotal());
    json.writeNumberField("blocks_scanned", stats.blocksScanned());
    json.writeNumberField("blocks_skipped", stats.blocksSkipped());
    json.writeNumberField("bytes_read", stats.bytesRead());
    json.writeNumberField("duration_ms", stats.durationNanos() / 1e6);
    json.writeEndObject();
  }

  private static void writeError(JsonGenerator json, LoupeException failure) throws IOException {
    json.writeStartObject();
    json.writeObjectFieldStart("_error");
    json.writeStringField("code", failure.code().name());
    json.writeStringField("message", failure.getMessage());
    json.writeEndObject();
    json.writeEndObject();
    json.writeRaw('\n');
    json.flush();
  }

  /** Writes rows as NDJSON; notices a client that went away and tells the executor to stop. */
  private static final class RowWriter {
    private final JsonGenerator json;
    private int sinceFlush;
    private boolean clientGone;

    RowWriter(JsonGenerator json) {
      this.json = json;
    }

    boolean write(ResultRow row) {
      try {
        json.writeStartObject();
        for (Field field : row.fields()) {
          json.writeStringField(field.name(), field.value());
        }
        json.writeEndObject();
        json.writeRaw('\n');
        if (++sinceFlush >= FLUSH_EVERY_ROWS) {
          json.flush();
          sinceFlush = 0;
        }
        return true;
      } catch (IOException | UncheckedIOException gone) {
        clientGone = true;
        return false;
      }
    }
  }
}
