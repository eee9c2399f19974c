package dev.loupe.server;

import static dev.loupe.server.OtlpTestClient.SPAN_ID;
import static dev.loupe.server.OtlpTestClient.TRACE_ID;
import static dev.loupe.server.OtlpTestClient.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import dev.loupe.ingest.IngestLimits;
import dev.loupe.storage.StorageConfig;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OTLP/gRPC against a real server on loopback ports, with the OpenTelemetry SDK as client. */
class ListenerOtlpGrpcTest {
  private static final InstantSource CLOCK =
      InstantSource.fixed(Instant.parse("2026-11-22T12:00:00Z"));

  @TempDir Path directory;
  private LoupeServer server;
  private ManagedChannel channel;

  private StorageConfig storage() {
    return StorageConfig.defaults(directory)
        .withMinFreeDiskBytes(0)
        .withFlushInterval(Duration.ofHours(1));
  }

  private LoupeServer start(OtlpConfig otlp) {
    server =
        LoupeServer.start(
            new ServerConfig("127.0.0.1", 0, storage(), IngestLimits.defaults(), 2).withOtlp(otlp),
            CLOCK);
    return server;
  }

  private LoupeServer start() {
    return start(OtlpConfig.defaults().withGrpcPort(OtlpConfig.ANY_FREE_PORT));
  }

