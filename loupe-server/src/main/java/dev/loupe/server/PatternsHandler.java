package dev.loupe.server;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.loupe.analytics.patterns.PatternReport;
import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import dev.loupe.core.Stream;
import dev.loupe.core.Timestamps;
import dev.loupe.query.exec.QueryStats;
import dev.loupe.query.filter.FilterTimeRelative;
import dev.loupe.query.lang.Query;
import dev.loupe.query.lang.QueryParser;
import dev.loupe.query.lang.QuerySyntaxException;
import dev.loupe.storage.Snapshot;
import dev.loupe.storage.Storage;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.StringWriter;
import java.time.InstantSource;

/**
 * {@code GET /api/v1/patterns?query=…&start=…&end=…&step=…&limit=…}: the patterns of the query's
 * lines in the range, most frequent first, each with its count, a count per step, template, first
 * and last seen, samples and whether it is new ({@link PatternReport}; document in docs/API.md).
 * {@code start} defaults to an hour before {@code end}, {@code end} to now, {@code step} to about a
 * sixtieth of the range, {@code limit} to 100. Answers 404 when pattern mining is off.
 */
final class PatternsHandler implements Handler {
  private static final int DEFAULT_LIMIT = 100;
  private static final long DEFAULT_RANGE_NANOS = 3_600_000_000_000L;

  private final Storage storage;
  private final PatternReport report;
  private final InstantSource clock;
  private final ServerMetrics metrics;

  /** {@code report} is null when pattern mining is off. */
  PatternsHandler(
      Storage storage, PatternReport report, InstantSource clock, ServerMetrics metrics) {
    this.storage = storage;
    this.report = report;
    this.clock = clock;
    this.metrics = metrics;
  }

  @Override
  public void handle(ServerRequest request, ServerResponse response) throws IOException {
    metrics.queries.increment();
    if (report == null) {
      HttpErrors.send(
          response,
          new LoupeException(
              ErrorCode.NOT_FOUND,
              "pattern mining is off on this server; start loupe serve with --max-patterns N"
                  + " (N > 0) to mine patterns at ingest"),
          null);
      return;
    }
    PatternReport.Request parsed;
    try {
      parsed = parse(request);
    } catch (QuerySyntaxException syntax) {
      metrics.queryErrors.increment();
      HttpErrors.send(response, syntax, syntax.position());
      return;
    } catch (LoupeException failure) {
      metrics.queryErrors.increment();
      HttpErrors.send(response, failure, null);
      return;
    }
    PatternReport.Result result;
    try (Snapshot snapshot = storage.snapshot().forTenant(parsed.tenant())) {
      result = report.run(snapshot, parsed);
    } catch (LoupeException failure) {
      metrics.queryErrors.increment();
      HttpErrors.send(response, failure, null);
      return;
    }
    StringWriter text = new StringWriter();
    try (JsonGenerator json = HttpErrors.Json.FACTORY.createGenerator(text)) {
      write(json, result);
    }
    response.header(HeaderNames.CONTENT_TYPE, "application/json");
    response.send(text.append('\n').toString());
  }

  private PatternReport.Request parse(ServerRequest request) {
    String text =
        request
            .query()
            .first("query")
            .orElseThrow(
                () ->
                    new LoupeException(
                        ErrorCode.BAD_REQUEST,
                        "missing parameter 'query': pass ?query=* for every line"));
    Query query = QueryParser.parse(text);
    long now = Timestamps.toNanos(clock.instant());
    String endText = request.query().first("end").orElse("").trim();
    long end = endText.isEmpty() ? now : TimeParameters.parse("end", endText, now);
    String startText = request.query().first("start").orElse("").trim();
    long start =
        startText.isEmpty()
            ? end - DEFAULT_RANGE_NANOS
            : TimeParameters.parse("start", startText, now);
    String stepText = request.query().first("step").orElse("").trim();
    long step =
        stepText.isEmpty() ? PatternReport.defaultStepNanos(start, end) : parseStep(stepText);
    String tenant =
        request
            .query()
            .first("tenant")
            .or(() -> request.headers().first(HeaderNames.create("Loupe-Tenant")))
            .orElse(Stream.DEFAULT_TENANT);
    return new PatternReport.Request(tenant, query, start, end, step, parseLimit(request));
  }

  private static long parseStep(String text) {
    if (!FilterTimeRelative.isDuration(text)) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST,
          "step must be a duration such as 30s, 1m or 1h (units ms, s, m, h, d, w), got '"
              + text
              + "'");
    }
    return new FilterTimeRelative(text).nanos();
  }

  private static int parseLimit(ServerRequest request) {
    String value = request.query().first("limit").orElse("").trim();
    if (value.isEmpty()) {
      return DEFAULT_LIMIT;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException notANumber) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST, "limit must be a positive integer, got '" + value + "'");
    }
  }

  private static void write(JsonGenerator json, PatternReport.Result result) throws IOException {
    json.writeStartObject();
    json.writeStringField("start", Timestamps.format(result.startNanos()));
    json.writeStringField("end", Timestamps.format(result.endNanos()));
    json.writeNumberField("step_ms", result.stepNanos() / 1_000_000);
    json.writeArrayFieldStart("patterns");
    for (PatternReport.Row row : result.patterns()) {
      json.writeStartObject();
      json.writeStringField("id", row.id());
      json.writeStringField("template", row.template());
      json.writeNumberField("count", row.count());
      writeTime(json, "first_seen", row.firstSeenNanos());
      writeTime(json, "last_seen", row.lastSeenNanos());
      json.writeBooleanField("new", row.isNew());
      json.writeArrayFieldStart("series");
      for (long count : row.series()) {
        json.writeNumber(count);
      }
      json.writeEndArray();
      json.writeArrayFieldStart("samples");
      for (String sample : row.samples()) {
        json.writeString(sample);
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    json.writeEndArray();
    writeStatus(json, result.stats());
    json.writeEndObject();
  }

  private static void writeTime(JsonGenerator json, String name, Long nanos) throws IOException {
    if (nanos == null) {
      json.writeNullField(name);
    } else {
      json.writeStringField(name, Timestamps.format(nanos));
    }
  }

  private static void writeStatus(JsonGenerator json, QueryStats stats) throws IOException {
    json.writeObjectFieldStart("_status");
    json.writeNumberField("rows_scanned", stats.rowsScanned());
    json.writeNumberField("blocks_total", stats.blocksTotal());
    json.writeNumberField("blocks_scanned", stats.blocksScanned());
    json.writeNumberField("blocks_skipped", stats.blocksSkipped());
    json.writeNumberField("duration_ms", stats.durationNanos() / 1e6);
    json.writeEndObject();
  }
}
