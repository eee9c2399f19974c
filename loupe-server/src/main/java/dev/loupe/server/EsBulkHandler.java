package dev.loupe.server;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.loupe.core.ErrorCode;
import dev.loupe.core.LogRecord;
import dev.loupe.core.LoupeException;
import dev.loupe.core.Timestamps;
import dev.loupe.ingest.IngestLimits;
import dev.loupe.ingest.IngestParameters;
import dev.loupe.ingest.IngestPipeline;
import dev.loupe.ingest.StreamCache;
import dev.loupe.ingest.body.RequestBodies;
import dev.loupe.ingest.decode.BulkItem;
import dev.loupe.ingest.decode.BulkResult;
import dev.loupe.ingest.decode.DecoderEsBulk;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code POST /_bulk} and {@code POST /{index}/_bulk}, under {@code /insert/elasticsearch} or at
 * the root: Elasticsearch's bulk API as Filebeat, Logstash, Fluent Bit, Vector and the official
 * clients send it. The body ({@link DecoderEsBulk}; gzip or zstd as {@code Content-Encoding}) goes
 * through the {@link IngestPipeline}; the answer is sent once every stored document is durable:
 *
 * <pre>{@code
 * {"took":3,"errors":true,"items":[
 *   {"create":{"_index":"logs","_id":"…","_version":1,"result":"created",
 *              "_shards":{"total":1,"successful":1,"failed":0},"_seq_no":0,"_primary_term":1,
 *              "status":201}},
 *   {"create":{"_index":"logs","_id":"…","status":400,
 *              "error":{"type":"document_parsing_exception","reason":"source line 4: …"}}}]}
 * }</pre>
 *
 * <p>Status 200 whatever became of the items, as in Elasticsearch: shippers retry a whole request
 * on 5xx and 429, and drop items that fail with 400, which is right for a document that cannot be
 * read. A body over the size limit is a 413 (Filebeat then splits its batch), a full disk a 507;
 * both say how many documents were stored before.
 *
 * <p>Query parameters and headers are those of {@code /api/v1/ingest} ({@code _stream_fields},
 * {@code _time_field}, {@code _msg_field}, {@code tenant}); without {@code _time_field} or {@code
 * _msg_field} the Elastic shippers' names are used ({@link DecoderEsBulk#DEFAULT_TIME_FIELDS},
 * {@link DecoderEsBulk#DEFAULT_MESSAGE_FIELDS}). Other Elasticsearch parameters ({@code
 * filter_path}, {@code refresh}, {@code pipeline}, {@code timeout}) are accepted and ignored.
 * Thread-safe.
 */
final class EsBulkHandler {
  private final IngestPipeline pipeline;
  private final IngestLimits limits;
  private final InstantSource clock;
  private final ServerMetrics metrics;
  private final DecoderEsBulk decoder;

