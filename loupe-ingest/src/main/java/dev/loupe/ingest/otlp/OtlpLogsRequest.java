package dev.loupe.ingest.otlp;

import static java.util.Objects.requireNonNull;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import java.util.Map;
import java.util.TreeMap;

/**
 * One decoded OTLP logs export request, with the records its wire decoding already found bad.
 *
 * @param message the request; a record found bad is still in it, so that record numbers stay those
 *     of the body
 * @param rejectedRecords reason by 1-based record number (log records counted in body order across
 *     every resource and scope) for the records that must not be stored; empty for protobuf bodies,
 *     whose wire format cannot hold a half-valid record
 */
public record OtlpLogsRequest(ExportLogsServiceRequest message, Map<Long, String> rejectedRecords) {
  public OtlpLogsRequest {
    requireNonNull(message, "message is null");
    rejectedRecords =
        Map.copyOf(new TreeMap<>(requireNonNull(rejectedRecords, "rejected is null")));
  }

  /** A request with no record rejected by its wire decoding (protobuf, gRPC). */
  public static OtlpLogsRequest of(ExportLogsServiceRequest message) {
    return new OtlpLogsRequest(message, Map.of());
  }
}
