package dev.loupe.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.loupe.core.ErrorCode;
import dev.loupe.core.LogRecord;
import dev.loupe.core.LoupeException;
import dev.loupe.ingest.BatchSink;
import dev.loupe.ingest.IngestLimits;
import dev.loupe.ingest.IngestResult;
import dev.loupe.ingest.Limits;
import dev.loupe.ingest.LineError;
import dev.loupe.ingest.StreamCache;
import dev.loupe.ingest.otlp.DecoderOtlpLogs;
import dev.loupe.ingest.otlp.OtlpLogsRequest;
import dev.loupe.ingest.otlp.OtlpStreamLabels;
import dev.loupe.storage.Storage;
import dev.loupe.storage.StorageConfig;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OtlpLogsIngestTest {
  private static final InstantSource CLOCK =
      InstantSource.fixed(Instant.parse("2026-11-22T12:00:00Z"));

  @TempDir Path directory;

  private static ExportLogsServiceRequest request(int good, int bad) {
    ScopeLogs.Builder scope = ScopeLogs.newBuilder();
    for (int index = 0; index < good; index++) {
      scope.addLogRecords(
          io.opentelemetry.proto.logs.v1.LogRecord.newBuilder()
              .setBody(AnyValue.newBuilder().setStringValue("good " + index)));
    }
    for (int index = 0; index < bad; index++) {
      scope.addLogRecords(
          io.opentelemetry.proto.logs.v1.LogRecord.newBuilder()
              .setSpanId(ByteString.fromHex("01")));
    }
    return ExportLogsServiceRequest.newBuilder()
        .addResourceLogs(ResourceLogs.newBuilder().addScopeLogs(scope))
        .build();
  }

  /** Metrics need a store only to print its gauges; counting works on a closed one. */
  private OtlpLogsIngest ingest(BatchSink sink) {
    try (Storage storage = Storage.open(StorageConfig.defaults(directory), CLOCK)) {
      ServerMetrics metrics = new ServerMetrics(storage);
      return new OtlpLogsIngest(
          sink,
          new DecoderOtlpLogs(
              IngestLimits.defaults(), new StreamCache(), OtlpStreamLabels.defaults()),
          metrics,
          CLOCK);
    }
  }

  @Test
  void fullSuccessIsTheEmptyResponse() {
    List<LogRecord> stored = new ArrayList<>();

    ExportLogsServiceResponse response =
        ingest(stored::addAll).export(OtlpLogsRequest.of(request(3, 0)), "default");

    assertThat(response).isEqualTo(ExportLogsServiceResponse.getDefaultInstance());
    assertThat(stored).hasSize(3);
  }

  @Test
  void rejectedRecordsGiveAPartialSuccessListingTheFirstAndCountingTheRest() {
    List<LogRecord> stored = new ArrayList<>();

    ExportLogsServiceResponse response =
        ingest(stored::addAll).export(OtlpLogsRequest.of(request(1, 12)), "default");

    assertThat(stored).hasSize(1);
    assertThat(response.getPartialSuccess().getRejectedLogRecords()).isEqualTo(12);
    assertThat(response.getPartialSuccess().getErrorMessage())
        .startsWith(
            "12 of 13 log records rejected: record 2 at"
                + " resourceLogs[0].scopeLogs[0].logRecords[1]: span_id must be 8 bytes, got 1;"
                + " record 3 at")
        .endsWith("; and 2 more");
  }

  @Test
  void errorMessageFormat() {
    IngestResult result =
        new IngestResult(
            5, 2, List.of(new LineError(3, "where: why"), new LineError(6, "there: because")));

    assertThat(OtlpLogsIngest.errorMessage(result))
        .isEqualTo(
            "2 of 7 log records rejected: record 3 at where: why; record 6 at there: because");
  }

  @Test
  void aStoreFailureOnTheFirstBatchIsPassedOnAsItIs() {
    BatchSink full =
        batch -> {
          throw new LoupeException(ErrorCode.INSUFFICIENT_STORAGE, "disk is full");
        };

    assertThatThrownBy(() -> ingest(full).export(OtlpLogsRequest.of(request(2, 0)), "default"))
        .isInstanceOf(LoupeException.class)
        .hasMessage("disk is full")
        .extracting(failure -> ((LoupeException) failure).code())
        .isEqualTo(ErrorCode.INSUFFICIENT_STORAGE);
  }

  @Test
  void aStoreFailureAfterSomeBatchesSaysHowManyRecordsWereStoredBeforeIt() {
    List<LogRecord> stored = new ArrayList<>();
    BatchSink fullAfterOneBatch =
        batch -> {
          if (!stored.isEmpty()) {
            throw new LoupeException(ErrorCode.INSUFFICIENT_STORAGE, "disk is full");
          }
          stored.addAll(batch);
        };
    OtlpLogsRequest twoBatches = OtlpLogsRequest.of(request(Limits.BATCH_MAX_RECORDS + 1, 0));

    assertThatThrownBy(() -> ingest(fullAfterOneBatch).export(twoBatches, "default"))
        .isInstanceOf(LoupeException.class)
        .hasMessage(
            "disk is full ("
                + Limits.BATCH_MAX_RECORDS
                + " log records of this request were stored before the failure)");
    assertThat(stored).hasSize(Limits.BATCH_MAX_RECORDS);
  }
}
