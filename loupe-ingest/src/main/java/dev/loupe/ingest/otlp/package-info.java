/**
 * OpenTelemetry logs (OTLP): {@link dev.loupe.ingest.otlp.DecoderOtlpLogs} maps an export request
 * to records, whatever transport brought it (gRPC, HTTP with protobuf or JSON); {@link
 * dev.loupe.ingest.otlp.OtlpJsonLogsReader} reads the JSON encoding into the protobuf message;
 * {@link dev.loupe.ingest.otlp.OtlpStreamLabels} says which resource attributes name the stream.
 * The transports themselves live in the server. Uses the root package, not {@code decode} or {@code
 * body}.
 */
package dev.loupe.ingest.otlp;
