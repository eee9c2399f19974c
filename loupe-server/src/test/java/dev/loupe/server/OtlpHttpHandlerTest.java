package dev.loupe.server;

import static dev.loupe.server.OtlpTestClient.SPAN_ID;
import static dev.loupe.server.OtlpTestClient.TRACE_ID;
import static dev.loupe.server.OtlpTestClient.query;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.loupe.ingest.IngestLimits;
import dev.loupe.storage.StorageConfig;
import io.opentelemetry.exporter.internal.otlp.logs.LogsRequestMarshaler;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OTLP/HTTP against a real server on a loopback port, with the OpenTelemetry SDK as client. */
class OtlpHttpHandlerTest {
  private static final InstantSource CLOCK =
      InstantSource.fixed(Instant.parse("2026-11-22T12:00:00Z"));

  @TempDir Path directory;
  private LoupeServer server;
  private final HttpClient client = HttpClient.newHttpClient();

  private LoupeServer start(OtlpConfig otlp) {
    StorageConfig storage =
        StorageConfig.defaults(directory)
            .withMinFreeDiskBytes(0)
            .withFlushInterval(Duration.ofHours(1));
    server =
        LoupeServer.start(
            new ServerConfig("127.0.0.1", 0, storage, IngestLimits.defaults(), 2).withOtlp(otlp),
            CLOCK);
    return server;
  }

  private LoupeServer start() {
    return start(OtlpConfig.defaults());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  private HttpResponse<byte[]> post(String path, byte[] body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url(path)))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  // ---- the real SDK ----

  @Test
  void theSdkHttpExporterStoresRecordsWithFieldsLevelsStreamAndTraceIds() throws Exception {
    start();
    OtlpHttpLogRecordExporter exporter =
        OtlpHttpLogRecordExporter.builder().setEndpoint(url("/v1/logs")).build();

    OtlpTestClient.emitThroughSdk(exporter, "checkout");

    List<Map<String, String>> rows = query(server, "*");
    assertThat(rows)
        .extracting(row -> row.get("_msg"))
        .containsExactly("cache warm", "order 43 paid", "payment declined for order 42");
    Map<String, String> error = rows.get(2);
    assertThat(error)
        .containsEntry("_time", "2026-11-22T10:00:00.123456789Z")
        .containsEntry("_stream", "{host=\"web-1\",service=\"checkout\"}")
        .containsEntry("level", "error")
        .containsEntry("severity_text", "ERROR")
        .containsEntry("severity_number", "17")
        .containsEntry("trace_id", TRACE_ID)
        .containsEntry("span_id", SPAN_ID)
        .containsEntry("trace_flags", "1")
        .containsEntry("order.id", "42")
        .containsEntry("amount.cents", "1999")
        .containsEntry("retry", "false")
        .containsEntry("cards", "[\"visa\",\"amex\"]")
        .containsEntry("scope.name", "com.example.payments")
        .containsEntry("scope.version", "1.2.0")
        .containsEntry("service", "checkout")
        .containsEntry("service.name", "checkout")
        .containsEntry("host", "web-1")
        .containsEntry("k8s.pod.name", "checkout-7d9f")
        .containsEntry("telemetry.sdk.language", "java");
    assertThat(rows.get(1)).containsEntry("level", "info").doesNotContainKey("trace_id");
    assertThat(rows.get(0)).containsEntry("level", "debug").containsEntry("severity_text", "dbg");

    assertThat(query(server, "level:error service:checkout trace_id:" + TRACE_ID))
        .extracting(row -> row.get("_msg"))
        .containsExactly("payment declined for order 42");
    assertThat(query(server, "_stream:{service=\"checkout\",host=\"web-1\"}")).hasSize(3);
  }

  @Test
  void theSdkHttpExporterWithGzipIsStoredToo() throws Exception {
    start();
    OtlpHttpLogRecordExporter exporter =
        OtlpHttpLogRecordExporter.builder()
            .setEndpoint(url("/v1/logs"))
            .setCompression("gzip")
            .build();

    OtlpTestClient.emitThroughSdk(exporter, "zipped");

    assertThat(query(server, "service:zipped")).hasSize(3);
  }

  /** Collects what the SDK exports, to encode it with the SDK's own OTLP/JSON marshaler. */
  private static final class CollectingExporter implements LogRecordExporter {
    final List<LogRecordData> records = new CopyOnWriteArrayList<>();

