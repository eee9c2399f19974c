package dev.loupe.server;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LogRecord;
import dev.loupe.core.LoupeException;
import dev.loupe.core.Timestamps;
import dev.loupe.ingest.BatchSink;
import dev.loupe.ingest.IngestResult;
import dev.loupe.ingest.LineError;
import dev.loupe.ingest.otlp.DecoderOtlpLogs;
import dev.loupe.ingest.otlp.OtlpLogsRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the OTLP transports (HTTP and gRPC) share: decode an export request, hand its records to the
 * ingest pipeline, count them, and build the {@code ExportLogsServiceResponse}. {@link #export}
 * returns once every accepted record is durable, so a transport that answers after it never
 * acknowledges a lost record.
 *
 * <p>Thread-safe: called concurrently by every OTLP request.
 */
final class OtlpLogsIngest {
  private final BatchSink pipeline;
  private final DecoderOtlpLogs decoder;
  private final ServerMetrics metrics;
  private final InstantSource clock;

  OtlpLogsIngest(
      BatchSink pipeline, DecoderOtlpLogs decoder, ServerMetrics metrics, InstantSource clock) {
    this.pipeline = requireNonNull(pipeline, "pipeline is null");
    this.decoder = requireNonNull(decoder, "decoder is null");
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /**
   * Stores the records of one request.
   *
   * @throws LoupeException from the store (disk full, shutting down), its message saying how many
   *     records of the request were stored before it; the client should send the request again
   */
  ExportLogsServiceResponse export(OtlpLogsRequest request, String tenant) {
    metrics.ingestRequests.increment();
    AtomicLong stored = new AtomicLong();
    long receiveNanos = Timestamps.toNanos(clock.instant());
    IngestResult result;
    try {
      result = decoder.decode(request, tenant, receiveNanos, batch -> store(batch, stored));
    } catch (LoupeException failure) {
      if (failure.code() == ErrorCode.INSUFFICIENT_STORAGE) {
        metrics.ingestRefused.increment();
      }
      if (stored.get() == 0) {
        throw failure;
      }
      throw new LoupeException(
          failure.code(),
          failure.getMessage()
              + " ("
              + stored.get()
              + " log records of this request were stored before the failure)",
          failure);
    }
    metrics.ingestAcceptedLines.add(result.accepted());
    metrics.ingestRejectedLines.add(result.rejected());
    return response(result);
  }

  private void store(List<LogRecord> batch, AtomicLong stored) {
    pipeline.accept(batch);
    stored.addAndGet(batch.size());
  }

  /** Full success is the empty response; rejected records give a partial success. */
  static ExportLogsServiceResponse response(IngestResult result) {
    if (result.rejected() == 0) {
      return ExportLogsServiceResponse.getDefaultInstance();
    }
    return ExportLogsServiceResponse.newBuilder()
        .setPartialSuccess(
            ExportLogsPartialSuccess.newBuilder()
                .setRejectedLogRecords(result.rejected())
                .setErrorMessage(errorMessage(result)))
        .build();
  }

  /**
   * {@code 2 of 5 log records rejected: record 2 at resourceLogs[0]...: reason; record 4 at ...}:
   * the first errors, with how many more there were.
   */
  static String errorMessage(IngestResult result) {
    long total = result.accepted() + result.rejected();
    StringBuilder message =
        new StringBuilder()
            .append(result.rejected())
            .append(" of ")
            .append(total)
            .append(" log records rejected");
    String separator = ": ";
    for (LineError error : result.firstErrors()) {
      message.append(separator).append("record ").append(error.line()).append(" at ");
      message.append(error.reason());
      separator = "; ";
    }
    long unlisted = result.rejected() - result.firstErrors().size();
    if (unlisted > 0) {
      message.append("; and ").append(unlisted).append(" more");
    }
    return message.toString();
  }
}
