package dev.loupe.server;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.loupe.core.ErrorCode;
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
import dev.loupe.ingest.decode.SyslogOptions;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code POST /api/v1/ingest}: newline-delimited JSON (default), logfmt, access logs, plain text or
 * syslog, chosen by {@link IngestFormats} from {@code _format}, {@code Loupe-Format} or the
 * Content-Type; optionally gzip or zstd encoded. Decoded batches go through the {@link
 * IngestPipeline} to storage, which returns once they are fsynced; the response is sent after the
 * last batch, so a 200 means every accepted line is durable.
 *
 * <p>Response: {@code {"accepted":N,"rejected":M,"errors":[{"line":L,"reason":"..."}]}}; 200 when
 * anything was accepted or the body was empty, 400 when every line was rejected. A refusal (disk
 * full: 507) or a body over the limit (413) says how many lines were stored before it.
 */
final class IngestHandler implements Handler {
  private final IngestPipeline pipeline;
  private final IngestLimits limits;
  private final InstantSource clock;
  private final ServerMetrics metrics;
  private final IngestFormats formats;

  /**
   * @param syslog how {@code _format=syslog} bodies become records: the server's syslog settings
   */
  IngestHandler(
      IngestPipeline pipeline,
      IngestLimits limits,
      SyslogOptions syslog,
      InstantSource clock,
      ServerMetrics metrics) {
    this.pipeline = pipeline;
    this.limits = limits;
    this.clock = clock;
    this.metrics = metrics;
    this.formats = new IngestFormats(limits, syslog, new StreamCache());
  }

  @Override
  public void handle(ServerRequest request, ServerResponse response) throws IOException {
    metrics.ingestRequests.increment();
    AtomicLong stored = new AtomicLong();
    try {
      long receiveNanos = Timestamps.toNanos(clock.instant());
      IngestParameters parameters =
          IngestParameters.fromRequest(
              name -> request.query().first(name).orElse(null),
              name -> request.headers().first(HeaderNames.create(name)).orElse(null),
              receiveNanos);
      // As for the other ingest parameters: a blank query parameter counts as absent.
      String format =
          request
              .query()
              .first(IngestFormats.QUERY_FORMAT)
              .filter(value -> !value.isBlank())
              .or(() -> request.headers().first(HeaderNames.create(IngestFormats.HEADER_FORMAT)))
              .orElse(null);
      String contentType = request.headers().first(HeaderNames.CONTENT_TYPE).orElse(null);
      Decoder decoder = formats.choose(format, contentType);
      String encoding = request.headers().first(HeaderNames.CONTENT_ENCODING).orElse(null);
      InputStream body =
          RequestBodies.open(request.content().inputStream(), encoding, limits.maxBodyBytes());
      IngestResult result = decoder.decode(body, parameters, batch -> store(batch, stored));
      metrics.ingestAcceptedLines.add(result.accepted());
      metrics.ingestRejectedLines.add(result.rejected());
      boolean allRejected = result.accepted() == 0 && result.rejected() > 0;
      response.status(allRejected ? Status.BAD_REQUEST_400 : Status.OK_200);
      response.header(HeaderNames.CONTENT_TYPE, "application/json");
      response.send(resultBody(result));
    } catch (LoupeException failure) {
      if (failure.code() == ErrorCode.INSUFFICIENT_STORAGE) {
        metrics.ingestRefused.increment();
      }
      String message = failure.getMessage();
      if (stored.get() > 0) {
        message += " (" + stored.get() + " lines of this request were stored before the failure)";
      }
      HttpErrors.send(response, new LoupeException(failure.code(), message, failure), null);
    }
  }

  private void store(java.util.List<dev.loupe.core.LogRecord> batch, AtomicLong stored) {
    pipeline.accept(batch);
    stored.addAndGet(batch.size());
  }

  private static String resultBody(IngestResult result) throws IOException {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = HttpErrors.Json.FACTORY.createGenerator(text)) {
      json.writeStartObject();
      json.writeNumberField("accepted", result.accepted());
      json.writeNumberField("rejected", result.rejected());
      json.writeArrayFieldStart("errors");
      for (LineError error : result.firstErrors()) {
        json.writeStartObject();
        json.writeNumberField("line", error.line());
        json.writeStringField("reason", error.reason());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    return text.append('\n').toString();
  }
}