    @Override
    public CompletableResultCode export(Collection<LogRecordData> logs) {
      records.addAll(logs);
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  @Test
  void theSdksOwnJsonEncodingIsStoredOnTheVictoriaLogsPath() throws Exception {
    start();
    CollectingExporter collected = new CollectingExporter();
    OtlpTestClient.emitThroughSdk(collected, "json-sdk");
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    LogsRequestMarshaler.create(collected.records).writeJsonTo(json);

    HttpResponse<byte[]> response =
        post(
            OtlpHttpHandler.VICTORIA_LOGS_PATH,
            json.toByteArray(),
            "Content-Type",
            "application/json");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(text(response)).isEqualTo("{}");
    List<Map<String, String>> rows = query(server, "service:json-sdk level:error");
    assertThat(rows)
        .singleElement()
        .satisfies(
            row ->
                assertThat(row)
                    .containsEntry("trace_id", TRACE_ID)
                    .containsEntry("span_id", SPAN_ID)
                    .containsEntry("amount.cents", "1999")
                    .containsEntry("_time", "2026-11-22T10:00:00.123456789Z"));
  }

  // ---- hand-built bodies ----

  private static final String JSON_WITH_ONE_BAD_RECORD =
      """
      {"resourceLogs":[{"resource":{"attributes":[
          {"key":"service.name","value":{"stringValue":"billing"}},
          {"key":"deployment.environment.name","value":{"stringValue":"prod"}}]},
        "scopeLogs":[{"logRecords":[
          {"timeUnixNano":"1795341600000000000","severityNumber":13,"body":{"stringValue":"low balance"},
           "attributes":[{"key":"account","value":{"kvlistValue":{"values":[
             {"key":"id","value":{"intValue":"7"}}]}}}]},
          {"timeUnixNano":"1795341601000000000","traceId":"not-hex","body":{"stringValue":"lost"}},
          {"observedTimeUnixNano":"1795341602000000000","severityText":"Error",
           "body":{"kvlistValue":{"values":[{"key":"event","value":{"stringValue":"refund"}}]}}}
        ]}]}]}
      """;

  @Test
  void aJsonBodyWithABadRecordGetsAPartialSuccessAndTheGoodRecordsAreStored() throws Exception {
    start();

    HttpResponse<byte[]> response =
        post(
            OtlpHttpHandler.PATH,
            JSON_WITH_ONE_BAD_RECORD.getBytes(StandardCharsets.UTF_8),
            "Content-Type",
            "application/json; charset=utf-8",
            "Loupe-Tenant",
            "team-a");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(text(response))
        .isEqualTo(
            "{\"partialSuccess\":{\"rejectedLogRecords\":\"1\",\"errorMessage\":\"1 of 3 log"
                + " records rejected: record 2 at resourceLogs[0].scopeLogs[0].logRecords[1]:"
                + " traceId: expected 32 hex digits, found \\\"not-hex\\\"\"}}");
    List<Map<String, String>> rows = query(server, "*", "team-a");
    assertThat(rows)
        .extracting(row -> row.get("_msg"))
        .containsExactly("{\"event\":\"refund\"}", "low balance");
    assertThat(rows.get(0))
        .containsEntry("level", "error")
        .containsEntry("_time", "2026-11-22T10:00:02Z");
    assertThat(rows.get(1))
        .containsEntry("level", "warn")
        .containsEntry("account.id", "7")
        .containsEntry("_stream", "{env=\"prod\",service=\"billing\"}");
    assertThat(query(server, "*")).as("another tenant sees nothing").isEmpty();
  }

  @Test
  void aProtobufBodyWithABadRecordGetsAProtobufPartialSuccess() throws Exception {
    start();
    ExportLogsServiceRequest request =
        ExportLogsServiceRequest.newBuilder()
            .addResourceLogs(
                ResourceLogs.newBuilder()
                    .addScopeLogs(
                        ScopeLogs.newBuilder()
                            .addLogRecords(
                                LogRecord.newBuilder()
                                    .setBody(AnyValue.newBuilder().setStringValue("kept")))
                            .addLogRecords(
                                LogRecord.newBuilder()
                                    .setSpanId(ByteString.fromHex("0102"))
                                    .setBody(AnyValue.newBuilder().setStringValue("dropped")))))
            .build();

    HttpResponse<byte[]> response =
        post(
            OtlpHttpHandler.PATH,
            gzip(request.toByteArray()),
            "Content-Type",
            "application/x-protobuf",
            "Content-Encoding",
            "gzip");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/x-protobuf");
    ExportLogsServiceResponse answer = ExportLogsServiceResponse.parseFrom(response.body());
    assertThat(answer.getPartialSuccess().getRejectedLogRecords()).isEqualTo(1);
    assertThat(answer.getPartialSuccess().getErrorMessage())
        .isEqualTo(
            "1 of 2 log records rejected: record 2 at"
                + " resourceLogs[0].scopeLogs[0].logRecords[1]: span_id must be 8 bytes, got 2");
    assertThat(query(server, "*")).extracting(row -> row.get("_msg")).containsExactly("kept");
  }

  @Test
  void aFullySuccessfulProtobufExportGetsAnEmptyResponse() throws Exception {
    start();
    ExportLogsServiceRequest request =
        ExportLogsServiceRequest.newBuilder()
            .addResourceLogs(
                ResourceLogs.newBuilder()
                    .addScopeLogs(
                        ScopeLogs.newBuilder()
                            .addLogRecords(
                                LogRecord.newBuilder()
                                    .setBody(AnyValue.newBuilder().setStringValue("fine")))))
            .build();

    HttpResponse<byte[]> response =
        post(OtlpHttpHandler.PATH, request.toByteArray(), "Content-Type", "application/x-protobuf");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
    assertThat(ExportLogsServiceResponse.parseFrom(response.body()).hasPartialSuccess()).isFalse();
    assertThat(query(server, "fine")).hasSize(1);
  }

  // ---- bad bodies ----

  @Test
  void anUndecodableProtobufBodyIsA400WithAProtobufStatus() throws Exception {
    start();

    HttpResponse<byte[]> response =
        post(
            OtlpHttpHandler.PATH,
            new byte[] {0x0a, 0x7f, 0x01},
            "Content-Type",
            "application/x-protobuf");

    assertThat(response.statusCode()).isEqualTo(400);
    com.google.rpc.Status status = com.google.rpc.Status.parseFrom(response.body());
    assertThat(status.getCode()).isEqualTo(3);
    assertThat(status.getMessage()).startsWith("invalid OTLP protobuf logs request: ");
    assertThat(query(server, "*")).isEmpty();
  }

  @Test
  void anUndecodableJsonBodyIsA400WithAJsonStatus() throws Exception {
    start();

    HttpResponse<byte[]> response =
        post(
            OtlpHttpHandler.PATH,
            "{\"resourceLogs\":{}}".getBytes(StandardCharsets.UTF_8),
            "Content-Type",
            "application/json");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(text(response))
        .startsWith(
            "{\"code\":3,\"message\":\"invalid OTLP JSON logs request: resourceLogs: expected an"
                + " array, found an object");
  }

  @Test
  void aCorruptGzipBodyIsA400() throws Exception {
    start();

    HttpResponse<byte[]> response =
        post(
            OtlpHttpHandler.PATH,
            new byte[] {0x1f, (byte) 0x8b, 9, 9, 9},
            "Content-Type",
            "application/json",
            "Content-Encoding",
            "gzip");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(text(response)).contains("\"code\":3", "gzip");
  }

  @Test
  void anotherContentTypeIsA415() throws Exception {
    start();

    HttpResponse<byte[]> response =
        post(
            OtlpHttpHandler.PATH,
            "hello".getBytes(StandardCharsets.UTF_8),
            "Content-Type",
            "text/plain");

    assertThat(response.statusCode()).isEqualTo(415);
    assertThat(text(response))
        .contains("unsupported Content-Type \\\"text/plain\\\"", "application/x-protobuf");
  }

  @Test
  void aBodyOverTheMessageLimitIsA413() throws Exception {
    start(OtlpConfig.defaults().withMaxMessageBytes(1024));
    String big =
        "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"body\":{\"stringValue\":\""
            + "x".repeat(2000)
            + "\"}}]}]}]}";

    HttpResponse<byte[]> response =
        post(
            OtlpHttpHandler.PATH,
            big.getBytes(StandardCharsets.UTF_8),
            "Content-Type",
            "application/json");

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(text(response)).contains("larger than 1024 bytes", "--otlp-max-message-mb");
    assertThat(query(server, "*")).isEmpty();
  }

  @Test
  void anInvalidTenantIsA400() throws Exception {
    start();

    HttpResponse<byte[]> response =
        post(
            OtlpHttpHandler.PATH,
            "{}".getBytes(StandardCharsets.UTF_8),
            "Content-Type",
            "application/json",
            "Loupe-Tenant",
            "no/slashes");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(text(response)).contains("invalid tenant");
  }

  @Test
  void recordsAreCountedInTheMetrics() throws Exception {
    start();
    post(
        OtlpHttpHandler.PATH,
        JSON_WITH_ONE_BAD_RECORD.getBytes(StandardCharsets.UTF_8),
        "Content-Type",
        "application/json");

    String metrics =
        client
            .send(
                HttpRequest.newBuilder(URI.create(url("/metrics"))).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();

    assertThat(metrics)
        .contains("loupe_ingest_lines_accepted_total 2\n", "loupe_ingest_lines_rejected_total 1\n");
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
      gzip.write(bytes);
    }
    return compressed.toByteArray();
  }
}
