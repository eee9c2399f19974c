package dev.loupe.ingest.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.loupe.core.Field;
import dev.loupe.core.LogRecord;
import dev.loupe.core.Stream;
import dev.loupe.ingest.IngestLimits;
import dev.loupe.ingest.IngestResult;
import dev.loupe.ingest.StreamCache;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DecoderOtlpLogsTest {
  private static final long RECEIVED = 1_800_000_000_000_000_000L;
  private static final String TENANT = "default";
  private static final String TRACE_HEX = "5b8efff798038103d269b633813fc60c";
  private static final String SPAN_HEX = "eee19b7ec3c1b174";

  private final StreamCache streamCache = new StreamCache();
  private final List<List<LogRecord>> batches = new ArrayList<>();

  // ---- building requests ----

  private static KeyValue attribute(String key, String value) {
    return attribute(key, AnyValue.newBuilder().setStringValue(value).build());
  }

  private static KeyValue attribute(String key, AnyValue value) {
    return KeyValue.newBuilder().setKey(key).setValue(value).build();
  }

  private static Resource resource(KeyValue... attributes) {
    return Resource.newBuilder().addAllAttributes(List.of(attributes)).build();
  }

  private static io.opentelemetry.proto.logs.v1.LogRecord.Builder record(String body) {
    return io.opentelemetry.proto.logs.v1.LogRecord.newBuilder()
        .setTimeUnixNano(1_700_000_000_123_456_789L)
        .setBody(AnyValue.newBuilder().setStringValue(body));
  }

  private static ExportLogsServiceRequest request(
      Resource resource, io.opentelemetry.proto.logs.v1.LogRecord.Builder... records) {
    ScopeLogs.Builder scope = ScopeLogs.newBuilder();
    for (io.opentelemetry.proto.logs.v1.LogRecord.Builder record : records) {
      scope.addLogRecords(record);
    }
    return ExportLogsServiceRequest.newBuilder()
        .addResourceLogs(ResourceLogs.newBuilder().setResource(resource).addScopeLogs(scope))
        .build();
  }

  private IngestResult decode(ExportLogsServiceRequest request) {
    return decode(OtlpLogsRequest.of(request), OtlpStreamLabels.defaults(), defaults());
  }

  private IngestResult decode(
      OtlpLogsRequest request, OtlpStreamLabels labels, IngestLimits limits) {
    return new DecoderOtlpLogs(limits, streamCache, labels)
        .decode(request, TENANT, RECEIVED, batches::add);
  }

  private static IngestLimits defaults() {
    return IngestLimits.defaults();
  }

  private List<LogRecord> records() {
    return batches.stream().flatMap(List::stream).toList();
  }

  private LogRecord onlyRecord() {
    assertThat(records()).hasSize(1);
    return records().get(0);
  }

  private static String fieldText(LogRecord record) {
    return record.fields().stream()
        .map(field -> field.name() + "=" + field.value())
        .collect(Collectors.joining(", "));
  }

  // ---- mapping ----

  @Test
  void mapsAFullRecord() {
    ExportLogsServiceRequest request =
        ExportLogsServiceRequest.newBuilder()
            .addResourceLogs(
                ResourceLogs.newBuilder()
                    .setResource(
                        resource(
                            attribute("service.name", "checkout"),
                            attribute("host.name", "web-1"),
                            attribute("k8s.pod.name", "checkout-7d9f")))
                    .addScopeLogs(
                        ScopeLogs.newBuilder()
                            .setScope(
                                InstrumentationScope.newBuilder()
                                    .setName("com.example.Payments")
                                    .setVersion("1.2.0"))
                            .addLogRecords(
                                record("payment declined")
                                    .setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_ERROR2)
                                    .setSeverityText("ERROR")
                                    .setTraceId(ByteString.fromHex(TRACE_HEX))
                                    .setSpanId(ByteString.fromHex(SPAN_HEX))
                                    .setFlags(1)
                                    .setEventName("payment.failed")
                                    .addAttributes(attribute("order.id", "42"))
                                    .addAttributes(
                                        attribute(
                                            "http.response.status_code",
                                            AnyValue.newBuilder().setIntValue(502).build())))))
            .build();

    IngestResult result = decode(request);

    assertThat(result.accepted()).isEqualTo(1);
    assertThat(result.rejected()).isZero();
    LogRecord record = onlyRecord();
    assertThat(record.stream())
        .isEqualTo(Stream.of(TENANT, Map.of("service", "checkout", "host", "web-1")));
    assertThat(record.timeNanos()).isEqualTo(1_700_000_000_123_456_789L);
    assertThat(record.message()).isEqualTo("payment declined");
    assertThat(fieldText(record))
        .isEqualTo(
            "service=checkout, host=web-1, service.name=checkout, host.name=web-1,"
                + " k8s.pod.name=checkout-7d9f, scope.name=com.example.Payments,"
                + " scope.version=1.2.0, level=error, severity_text=ERROR, severity_number=18,"
                + " trace_id="
                + TRACE_HEX
                + ", span_id="
                + SPAN_HEX
                + ", trace_flags=1, event_name=payment.failed, order.id=42,"
                + " http.response.status_code=502");
  }

  @ParameterizedTest(name = "number {0}, text {1} -> {2}")
  @CsvSource(
      nullValues = "none",
      value = {
        "1, '', trace",
        "5, '', debug",
        "9, '', info",
        "12, '', info",
        "13, WARN, warn",
        "17, '', error",
        "24, '', fatal",
        "0, Warning, warn",
        "0, err, error",
        "0, '', none",
        "0, loud, none",
        "30, E, error",
        "9, ERROR, info"
      })
  void levelFromSeverityNumberElseText(int number, String text, String expectedLevel) {
    decode(request(resource(), record("x").setSeverityNumberValue(number).setSeverityText(text)));

    LogRecord record = onlyRecord();
    assertThat(record.field("level")).isEqualTo(expectedLevel);
    assertThat(record.field("severity_text")).isEqualTo(text.isEmpty() ? null : text);
    assertThat(record.field("severity_number"))
        .isEqualTo(number == 0 ? null : Integer.toString(number));
  }

  @Test
  void timeFallsBackToObservedTimeThenReceiveTime() {
    decode(
        request(
            resource(),
            record("timed"),
            record("observed").clearTimeUnixNano().setObservedTimeUnixNano(1_600_000_000_000L),
            record("untimed").clearTimeUnixNano()));

    assertThat(records())
        .extracting(LogRecord::timeNanos)
        .containsExactly(1_700_000_000_123_456_789L, 1_600_000_000_000L, RECEIVED);
  }

  @Test
  void bodiesOfEveryKindBecomeText() {
    AnyValue map =
        AnyValue.newBuilder()
            .setKvlistValue(
                KeyValueList.newBuilder()
                    .addValues(attribute("user", "ann"))
                    .addValues(
                        attribute(
                            "tags",
                            AnyValue.newBuilder()
                                .setArrayValue(
                                    ArrayValue.newBuilder()
                                        .addValues(AnyValue.newBuilder().setIntValue(1))
                                        .addValues(AnyValue.newBuilder().setDoubleValue(Double.NaN))
                                        .addValues(AnyValue.newBuilder().setBoolValue(true)))
                                .build())))
            .build();
    decode(
        request(
            resource(),
            record("").setBody(map),
            record("").setBody(AnyValue.newBuilder().setIntValue(-7)),
            record("").setBody(AnyValue.newBuilder().setDoubleValue(2.5)),
            record("").setBody(AnyValue.newBuilder().setBoolValue(false)),
            record("").setBody(AnyValue.newBuilder().setBytesValue(ByteString.copyFromUtf8("hi"))),
            record("").clearBody()));

    assertThat(records())
        .extracting(LogRecord::message)
        .containsExactly(
            "{\"user\":\"ann\",\"tags\":[1,\"NaN\",true]}", "-7", "2.5", "false", "aGk=", "");
  }

  @Test
  void attributesAreFlattenedWithDotsAndArraysKeptAsJson() {
    AnyValue nested =
        AnyValue.newBuilder()
            .setKvlistValue(
                KeyValueList.newBuilder()
                    .addValues(attribute("method", "GET"))
                    .addValues(
                        attribute(
                            "request",
                            AnyValue.newBuilder()
                                .setKvlistValue(
                                    KeyValueList.newBuilder().addValues(attribute("size", "12")))
                                .build())))
            .build();
    AnyValue array =
        AnyValue.newBuilder()
            .setArrayValue(
                ArrayValue.newBuilder()
                    .addValues(AnyValue.newBuilder().setStringValue("a\"b"))
                    .addValues(AnyValue.newBuilder().setIntValue(2)))
            .build();
    decode(
        request(
            resource(),
            record("x")
                .addAttributes(attribute("http", nested))
                .addAttributes(attribute("list", array))
                .addAttributes(attribute("unset", AnyValue.getDefaultInstance()))
                .addAttributes(attribute("_msg", "spoofed"))
                .addAttributes(attribute("_custom", "kept"))
                .addAttributes(
                    attribute("ratio", AnyValue.newBuilder().setDoubleValue(0.25).build()))
                .addAttributes(attribute("ok", AnyValue.newBuilder().setBoolValue(true).build()))));

    assertThat(fieldText(onlyRecord()))
        .isEqualTo(
            "http.method=GET, http.request.size=12, list=[\"a\\\"b\",2], _custom=kept,"
                + " ratio=0.25, ok=true");
  }

  @Test
  void allZeroIdsMeanNoId() {
    decode(
        request(
            resource(),
            record("x")
                .setTraceId(ByteString.copyFrom(new byte[16]))
                .setSpanId(ByteString.copyFrom(new byte[8]))));

    assertThat(onlyRecord().field("trace_id")).isNull();
    assertThat(onlyRecord().field("span_id")).isNull();
  }

  // ---- streams ----

  @Test
  void labelsComeFromTheConfiguredAttributesFirstPresentWins() {
    OtlpStreamLabels labels =
        OtlpStreamLabels.parse(
            "service.name=service,deployment.environment.name=env,deployment.environment=env,"
                + "region");
    ExportLogsServiceRequest request =
        ExportLogsServiceRequest.newBuilder()
            .addResourceLogs(
                ResourceLogs.newBuilder()
                    .setResource(
                        resource(
                            attribute("service.name", "api"),
                            attribute("deployment.environment", "old-prod"),
                            attribute("region", "eu")))
                    .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(record("one"))))
            .addResourceLogs(
                ResourceLogs.newBuilder()
                    .setResource(
                        resource(
                            attribute("deployment.environment", "old"),
                            attribute("deployment.environment.name", "new"),
                            attribute("service.name", "")))
                    .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(record("two"))))
            .build();

    decode(OtlpLogsRequest.of(request), labels, defaults());

    assertThat(records().get(0).stream().canonicalLabels())
        .isEqualTo("{env=\"old-prod\",region=\"eu\",service=\"api\"}");
    assertThat(records().get(1).stream().canonicalLabels()).isEqualTo("{env=\"new\"}");
    assertThat(records().get(1).field("env")).isEqualTo("new");
    assertThat(records().get(1).field("service")).isNull();
    assertThat(records().get(0).fields())
        .filteredOn(field -> field.name().equals("region"))
        .as("a label named like its attribute is stored once")
        .hasSize(1);
  }

  @Test
  void noLabelsGiveTheEmptyStreamOfTheTenant() {
    decode(
        OtlpLogsRequest.of(request(resource(attribute("service.name", "api")), record("x"))),
        OtlpStreamLabels.none(),
        defaults());

    assertThat(onlyRecord().stream()).isEqualTo(Stream.of(TENANT, Map.of()));
    assertThat(onlyRecord().field("service.name")).isEqualTo("api");
  }

  // ---- rejections ----

  @Test
  void badRecordsAreRejectedWithTheirPlaceAndTheOthersKept() {
    ExportLogsServiceRequest request =
        request(
            resource(attribute("service.name", "api")),
            record("good 1"),
            record("short trace").setTraceId(ByteString.fromHex("abcd")),
            record("long span").setSpanId(ByteString.fromHex(TRACE_HEX)),
            record("far future").setTimeUnixNano(-1L),
            record("good 2"));

    IngestResult result = decode(request);

    assertThat(records()).extracting(LogRecord::message).containsExactly("good 1", "good 2");
    assertThat(result.accepted()).isEqualTo(2);
    assertThat(result.rejected()).isEqualTo(3);
    assertThat(result.firstErrors())
        .extracting(error -> error.line() + " " + error.reason())
        .containsExactly(
            "2 resourceLogs[0].scopeLogs[0].logRecords[1]: trace_id must be 16 bytes, got 2",
            "3 resourceLogs[0].scopeLogs[0].logRecords[2]: span_id must be 8 bytes, got 16",
            "4 resourceLogs[0].scopeLogs[0].logRecords[3]: time_unix_nano 18446744073709551615"
                + " is after the year 2262; send nanoseconds since the Unix epoch");
  }

  @Test
  void recordsOverTheFieldOrBodyLimitAreRejected() {
    IngestLimits limits = new IngestLimits(1 << 20, 16, 3, 10);
    ExportLogsServiceRequest request =
        request(
            resource(),
            record("fits"),
            record("0123456789abcdefg"),
            record("é".repeat(9)),
            record("x")
                .addAttributes(attribute("a", "1"))
                .addAttributes(attribute("b", "2"))
                .addAttributes(attribute("c", "3"))
                .addAttributes(attribute("d", "4")));

    IngestResult result = decode(OtlpLogsRequest.of(request), OtlpStreamLabels.none(), limits);

    assertThat(records()).extracting(LogRecord::message).containsExactly("fits");
    assertThat(result.firstErrors())
        .extracting(error -> error.reason())
        .containsExactly(
            "resourceLogs[0].scopeLogs[0].logRecords[1]: body is longer than 16 bytes;"
                + " split the record or raise the line size limit",
            "resourceLogs[0].scopeLogs[0].logRecords[2]: body is longer than 16 bytes;"
                + " split the record or raise the line size limit",
            "resourceLogs[0].scopeLogs[0].logRecords[3]: record has 4 fields after flattening,"
                + " more than the limit of 3; send fewer attributes or raise the field limit");
  }

  @Test
  void recordsRejectedByTheWireDecodingAreCountedInBodyOrderAcrossScopes() {
    ExportLogsServiceRequest request =
        ExportLogsServiceRequest.newBuilder()
            .addResourceLogs(
                ResourceLogs.newBuilder()
                    .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(record("a")))
                    .addScopeLogs(
                        ScopeLogs.newBuilder()
                            .addLogRecords(record("b"))
                            .addLogRecords(record("c"))))
            .build();

    IngestResult result =
        decode(
            new OtlpLogsRequest(request, Map.of(2L, "traceId: expected 32 hex digits")),
            OtlpStreamLabels.defaults(),
            defaults());

    assertThat(records()).extracting(LogRecord::message).containsExactly("a", "c");
    assertThat(result.firstErrors())
        .singleElement()
        .satisfies(
            error -> {
              assertThat(error.line()).isEqualTo(2);
              assertThat(error.reason())
                  .isEqualTo(
                      "resourceLogs[0].scopeLogs[1].logRecords[0]: traceId: expected 32 hex"
                          + " digits");
            });
  }

  @Test
  void onlyTheFirstErrorsAreKeptButAllAreCounted() {
    IngestLimits limits = new IngestLimits(1 << 20, 1 << 20, 1000, 2);
    io.opentelemetry.proto.logs.v1.LogRecord.Builder bad =
        record("bad").setSpanId(ByteString.fromHex("01"));

    IngestResult result =
        decode(
            OtlpLogsRequest.of(request(resource(), bad, bad, bad, record("good"))),
            OtlpStreamLabels.none(),
            limits);

    assertThat(result.rejected()).isEqualTo(3);
    assertThat(result.firstErrors()).extracting(error -> error.line()).containsExactly(1L, 2L);
    assertThat(result.accepted()).isEqualTo(1);
  }

  // ---- batching ----

  @Test
  void recordsGoToTheSinkInBoundedBatchesInOrder() {
    io.opentelemetry.proto.logs.v1.LogRecord.Builder[] records =
        new io.opentelemetry.proto.logs.v1.LogRecord.Builder[7];
    for (int index = 0; index < records.length; index++) {
      records[index] = record("r" + index);
    }

    IngestResult result =
        new DecoderOtlpLogs(defaults(), streamCache, OtlpStreamLabels.none(), 3)
            .decode(
                OtlpLogsRequest.of(request(resource(), records)), TENANT, RECEIVED, batches::add);

    assertThat(batches).extracting(List::size).containsExactly(3, 3, 1);
    assertThat(records())
        .extracting(LogRecord::message)
        .containsExactly("r0", "r1", "r2", "r3", "r4", "r5", "r6");
    assertThat(result.accepted()).isEqualTo(7);
  }

  @Test
  void anEmptyRequestHandsNothingToTheSink() {
    IngestResult result = decode(ExportLogsServiceRequest.getDefaultInstance());

    assertThat(batches).isEmpty();
    assertThat(result.accepted()).isZero();
    assertThat(result.rejected()).isZero();
  }

  @Test
  void idsAreLowerCaseHex() {
    byte[] trace = HexFormat.of().parseHex("ABCDEF0123456789ABCDEF0123456789".toLowerCase());
    decode(request(resource(), record("x").setTraceId(ByteString.copyFrom(trace))));

    assertThat(onlyRecord().fields())
        .contains(new Field("trace_id", "abcdef0123456789abcdef0123456789"));
  }
}
