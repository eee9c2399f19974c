package dev.loupe.server;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LogRecord;
import dev.loupe.core.LoupeException;
import dev.loupe.core.Timestamps;
import dev.loupe.ingest.Decoder;
import dev.loupe.ingest.IngestLimits;
import dev.loupe.ingest.IngestParameters;
import dev.loupe.ingest.IngestPipeline;
import dev.loupe.ingest.IngestResult;
import dev.loupe.ingest.LineError;
import dev.loupe.ingest.StreamCache;
import dev.loupe.ingest.body.RequestBodies;
import dev.loupe.ingest.decode.DecoderLokiJson;
import dev.loupe.ingest.decode.DecoderLokiProtobuf;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code POST /loki/api/v1/push}: Loki's push API, as Promtail, Grafana Alloy ({@code loki.write}),
 * Fluent Bit's and Vector's Loki outputs send it. {@code Content-Type: application/json} is read by
 * {@link DecoderLokiJson}, anything else, as by Loki, as snappy-compressed protobuf by {@link
 * DecoderLokiProtobuf}; a {@code Content-Encoding} of gzip or zstd is undone first. Entries go
 * through the {@link IngestPipeline}; the answer comes once every stored entry is durable.
 *
 * <p>Answers as Loki does: 204 with no body when every entry was stored; 400 with a plain-text
 * message when some were rejected (the others are stored: Loki's clients drop a batch answered 400
 * rather than retry it) or the body could not be read; 413, 507 and the other failures with the
 * status of their error code, which the clients retry when it is 5xx or 429.
 *
 * <p>The tenant is the one {@code /api/v1/ingest} would use ({@code tenant} parameter, {@code
 * Loupe-Tenant} header), else Loki's {@code X-Scope-OrgID} header, else {@code default}.
 * Thread-safe.
 */
final class LokiPushHandler implements Handler {
  static final String PATH = "/loki/api/v1/push";

  /** Loki's multi-tenancy header, set by every Loki client that has a tenant. */
  static final HeaderName SCOPE_ORG_ID = HeaderNames.create("X-Scope-OrgID");

  private final IngestPipeline pipeline;
  private final IngestLimits limits;
  private final InstantSource clock;
  private final ServerMetrics metrics;
  private final DecoderLokiJson jsonDecoder;
  private final DecoderLokiProtobuf protobufDecoder;

  LokiPushHandler(
      IngestPipeline pipeline,
      IngestLimits limits,
      StreamCache streams,
      InstantSource clock,
      ServerMetrics metrics) {
    this.pipeline = requireNonNull(pipeline, "pipeline is null");
    this.limits = requireNonNull(limits, "limits is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.jsonDecoder = new DecoderLokiJson(limits, streams);
    this.protobufDecoder = new DecoderLokiProtobuf(limits, streams);
  }

  @Override
  public void handle(ServerRequest request, ServerResponse response) throws IOException {
    metrics.ingestRequests.increment();
    AtomicLong stored = new AtomicLong();
    try {
      IngestParameters parameters = parameters(request);
      String contentType = request.headers().first(HeaderNames.CONTENT_TYPE).orElse("");
      Decoder decoder = isJson(contentType) ? jsonDecoder : protobufDecoder;
      String encoding = request.headers().first(HeaderNames.CONTENT_ENCODING).orElse(null);
      IngestResult result;
      try (InputStream body =
          RequestBodies.open(request.content().inputStream(), encoding, limits.maxBodyBytes())) {
        result = decoder.decode(body, parameters, batch -> store(batch, stored));
      }
      metrics.ingestAcceptedLines.add(result.accepted());
      metrics.ingestRejectedLines.add(result.rejected());
      if (result.rejected() == 0) {
        response.status(Status.NO_CONTENT_204);
        response.send();
        return;
      }
      sendText(response, Status.BAD_REQUEST_400, rejections(result));
    } catch (LoupeException failure) {
      if (failure.code() == ErrorCode.INSUFFICIENT_STORAGE) {
        metrics.ingestRefused.increment();
      }
      String message = failure.getMessage();
      if (stored.get() > 0 && failure.code() != ErrorCode.BAD_REQUEST) {
        message += " (" + stored.get() + " entries of this request were stored before the failure)";
      }
      sendText(response, Status.create(failure.code().httpStatus()), message);
    }
  }

  private IngestParameters parameters(ServerRequest request) {
    long receiveNanos = Timestamps.toNanos(clock.instant());
    IngestParameters parameters =
        IngestParameters.fromRequest(
            name -> request.query().first(name).orElse(null),
            name -> request.headers().first(HeaderNames.create(name)).orElse(null),
            receiveNanos);
    boolean tenantGiven =
        !request.query().first(IngestParameters.QUERY_TENANT).orElse("").isBlank()
            || !request
                .headers()
                .first(HeaderNames.create(IngestParameters.HEADER_TENANT))
                .orElse("")
                .isBlank();
    String orgId = request.headers().first(SCOPE_ORG_ID).orElse("").strip();
    if (!tenantGiven && !orgId.isEmpty()) {
      return parameters.withTenant(orgId);
    }
    return parameters;
  }

  private void store(List<LogRecord> batch, AtomicLong stored) {
    pipeline.accept(batch);
    stored.addAndGet(batch.size());
  }

  private static boolean isJson(String contentType) {
    return contentType.toLowerCase(Locale.ROOT).startsWith("application/json");
  }

  /** Loki's clients log the body of a 400: it says how many entries failed and why. */
  private static String rejections(IngestResult result) {
    StringBuilder text =
        new StringBuilder()
            .append(result.rejected())
            .append(" of ")
            .append(result.accepted() + result.rejected())
            .append(" entries rejected, the others were stored");
    for (LineError error : result.firstErrors()) {
      text.append("\n").append(error.reason());
    }
    return text.toString();
  }

  private static void sendText(ServerResponse response, Status status, String message) {
    response.status(status);
    response.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=UTF-8");
    response.send(message + "\n");
  }
}
