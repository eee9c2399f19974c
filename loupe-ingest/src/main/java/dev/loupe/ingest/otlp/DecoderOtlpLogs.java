package dev.loupe.ingest.otlp;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import dev.loupe.core.Field;
import dev.loupe.core.LogRecord;
import dev.loupe.core.Stream;
import dev.loupe.ingest.BatchSink;
import dev.loupe.ingest.IngestLimits;
import dev.loupe.ingest.IngestResult;
import dev.loupe.ingest.Levels;
import dev.loupe.ingest.Limits;
import dev.loupe.ingest.LineError;
import dev.loupe.ingest.StreamCache;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an OpenTelemetry logs export request (OTLP, from gRPC, protobuf or JSON) into records.
 *
 * <p>How a log record becomes a Loupe record:
 *
 * <ul>
 *   <li>{@code _stream}: the resource attributes named by {@link OtlpStreamLabels} (by default
 *       {@code service.name} as {@code service}, {@code host.name} as {@code host}, ...) with a
 *       non-empty value. A label whose name differs from its attribute is also stored as a field of
 *       the label's name, so {@code service:checkout} and {@code stats by (service)} work, as they
 *       do for the stream fields of JSON lines.
 *   <li>Fields, in this order: every resource attribute, the scope's {@code scope.name} and {@code
 *       scope.version} and its attributes, then the record's own: {@code level}, {@code
 *       severity_text}, {@code severity_number}, {@code trace_id}, {@code span_id}, {@code
 *       trace_flags}, {@code event_name}, {@code dropped_attributes_count} (each only when set),
 *       then the record's attributes. Attributes keep their OpenTelemetry names ({@code
 *       k8s.pod.name}, {@code http.response.status_code}); maps are flattened with dots, arrays
 *       kept as JSON text (see {@link AnyValues}).
 *   <li>{@code _msg}: the body: a string as it is, a map or array as its JSON text, a number or
 *       boolean as its literal; no body gives an empty message.
 *   <li>{@code _time}: {@code time_unix_nano}, else {@code observed_time_unix_nano}, else the
 *       receive time.
 *   <li>{@code level}: from {@code severity_number} ({@link Levels#fromOpenTelemetrySeverity}),
 *       else from {@code severity_text} ({@link Levels#normalise}), else none.
 *   <li>{@code trace_id} and {@code span_id}: lower-case hex; all-zero ids mean "none" in the data
 *       model and give no field.
 * </ul>
 *
 * <p>A record is rejected, and the others kept, when its wire decoding found it bad ({@link
 * OtlpLogsRequest#rejectedRecords()}), when its trace id is not 16 bytes or its span id not 8, when
 * its time is beyond what a signed 64-bit count of nanoseconds holds (year 2262), when its body is
 * longer than {@link IngestLimits#maxLineBytes()} or when it has more than {@link
 * IngestLimits#maxFieldsPerRecord()} fields. Record numbers in the errors are 1-based, counted in
 * body order across every resource and scope, and the reason says where the record is ({@code
 * resourceLogs[0].scopeLogs[1].logRecords[2]}).
 *
 * <p>Design note: the fields and stream of a resource and of a scope are built once and shared by
 * their records, so a record costs its own fields and one list copy; stream ids go through the
 * shared {@link StreamCache}. Batches of at most {@link Limits#BATCH_MAX_RECORDS} go to the sink.
 *
 * <p>Thread-safe and immutable: one instance serves every request.
 */
public final class DecoderOtlpLogs {
  public static final String FIELD_SEVERITY_TEXT = "severity_text";
  public static final String FIELD_SEVERITY_NUMBER = "severity_number";
  public static final String FIELD_TRACE_ID = "trace_id";
  public static final String FIELD_SPAN_ID = "span_id";
  public static final String FIELD_TRACE_FLAGS = "trace_flags";
  public static final String FIELD_EVENT_NAME = "event_name";
  public static final String FIELD_DROPPED_ATTRIBUTES = "dropped_attributes_count";
  public static final String FIELD_SCOPE_NAME = "scope.name";
  public static final String FIELD_SCOPE_VERSION = "scope.version";

  private static final int TRACE_ID_BYTES = 16;
  private static final int SPAN_ID_BYTES = 8;
  private static final HexFormat HEX = HexFormat.of();

  private final IngestLimits limits;
  private final StreamCache streamCache;
  private final OtlpStreamLabels streamLabels;
  private final int batchMaxRecords;

  public DecoderOtlpLogs(
      IngestLimits limits, StreamCache streamCache, OtlpStreamLabels streamLabels) {
    this(limits, streamCache, streamLabels, Limits.BATCH_MAX_RECORDS);
  }

  /** With another batch bound, so that tests can see batching on small requests. */
  DecoderOtlpLogs(
      IngestLimits limits,
      StreamCache streamCache,
      OtlpStreamLabels streamLabels,
      int batchMaxRecords) {
    this.limits = requireNonNull(limits, "limits is null");
    this.streamCache = requireNonNull(streamCache, "streamCache is null");
    this.streamLabels = requireNonNull(streamLabels, "streamLabels is null");
    if (batchMaxRecords < 1) {
      throw new IllegalArgumentException("batchMaxRecords must be positive: " + batchMaxRecords);
    }
    this.batchMaxRecords = batchMaxRecords;
  }

  /**
   * Hands the records of {@code request} to {@code sink} in batches, in request order.
   *
   * @param tenant the tenant of every record
   * @param receiveTimeNanos the time of records that carry neither time nor observed time
   * @return how many records were handed to the sink and which were rejected (record numbers as
   *     {@link LineError#line()})
   */
  public IngestResult decode(
      OtlpLogsRequest request, String tenant, long receiveTimeNanos, BatchSink sink) {
    requireNonNull(request, "request is null");
    requireNonNull(tenant, "tenant is null");
    requireNonNull(sink, "sink is null");
    Run run = new Run(request.rejectedRecords(), receiveTimeNanos, sink);
    List<ResourceLogs> resources = request.message().getResourceLogsList();
    for (int resourceIndex = 0; resourceIndex < resources.size(); resourceIndex++) {
      ResourceLogs resourceLogs = resources.get(resourceIndex);
      Resource resource = resourceLogs.getResource();
      List<Field> resourceFields = new ArrayList<>();
      Stream stream = streamOf(resource, tenant, resourceFields);
      AnyValues.appendFields(resource.getAttributesList(), resourceFields);
      List<ScopeLogs> scopes = resourceLogs.getScopeLogsList();
      for (int scopeIndex = 0; scopeIndex < scopes.size(); scopeIndex++) {
        ScopeLogs scopeLogs = scopes.get(scopeIndex);
        List<Field> sharedFields = new ArrayList<>(resourceFields);
        appendScopeFields(scopeLogs.getScope(), sharedFields);
        List<io.opentelemetry.proto.logs.v1.LogRecord> records = scopeLogs.getLogRecordsList();
        for (int recordIndex = 0; recordIndex < records.size(); recordIndex++) {
          run.record(
              records.get(recordIndex),
              stream,
              sharedFields,
              new Position(resourceIndex, scopeIndex, recordIndex));
        }
      }
    }
    return run.finish();
  }

  /** Where a record is in the request, spelled as in OTLP JSON; built only for errors. */
  private record Position(int resource, int scope, int record) {
    @Override
    public String toString() {
      return "resourceLogs[" + resource + "].scopeLogs[" + scope + "].logRecords[" + record + "]";
    }
  }

  /** The stream of a resource; label fields whose name differs from their attribute's go first. */
  private Stream streamOf(Resource resource, String tenant, List<Field> resourceFields) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (OtlpStreamLabels.Entry entry : streamLabels.entries()) {
      if (labels.containsKey(entry.label())) {
        continue;
      }
      String value = topLevelText(resource.getAttributesList(), entry.attribute());
      if (value == null || value.isEmpty()) {
        continue;
      }
      labels.put(entry.label(), value);
      if (!entry.label().equals(entry.attribute())) {
        resourceFields.add(new Field(entry.label(), value));
      }
    }
    return streamCache.get(tenant, labels);
  }

  private static String topLevelText(List<KeyValue> attributes, String key) {
    for (KeyValue attribute : attributes) {
      if (attribute.getKey().equals(key)) {
        return AnyValues.text(attribute.getValue());
      }
    }
    return null;
  }

  private static void appendScopeFields(InstrumentationScope scope, List<Field> fields) {
    if (!scope.getName().isEmpty()) {
      fields.add(new Field(FIELD_SCOPE_NAME, scope.getName()));
    }
    if (!scope.getVersion().isEmpty()) {
      fields.add(new Field(FIELD_SCOPE_VERSION, scope.getVersion()));
    }
    AnyValues.appendFields(scope.getAttributesList(), fields);
  }

  /** The state of one decode call: the batch being filled and the counts. */
  private final class Run {
    private final Map<Long, String> rejectedByWire;
    private final long receiveTimeNanos;
    private final BatchSink sink;
    private final List<LineError> firstErrors = new ArrayList<>();
    private List<LogRecord> batch = new ArrayList<>();
    private long recordNumber;
    private long accepted;
    private long rejected;

    Run(Map<Long, String> rejectedByWire, long receiveTimeNanos, BatchSink sink) {
      this.rejectedByWire = rejectedByWire;
      this.receiveTimeNanos = receiveTimeNanos;
      this.sink = sink;
    }

    void record(
        io.opentelemetry.proto.logs.v1.LogRecord record,
        Stream stream,
        List<Field> sharedFields,
        Position position) {
      recordNumber++;
      String wireError = rejectedByWire.get(recordNumber);
      if (wireError != null) {
        reject(position, wireError);
        return;
      }
      String problem = check(record);
      if (problem != null) {
        reject(position, problem);
        return;
      }
      List<Field> fields = new ArrayList<>(sharedFields.size() + record.getAttributesCount() + 8);
      fields.addAll(sharedFields);
      appendRecordFields(record, fields);
      AnyValues.appendFields(record.getAttributesList(), fields);
      if (fields.size() > limits.maxFieldsPerRecord()) {
        reject(
            position,
            "record has "
                + fields.size()
                + " fields after flattening, more than the limit of "
                + limits.maxFieldsPerRecord()
                + "; send fewer attributes or raise the field limit");
        return;
      }
      String message = record.hasBody() ? AnyValues.text(record.getBody()) : null;
      if (message != null && isLongerThan(message, limits.maxLineBytes())) {
        reject(
            position,
            "body is longer than "
                + limits.maxLineBytes()
                + " bytes; split the record or raise the line size limit");
        return;
      }
      batch.add(new LogRecord(stream, timeOf(record), message == null ? "" : message, fields));
      if (batch.size() >= batchMaxRecords) {
        flush();
      }
    }

    private long timeOf(io.opentelemetry.proto.logs.v1.LogRecord record) {
      if (record.getTimeUnixNano() != 0) {
        return record.getTimeUnixNano();
      }
      if (record.getObservedTimeUnixNano() != 0) {
        return record.getObservedTimeUnixNano();
      }
      return receiveTimeNanos;
    }

    private void reject(Position position, String reason) {
      rejected++;
      if (firstErrors.size() < limits.maxFirstErrors()) {
        firstErrors.add(new LineError(recordNumber, position + ": " + reason));
      }
    }

    private void flush() {
      if (batch.isEmpty()) {
        return;
      }
      List<LogRecord> full = batch;
      batch = new ArrayList<>();
      sink.accept(full);
      accepted += full.size();
    }

    IngestResult finish() {
      flush();
      return new IngestResult(accepted, rejected, firstErrors);
    }
  }

  /** Why a record cannot be stored as it is, or null when it can. */
  private static String check(io.opentelemetry.proto.logs.v1.LogRecord record) {
    int traceIdBytes = record.getTraceId().size();
    if (traceIdBytes != 0 && traceIdBytes != TRACE_ID_BYTES) {
      return "trace_id must be " + TRACE_ID_BYTES + " bytes, got " + traceIdBytes;
    }
    int spanIdBytes = record.getSpanId().size();
    if (spanIdBytes != 0 && spanIdBytes != SPAN_ID_BYTES) {
      return "span_id must be " + SPAN_ID_BYTES + " bytes, got " + spanIdBytes;
    }
    // fixed64 fields are unsigned: above Long.MAX_VALUE they read as negative.
    if (record.getTimeUnixNano() < 0) {
      return "time_unix_nano "
          + Long.toUnsignedString(record.getTimeUnixNano())
          + " is after the year 2262; send nanoseconds since the Unix epoch";
    }
    if (record.getObservedTimeUnixNano() < 0) {
      return "observed_time_unix_nano "
          + Long.toUnsignedString(record.getObservedTimeUnixNano())
          + " is after the year 2262; send nanoseconds since the Unix epoch";
    }
    return null;
  }

  private static void appendRecordFields(
      io.opentelemetry.proto.logs.v1.LogRecord record, List<Field> fields) {
    int severityNumber = record.getSeverityNumberValue();
    String level = Levels.fromOpenTelemetrySeverity(severityNumber);
    if (level == null) {
      level = Levels.normalise(record.getSeverityText());
    }
    if (level != null) {
      fields.add(new Field(Levels.FIELD, level));
    }
    if (!record.getSeverityText().isEmpty()) {
      fields.add(new Field(FIELD_SEVERITY_TEXT, record.getSeverityText()));
    }
    if (severityNumber != 0) {
      fields.add(new Field(FIELD_SEVERITY_NUMBER, Integer.toString(severityNumber)));
    }
    appendId(record.getTraceId(), FIELD_TRACE_ID, fields);
    appendId(record.getSpanId(), FIELD_SPAN_ID, fields);
    if (record.getFlags() != 0) {
      fields.add(new Field(FIELD_TRACE_FLAGS, Integer.toUnsignedString(record.getFlags())));
    }
    if (!record.getEventName().isEmpty()) {
      fields.add(new Field(FIELD_EVENT_NAME, record.getEventName()));
    }
    if (record.getDroppedAttributesCount() != 0) {
      fields.add(
          new Field(
              FIELD_DROPPED_ATTRIBUTES,
              Integer.toUnsignedString(record.getDroppedAttributesCount())));
    }
  }

  /** Lower-case hex; no field for an empty or all-zero id (the data model's "no id"). */
  private static void appendId(ByteString id, String name, List<Field> fields) {
    if (id.isEmpty() || isAllZero(id)) {
      return;
    }
    fields.add(new Field(name, HEX.formatHex(id.toByteArray())));
  }

  private static boolean isAllZero(ByteString id) {
    for (int index = 0; index < id.size(); index++) {
      if (id.byteAt(index) != 0) {
        return false;
      }
    }
    return true;
  }

  /** True when the UTF-8 encoding of {@code text} has more than {@code maxBytes} bytes. */
  private static boolean isLongerThan(String text, int maxBytes) {
    // A char encodes to at most 3 bytes (a surrogate pair, two chars, to 4): short texts need no
    // encoding to be known to fit.
    if ((long) text.length() * 3 <= maxBytes) {
      return false;
    }
    if (text.length() > maxBytes) {
      return true;
    }
    return text.getBytes(StandardCharsets.UTF_8).length > maxBytes;
  }
}