  EsBulkHandler(
      IngestPipeline pipeline,
      IngestLimits limits,
      StreamCache streams,
      InstantSource clock,
      ServerMetrics metrics) {
    this.pipeline = requireNonNull(pipeline, "pipeline is null");
    this.limits = requireNonNull(limits, "limits is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.decoder = new DecoderEsBulk(limits, streams);
  }

  /**
   * @param pathIndex the {@code {index}} of the path, or null
   */
  void handle(ServerRequest request, ServerResponse response, String pathIndex) throws IOException {
    metrics.ingestRequests.increment();
    Instant started = clock.instant();
    AtomicLong stored = new AtomicLong();
    BulkResult result;
    try {
      IngestParameters parameters = parameters(request, Timestamps.toNanos(started));
      String encoding = request.headers().first(HeaderNames.CONTENT_ENCODING).orElse(null);
      try (InputStream body =
          RequestBodies.open(request.content().inputStream(), encoding, limits.maxBodyBytes())) {
        result = decoder.decodeBulk(body, parameters, pathIndex, batch -> store(batch, stored));
      }
    } catch (LoupeException failure) {
      refused(response, failure, stored.get());
      return;
    }
    metrics.ingestAcceptedLines.add(result.summary().accepted());
    metrics.ingestRejectedLines.add(result.summary().rejected());
    long took = Math.max(0, clock.instant().toEpochMilli() - started.toEpochMilli());
    response.status(Status.OK_200);
    response.header(EsResponses.PRODUCT, EsResponses.PRODUCT_NAME);
    response.header(HeaderNames.CONTENT_TYPE, "application/json");
    try (OutputStream out = response.outputStream();
        JsonGenerator json = HttpErrors.Json.FACTORY.createGenerator(out)) {
      writeResult(json, result, took);
    }
  }

  private IngestParameters parameters(ServerRequest request, long receiveNanos) {
    IngestParameters parameters =
        IngestParameters.fromRequest(
            name -> request.query().first(name).orElse(null),
            name -> request.headers().first(HeaderNames.create(name)).orElse(null),
            receiveNanos);
    if (absent(request, IngestParameters.QUERY_TIME_FIELD, IngestParameters.HEADER_TIME_FIELD)) {
      parameters = parameters.withTimeFields(DecoderEsBulk.DEFAULT_TIME_FIELDS);
    }
    if (absent(
        request, IngestParameters.QUERY_MESSAGE_FIELD, IngestParameters.HEADER_MESSAGE_FIELD)) {
      parameters = parameters.withMessageFields(DecoderEsBulk.DEFAULT_MESSAGE_FIELDS);
    }
    return parameters;
  }

  private static boolean absent(ServerRequest request, String queryName, String headerName) {
    String query = request.query().first(queryName).orElse("");
    String header = request.headers().first(HeaderNames.create(headerName)).orElse("");
    return query.isBlank() && header.isBlank();
  }

  private void store(List<LogRecord> batch, AtomicLong stored) {
    pipeline.accept(batch);
    stored.addAndGet(batch.size());
  }

  private void refused(ServerResponse response, LoupeException failure, long stored) {
    if (failure.code() == ErrorCode.INSUFFICIENT_STORAGE) {
      metrics.ingestRefused.increment();
    }
    String reason = failure.getMessage();
    if (stored > 0) {
      reason += " (" + stored + " documents of this request were stored before the failure)";
    }
    int status = failure.code().httpStatus();
    EsResponses.sendError(response, status, errorType(failure.code()), reason);
  }

  private static String errorType(ErrorCode code) {
    return switch (code) {
      case PAYLOAD_TOO_LARGE -> "content_too_long_exception";
      case INSUFFICIENT_STORAGE -> "loupe_insufficient_storage_exception";
      case UNAVAILABLE -> "loupe_unavailable_exception";
      case BAD_REQUEST -> "parse_exception";
      default -> "loupe_exception";
    };
  }

  /** The field order of Elasticsearch's own answer; Fluent Bit matches part of it as text. */
  private static void writeResult(JsonGenerator json, BulkResult result, long took)
      throws IOException {
    json.writeStartObject();
    json.writeNumberField("took", took);
    json.writeBooleanField("errors", result.hasErrors());
    json.writeArrayFieldStart("items");
    List<BulkItem> items = result.items();
    char[] generatedId = new char[BulkResult.GENERATED_ID_CHARS];
    for (int position = 0; position < items.size(); position++) {
      writeItem(json, result, position, generatedId);
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  /**
   * @param generatedId a buffer for ids Loupe makes up, reused for every item: one string less per
   *     document
   */
  private static void writeItem(
      JsonGenerator json, BulkResult result, int position, char[] generatedId) throws IOException {
    BulkItem item = result.items().get(position);
    json.writeStartObject();
    json.writeObjectFieldStart(item.action().wireName());
    // Clients read _index as required: an item that named none shows the empty name.
    json.writeStringField("_index", item.index() == null ? "" : item.index());
    if (result.hasGivenId(position)) {
      json.writeStringField("_id", item.id());
    } else {
      result.generatedId(position, generatedId);
      json.writeFieldName("_id");
      json.writeString(generatedId, 0, generatedId.length);
    }
    if (item.failed()) {
      json.writeNumberField("status", item.status());
      json.writeObjectFieldStart("error");
      json.writeStringField("type", item.errorType());
      json.writeStringField("reason", item.errorReason());
      json.writeEndObject();
    } else {
      json.writeNumberField("_version", 1);
      json.writeStringField("result", "created");
      json.writeObjectFieldStart("_shards");
      json.writeNumberField("total", 1);
      json.writeNumberField("successful", 1);
      json.writeNumberField("failed", 0);
      json.writeEndObject();
      json.writeNumberField("_seq_no", position);
      json.writeNumberField("_primary_term", 1);
      json.writeNumberField("status", item.status());
    }
    json.writeEndObject();
    json.writeEndObject();
  }
}
