package dev.loupe.server;

import dev.loupe.core.LoupeException;
import io.grpc.Status;

/**
 * How a failed OTLP export is answered on each transport, so that OpenTelemetry clients retry what
 * is worth retrying and drop what is not. OTLP clients retry HTTP 429, 502, 503 and 504 and gRPC
 * UNAVAILABLE (among others), and drop the data on anything else; so a store that refuses writes
 * (disk full, 507 elsewhere in Loupe's API) answers 503 / UNAVAILABLE here, with a Retry-After: the
 * records are kept by the client until space is freed, instead of being lost.
 */
final class OtlpErrors {
  private OtlpErrors() {}

  static int httpStatus(LoupeException failure) {
    return switch (failure.code()) {
      case BAD_REQUEST, QUERY_SYNTAX -> 400;
      case PAYLOAD_TOO_LARGE -> 413;
      case INSUFFICIENT_STORAGE, UNAVAILABLE -> 503;
      default -> 500;
    };
  }

  static boolean isRetryable(LoupeException failure) {
    return httpStatus(failure) == 503;
  }

  static Status grpcStatus(LoupeException failure) {
    Status status =
        switch (failure.code()) {
          case BAD_REQUEST, QUERY_SYNTAX -> Status.INVALID_ARGUMENT;
          case PAYLOAD_TOO_LARGE -> Status.RESOURCE_EXHAUSTED;
          case INSUFFICIENT_STORAGE, UNAVAILABLE -> Status.UNAVAILABLE;
          default -> Status.INTERNAL;
        };
    return status.withDescription(failure.getMessage());
  }
}
