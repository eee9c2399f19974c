package dev.loupe.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import io.grpc.Status;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OtlpErrorsTest {
  @ParameterizedTest
  @CsvSource({
    "BAD_REQUEST, 400, INVALID_ARGUMENT, false",
    "PAYLOAD_TOO_LARGE, 413, RESOURCE_EXHAUSTED, false",
    "INSUFFICIENT_STORAGE, 503, UNAVAILABLE, true",
    "UNAVAILABLE, 503, UNAVAILABLE, true",
    "INTERNAL, 500, INTERNAL, false",
    "CORRUPT_DATA, 500, INTERNAL, false"
  })
  void eachCodeIsAnsweredSoThatClientsRetryOnlyWhatIsWorthRetrying(
      ErrorCode code, int httpStatus, Status.Code grpcCode, boolean retryable) {
    LoupeException failure = new LoupeException(code, "what went wrong");

    assertThat(OtlpErrors.httpStatus(failure)).isEqualTo(httpStatus);
    assertThat(OtlpErrors.grpcStatus(failure).getCode()).isEqualTo(grpcCode);
    assertThat(OtlpErrors.grpcStatus(failure).getDescription()).isEqualTo("what went wrong");
    assertThat(OtlpErrors.isRetryable(failure)).isEqualTo(retryable);
  }
}