  private ManagedChannel channel() {
    channel =
        NettyChannelBuilder.forAddress("127.0.0.1", server.otlpGrpcPort()).usePlaintext().build();
    return channel;
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void theSdkGrpcExporterStoresRecordsWithFieldsLevelsStreamAndTraceIds() throws Exception {
    start();
    OtlpGrpcLogRecordExporter exporter =
        OtlpGrpcLogRecordExporter.builder()
            .setEndpoint("http://127.0.0.1:" + server.otlpGrpcPort())
            .build();

    OtlpTestClient.emitThroughSdk(exporter, "checkout");

    List<Map<String, String>> rows = query(server, "*");
    assertThat(rows).extracting(row -> row.get("level")).containsExactly("debug", "info", "error");
    assertThat(rows.get(2))
        .containsEntry("_msg", "payment declined for order 42")
        .containsEntry("_time", "2026-11-22T10:00:00.123456789Z")
        .containsEntry("_stream", "{host=\"web-1\",service=\"checkout\"}")
        .containsEntry("trace_id", TRACE_ID)
        .containsEntry("span_id", SPAN_ID)
        .containsEntry("order.id", "42")
        .containsEntry("amount.cents", "1999")
        .containsEntry("scope.name", "com.example.payments");
  }

  @Test
  void theSdkGrpcExporterWithGzipIsStoredToo() throws Exception {
    start();
    OtlpGrpcLogRecordExporter exporter =
        OtlpGrpcLogRecordExporter.builder()
            .setEndpoint("http://127.0.0.1:" + server.otlpGrpcPort())
            .setCompression("gzip")
            .addHeader("loupe-tenant", "team-b")
            .build();

    OtlpTestClient.emitThroughSdk(exporter, "zipped");

    assertThat(query(server, "service:zipped", "team-b")).hasSize(3);
    assertThat(query(server, "*")).as("the default tenant sees nothing").isEmpty();
  }

  private static ExportLogsServiceRequest request(LogRecord.Builder... records) {
    ScopeLogs.Builder scope = ScopeLogs.newBuilder();
    for (LogRecord.Builder record : records) {
      scope.addLogRecords(record);
    }
    return ExportLogsServiceRequest.newBuilder()
        .addResourceLogs(ResourceLogs.newBuilder().addScopeLogs(scope))
        .build();
  }

  private static LogRecord.Builder record(String body) {
    return LogRecord.newBuilder().setBody(AnyValue.newBuilder().setStringValue(body));
  }

  @Test
  void aBadRecordGetsAPartialSuccessAndTheGoodOnesAreStored() throws Exception {
    start();

    ExportLogsServiceResponse response =
        LogsServiceGrpc.newBlockingStub(channel())
            .export(
                request(
                    record("kept"),
                    record("dropped").setTraceId(ByteString.fromHex("0102")),
                    record("kept too")));

    assertThat(response.getPartialSuccess().getRejectedLogRecords()).isEqualTo(1);
    assertThat(response.getPartialSuccess().getErrorMessage())
        .isEqualTo(
            "1 of 3 log records rejected: record 2 at"
                + " resourceLogs[0].scopeLogs[0].logRecords[1]: trace_id must be 16 bytes, got 2");
    assertThat(query(server, "*"))
        .extracting(row -> row.get("_msg"))
        .containsExactlyInAnyOrder("kept", "kept too");
  }

  /** Sends raw bytes as the Export request, as a broken client would. */
  private static final MethodDescriptor<byte[], byte[]> RAW_EXPORT =
      LogsServiceGrpc.getExportMethod().toBuilder(new RawBytes(), new RawBytes()).build();

  private static final class RawBytes implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException failure) {
        throw new UncheckedIOException(failure);
      }
    }
  }

  @Test
  void anUndecodableMessageIsInvalidArgumentAndTheListenerGoesOn() throws Exception {
    start();
    ManagedChannel channel = channel();

    assertThatThrownBy(
            () ->
                ClientCalls.blockingUnaryCall(
                    channel, RAW_EXPORT, CallOptions.DEFAULT, new byte[] {0x0a, 0x7f, 0x01}))
        .isInstanceOf(StatusRuntimeException.class)
        .satisfies(
            failure -> {
              Status status = ((StatusRuntimeException) failure).getStatus();
              assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(status.getDescription()).startsWith("invalid OTLP protobuf logs request");
            });

    LogsServiceGrpc.newBlockingStub(channel).export(request(record("after the bad one")));
    assertThat(query(server, "*"))
        .extracting(row -> row.get("_msg"))
        .containsExactly("after the bad one");
  }

  @Test
  void aMessageOverTheLimitIsResourceExhausted() throws Exception {
    start(OtlpConfig.defaults().withGrpcPort(OtlpConfig.ANY_FREE_PORT).withMaxMessageBytes(1024));

    assertThatThrownBy(
            () ->
                LogsServiceGrpc.newBlockingStub(channel())
                    .export(request(record("x".repeat(2000)))))
        .isInstanceOf(StatusRuntimeException.class)
        .extracting(failure -> ((StatusRuntimeException) failure).getStatus().getCode())
        .isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(query(server, "*")).isEmpty();
  }

  @Test
  void anInvalidTenantIsInvalidArgument() throws Exception {
    start();
    Metadata headers = new Metadata();
    headers.put(OtlpGrpcService.TENANT_KEY, "no/slashes");

    assertThatThrownBy(
            () ->
                LogsServiceGrpc.newBlockingStub(channel())
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                    .export(request(record("x"))))
        .isInstanceOf(StatusRuntimeException.class)
        .satisfies(
            failure -> {
              Status status = ((StatusRuntimeException) failure).getStatus();
              assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(status.getDescription()).contains("invalid tenant");
            });
  }

  @Test
  void theListenerIsOffByDefault() {
    start(OtlpConfig.defaults());

    assertThat(server.otlpGrpcPort()).isZero();
  }

  @Test
  void aPortInUseFailsTheStartWithAHint() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(() -> start(OtlpConfig.defaults().withGrpcPort(taken.getLocalPort())))
          .isInstanceOf(LoupeException.class)
          .hasMessageContaining("cannot listen for OTLP/gRPC on 127.0.0.1:" + taken.getLocalPort())
          .hasMessageContaining("--otlp-grpc-port")
          .extracting(failure -> ((LoupeException) failure).code())
          .isEqualTo(ErrorCode.UNAVAILABLE);
    }
    // The failed start released everything: the same directory opens again.
    start();
    assertThat(server.otlpGrpcPort()).isPositive();
  }
}
