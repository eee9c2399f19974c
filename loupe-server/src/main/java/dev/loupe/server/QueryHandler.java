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
import dev.loupe.query.exec.QueryPlan;
import dev.loupe.query.exec.QueryStats;
import dev.loupe.query.exec.ResultRow;
import dev.loupe.query.lang.Query;
import dev.loupe.query.lang.QueryParser;
import dev.loupe.query.lang.QuerySyntaxException;
import dev.loupe.query.pipe.PipePatterns;
import dev.loupe.query.pipe.PipeStats;
import dev.loupe.storage.BlockRef;
import dev.loupe.storage.Snapshot;
import dev.loupe.storage.Storage;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

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
    return parse(request, false);
  }

  /** {@code export}: no limit and no table; its own {@code format} is read by the caller. */
  private Request parse(ServerRequest request, boolean export) {
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
    int limit = export ? 0 : parseLimit(request.query().first("limit").orElse(null));
    String tenant =
        request
            .query()
            .first("tenant")
            .or(() -> request.headers().first(HeaderNames.create("Loupe-Tenant")))
            .orElse(Stream.DEFAULT_TENANT);
    return new Request(query, range, limit, tenant, !export && isTable(request, query));
  }

  /** {@code ?format=table|ndjson}; without it, a table for stats queries (a small result). */
  private static boolean isTable(ServerRequest request, Query query) {
    String format = request.query().first("format").orElse("").trim();
    return switch (format) {
      case "table" -> true;
      case "ndjson" -> false;
      case "" ->
          query.pipes().stream()
              .anyMatch(pipe -> pipe instanceof PipeStats || pipe instanceof PipePatterns);
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
    return parseOrAnswer(request, response, false);
  }

  private Request parseOrAnswer(ServerRequest request, ServerResponse response, boolean export) {
    try {
      return parse(request, export);
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
    try (Snapshot snapshot = openSnapshot(parsed.tenant());
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
    try (Snapshot snapshot = openSnapshot(parsed.tenant())) {
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
    try (Snapshot snapshot = openSnapshot(parsed.tenant())) {
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

  /**
   * A snapshot of the tenant's data that counts as a running query ({@code loupe_queries_running})
   * until it is closed: the gauge shows whether queries release their snapshot, including when
   * their client went away mid-stream.
   */
  private Snapshot openSnapshot(String tenant) {
    Snapshot tenantSnapshot = storage.snapshot().forTenant(tenant);
    metrics.queriesRunning.incrementAndGet();
    long startedNanos = System.nanoTime(); // measurement for /metrics, not logic
    AtomicBoolean closed = new AtomicBoolean();
    return new Snapshot() {
      @Override
      public List<BlockRef> blocks(TimeRange range) {
        return tenantSnapshot.blocks(range);
      }

      @Override
      public void close() {
        if (closed.compareAndSet(false, true)) {
          try {
            tenantSnapshot.close();
          } finally {
            metrics.queriesRunning.decrementAndGet();
            metrics.queryDurations.observe(System.nanoTime() - startedNanos);
          }
        }
      }
    };
  }

  /**
   * {@code GET /api/v1/explain?query=…&start=…&end=…}: the plan of the query and an estimate of its
   * cost from block headers, without reading any block. See docs/API.md for the document.
   */
  void explain(ServerRequest request, ServerResponse response) throws IOException {
    Request parsed = parseOrAnswer(request, response);
    if (parsed == null) {
      return;
    }
    QueryPlan plan;
    try (Snapshot snapshot = openSnapshot(parsed.tenant())) {
      plan = executor.explain(snapshot, parsed.query(), parsed.range());
    } catch (LoupeException failure) {
      HttpErrors.send(response, failure, null);
      return;
    }
    StringWriter text = new StringWriter();
    try (JsonGenerator json = HttpErrors.Json.FACTORY.createGenerator(text)) {
      writePlan(json, plan);
    }
    response.header(HeaderNames.CONTENT_TYPE, "application/json");
    response.send(text.append('\n').toString());
  }

  private static void writePlan(JsonGenerator json, QueryPlan plan) throws IOException {
    json.writeStartObject();
    json.writeStringField("query", plan.query());
    json.writeArrayFieldStart("filters");
    for (QueryPlan.FilterStep step : plan.filters()) {
      json.writeStartObject();
      json.writeStringField("filter", step.filter());
      json.writeArrayFieldStart("skips_by");
      for (String skip : step.skipsBy()) {
        json.writeString(skip);
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeArrayFieldStart("pipes");
    for (String pipe : plan.pipes()) {
      json.writeString(pipe);
    }
    json.writeEndArray();
    json.writeObjectFieldStart("estimate");
    json.writeNumberField("blocks_total", plan.blocksTotal());
    json.writeNumberField("blocks_surviving", plan.blocksSurviving());
    json.writeNumberField("blocks_skipped", plan.blocksTotal() - plan.blocksSurviving());
    json.writeNumberField("rows", plan.rowsSurviving());
    json.writeNumberField("bytes_to_read", plan.bytesToRead());
    json.writeEndObject();
    json.writeEndObject();
  }

  /**
   * {@code GET /api/v1/export?query=…&format=ndjson|csv&fields=…&start=…&end=…}: every matching
   * row, newest first, with no limit, streamed as found (see {@link QueryExecutor#export}). NDJSON
   * rows and the final status or error line are as for {@code /api/v1/query}. CSV has a header row
   * of the {@code fields} columns (default {@code _time,_stream,_msg}; the union of every row's
   * fields is not known until the end, and holding rows to learn it is what an export must not do),
   * RFC 4180 quoting and CRLF line ends; a failure after the header cannot be told in CSV, so it
   * cuts the response short (the chunked body never ends properly).
   */
  void export(ServerRequest request, ServerResponse response) throws IOException {
    metrics.queries.increment();
    Request parsed = parseOrAnswer(request, response, true);
    if (parsed == null) {
      return;
    }
    boolean csv;
    List<String> columns;
    try {
      csv = isCsv(request);
      columns = exportColumns(request);
    } catch (LoupeException failure) {
      metrics.queryErrors.increment();
      HttpErrors.send(response, failure, null);
      return;
    }
    if (!parsed.query().pipes().isEmpty()) {
      metrics.queryErrors.increment();
      HttpErrors.send(
          response,
          new LoupeException(
              ErrorCode.BAD_REQUEST,
              "export takes filters only; run piped queries on /api/v1/query"),
          null);
      return;
    }
    long now = Timestamps.toNanos(clock.instant());
    if (csv) {
      exportCsv(parsed, columns, response, now);
    } else {
      exportNdjson(parsed, response, now);
    }
  }

  private void exportNdjson(Request parsed, ServerResponse response, long now) throws IOException {
    response.header(HeaderNames.CONTENT_TYPE, "application/x-ndjson");
    try (Snapshot snapshot = openSnapshot(parsed.tenant());
        OutputStream output = response.outputStream();
        JsonGenerator json = HttpErrors.Json.FACTORY.createGenerator(output)) {
      json.setRootValueSeparator(null);
      RowWriter rows = new RowWriter(json);
      QueryStats stats;
      try {
        stats = executor.export(snapshot, parsed.query(), parsed.range(), rows::write, now);
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

  private void exportCsv(Request parsed, List<String> columns, ServerResponse response, long now)
      throws IOException {
    response.header(HeaderNames.CONTENT_TYPE, "text/csv; charset=utf-8; header=present");
    try (Snapshot snapshot = openSnapshot(parsed.tenant());
        Writer output = new OutputStreamWriter(response.outputStream(), StandardCharsets.UTF_8)) {
      CsvWriter rows = new CsvWriter(output, columns);
      rows.writeHeader();
      try {
        executor.export(snapshot, parsed.query(), parsed.range(), rows::write, now);
      } catch (LoupeException failure) {
        metrics.queryErrors.increment();
        throw failure; // CSV has no place for an error: cut the response short
      }
    }
  }

  private static boolean isCsv(ServerRequest request) {
    String format = request.query().first("format").orElse("").trim();
    return switch (format) {
      case "csv" -> true;
      case "ndjson", "" -> false;
      default ->
          throw new LoupeException(
              ErrorCode.BAD_REQUEST,
              "format must be 'csv' or 'ndjson' for an export, got '"
                  + format
                  + "'; leave it out for ndjson");
    };
  }

  /** {@code ?fields=_time,level,_msg}: the CSV columns, in order. */
  private static List<String> exportColumns(ServerRequest request) {
    String fields = request.query().first("fields").orElse("").trim();
    if (fields.isEmpty()) {
      return List.of("_time", "_stream", "_msg");
    }
    List<String> columns =
        Arrays.stream(fields.split(",", -1)).map(String::trim).distinct().toList();
    if (columns.stream().anyMatch(String::isEmpty)) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST,
          "fields must be field names separated by commas, got '"
              + fields
              + "'; for example fields=_time,level,_msg");
    }
    return columns;
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

  /**
   * Writes rows as RFC 4180 CSV with a fixed list of columns (a row without a field has an empty
   * cell); notices a client that went away and tells the executor to stop.
   */
  private static final class CsvWriter {
    private final Writer output;
    private final List<String> columns;
    private final Map<String, Integer> columnIndexes = new LinkedHashMap<>();
    private final String[] cells;
    private int sinceFlush;

    CsvWriter(Writer output, List<String> columns) {
      this.output = output;
      this.columns = columns;
      for (String column : columns) {
        columnIndexes.put(column, columnIndexes.size()); // columns are distinct
      }
      this.cells = new String[columns.size()];
    }

    void writeHeader() throws IOException {
      writeLine(columns.toArray(String[]::new));
      output.flush();
    }

    boolean write(ResultRow row) {
      Arrays.fill(cells, "");
      for (Field field : row.fields()) {
        Integer index = columnIndexes.get(field.name());
        if (index != null) {
          cells[index] = field.value();
        }
      }
      try {
        writeLine(cells);
        if (++sinceFlush >= FLUSH_EVERY_ROWS) {
          output.flush();
          sinceFlush = 0;
        }
        return true;
      } catch (IOException | UncheckedIOException gone) {
        return false;
      }
    }

    private void writeLine(String[] values) throws IOException {
      for (int index = 0; index < values.length; index++) {
        if (index > 0) {
          output.write(',');
        }
        output.write(quote(values[index]));
      }
      output.write("\r\n");
    }

    /** RFC 4180: a cell with a comma, quote or line break is quoted, its quotes doubled. */
    static String quote(String value) {
      boolean needsQuotes =
          value.indexOf(',') >= 0
              || value.indexOf('"') >= 0
              || value.indexOf('\n') >= 0
              || value.indexOf('\r') >= 0;
      if (!needsQuotes) {
        return value;
      }
      return '"' + value.replace("\"", "\"\"") + '"';
    }
  }
}
