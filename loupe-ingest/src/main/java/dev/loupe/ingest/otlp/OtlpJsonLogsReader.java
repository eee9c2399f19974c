package dev.loupe.ingest.otlp;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.google.protobuf.ByteString;
import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import dev.loupe.ingest.Limits;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Reads an OTLP/JSON logs export request ({@code POST /v1/logs} with {@code Content-Type:
 * application/json}) into the protobuf message, as the OTLP specification's JSON encoding defines
 * it: the protobuf JSON mapping with field names in lowerCamelCase (the original snake_case names
 * are accepted too, as the mapping requires), 64-bit integers as strings or numbers, enums as
 * integers (their names are accepted too), and {@code traceId}/{@code spanId} as hex rather than
 * base64. Unknown fields are ignored, as the specification requires; {@code null} means "not set".
 *
 * <p>What goes wrong inside one log record (a time that is not a number, an id that is not hex, an
 * attribute of the wrong shape) rejects that record only: it is reported in {@link
 * OtlpLogsRequest#rejectedRecords()} with the field at fault, and the other records are kept. What
 * goes wrong outside the records (a body that is not JSON, {@code resourceLogs} that is not an
 * array, a bad resource attribute) makes the whole body invalid: {@link LoupeException} with {@code
 * BAD_REQUEST}, saying where.
 *
 * <p>Design note: a streaming parser over the body rather than a tree or protobuf's {@code
 * JsonFormat}: {@code JsonFormat} reads ids as base64 (OTLP sends hex) and fails a whole body on
 * its first bad value, and a tree would hold the body twice. Nesting depth is bounded by Jackson's
 * default constraints (a body nested deeper is invalid as a whole).
 *
 * <p>Thread-safe: each {@link #read} call has its own parser and state.
 */
public final class OtlpJsonLogsReader {
  private static final JsonFactory JSON =
      JsonFactory.builder().disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();
  private static final HexFormat HEX = HexFormat.of();
  private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);
  private static final int TRACE_ID_HEX_DIGITS = 32;
  private static final int SPAN_ID_HEX_DIGITS = 16;

  private OtlpJsonLogsReader() {}

  /**
   * Reads a whole body. Invalid UTF-8 is replaced with U+FFFD first (JSON parsers refuse it, log
   * shippers pass it on), so that one bad byte does not lose the request.
   *
   * @throws LoupeException BAD_REQUEST when the body is not an OTLP/JSON logs request
   */
  public static OtlpLogsRequest read(byte[] body) {
    byte[] valid = isValidUtf8(body) ? body : new String(body, UTF_8).getBytes(UTF_8);
    try {
      return read(new ByteArrayInputStream(valid));
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    }
  }

  private static boolean isValidUtf8(byte[] bytes) {
    try {
      UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException invalid) {
      return false;
    }
  }

  private static OtlpLogsRequest read(InputStream body) throws IOException {
    try (JsonParser parser = JSON.createParser(body)) {
      Session session = new Session(parser);
      ExportLogsServiceRequest message = session.request();
      return new OtlpLogsRequest(message, session.rejected);
    } catch (JsonProcessingException syntax) {
      JsonLocation location = syntax.getLocation();
      String where =
          location == null
              ? ""
              : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
      throw new LoupeException(
          ErrorCode.BAD_REQUEST,
          "invalid OTLP JSON" + where + ": " + bounded(syntax.getOriginalMessage()),
          syntax);
    }
  }

  /**
   * A value could not be read; caught at the record it belongs to, or fatal outside records. The
   * path to the value ({@code .attributes[2].value.intValue}) is prefixed on the way up.
   */
  private static final class BadValue extends Exception {
    private static final long serialVersionUID = 1L;
    private final String problem;
    private String path = "";

    BadValue(String problem) {
      super(problem, null, false, false);
      this.problem = problem;
    }

    BadValue within(String segment) {
      path = segment + path;
      return this;
    }

    /** {@code where} followed by the path, without a leading dot, then the problem. */
    String describe(String where) {
      String full = where + path;
      if (full.startsWith(".")) {
        full = full.substring(1);
      }
      return (full.isEmpty() ? "the body" : full) + ": " + problem;
    }
  }

  @FunctionalInterface
  private interface ElementReader {
    void read(int index) throws IOException, BadValue;
  }

  @FunctionalInterface
  private interface FieldReader {
    void read(String name) throws IOException, BadValue;
  }

  /** The state of one body. Not thread-safe. */
  private static final class Session {
    private final JsonParser parser;
    private final TreeMap<Long, String> rejected = new TreeMap<>();
    private long recordNumber;

    Session(JsonParser parser) {
      this.parser = parser;
    }

    ExportLogsServiceRequest request() throws IOException {
      if (parser.nextToken() == null) {
        throw invalid("the body is empty; send an ExportLogsServiceRequest as JSON");
      }
      ExportLogsServiceRequest.Builder request = ExportLogsServiceRequest.newBuilder();
      fatal(
          "",
          () ->
              object(
                  name -> {
                    switch (name) {
                      case "resourceLogs", "resource_logs" ->
                          array(index -> request.addResourceLogs(resourceLogs(index)));
                      default -> parser.skipChildren();
                    }
                  }));
      if (parser.nextToken() != null) {
        throw invalid("the body has content after the request object");
      }
      return request.build();
    }

    private ResourceLogs resourceLogs(int resourceIndex) throws IOException, BadValue {
      String where = "resourceLogs[" + resourceIndex + "]";
      ResourceLogs.Builder resourceLogs = ResourceLogs.newBuilder();
      fatal(
          where,
          () ->
              object(
                  name -> {
                    switch (name) {
                      case "resource" -> resourceLogs.setResource(resource(where + ".resource"));
                      case "scopeLogs", "scope_logs" ->
                          array(index -> resourceLogs.addScopeLogs(scopeLogs(where, index)));
                      case "schemaUrl", "schema_url" -> resourceLogs.setSchemaUrl(string());
                      default -> parser.skipChildren();
                    }
                  }));
      return resourceLogs.build();
    }

    private Resource resource(String where) throws IOException {
      Resource.Builder resource = Resource.newBuilder();
      fatal(
          where,
          () ->
              object(
                  name -> {
                    switch (name) {
                      case "attributes" -> array(index -> resource.addAttributes(keyValue()));
                      case "droppedAttributesCount", "dropped_attributes_count" ->
                          resource.setDroppedAttributesCount(uint32());
                      default -> parser.skipChildren();
                    }
                  }));
      return resource.build();
    }

    private ScopeLogs scopeLogs(String resourceWhere, int scopeIndex) throws IOException {
      String where = resourceWhere + ".scopeLogs[" + scopeIndex + "]";
      ScopeLogs.Builder scopeLogs = ScopeLogs.newBuilder();
      fatal(
          where,
          () ->
              object(
                  name -> {
                    switch (name) {
                      case "scope" -> scopeLogs.setScope(scope(where + ".scope"));
                      case "logRecords", "log_records" ->
                          array(index -> scopeLogs.addLogRecords(logRecord()));
                      case "schemaUrl", "schema_url" -> scopeLogs.setSchemaUrl(string());
                      default -> parser.skipChildren();
                    }
                  }));
      return scopeLogs.build();
    }

    private InstrumentationScope scope(String where) throws IOException {
      InstrumentationScope.Builder scope = InstrumentationScope.newBuilder();
      fatal(
          where,
          () ->
              object(
                  name -> {
                    switch (name) {
                      case "name" -> scope.setName(string());
                      case "version" -> scope.setVersion(string());
                      case "attributes" -> array(index -> scope.addAttributes(keyValue()));
                      case "droppedAttributesCount", "dropped_attributes_count" ->
                          scope.setDroppedAttributesCount(uint32());
                      default -> parser.skipChildren();
                    }
                  }));
      return scope.build();
    }

    /**
     * One log record. A bad value rejects the record: the rest of it is read on (skipped) so the
     * next record starts where it should, and the record stays in the message to keep numbering.
     */
    private LogRecord logRecord() throws IOException {
      recordNumber++;
      LogRecord.Builder record = LogRecord.newBuilder();
      JsonToken start = parser.currentToken();
      if (start != JsonToken.START_OBJECT) {
        rejected.put(recordNumber, "the record: expected an object, found " + describe(start));
        parser.skipChildren();
        return record.build();
      }
      int recordDepth = parser.getParsingContext().getNestingDepth();
      try {
        object(name -> logRecordField(record, name));
      } catch (BadValue bad) {
        rejected.put(recordNumber, bad.describe(""));
        skipToEndOfRecord(recordDepth);
      }
      return record.build();
    }

    private void logRecordField(LogRecord.Builder record, String name)
        throws IOException, BadValue {
      switch (name) {
        case "timeUnixNano", "time_unix_nano" -> record.setTimeUnixNano(uint64());
        case "observedTimeUnixNano", "observed_time_unix_nano" ->
            record.setObservedTimeUnixNano(uint64());
        case "severityNumber", "severity_number" -> record.setSeverityNumberValue(severity());
        case "severityText", "severity_text" -> record.setSeverityText(string());
        case "body" -> record.setBody(anyValue());
        case "attributes" -> array(index -> record.addAttributes(keyValue()));
        case "droppedAttributesCount", "dropped_attributes_count" ->
            record.setDroppedAttributesCount(uint32());
        case "flags" -> record.setFlags(uint32());
        case "traceId", "trace_id" -> record.setTraceId(hexId(TRACE_ID_HEX_DIGITS));
        case "spanId", "span_id" -> record.setSpanId(hexId(SPAN_ID_HEX_DIGITS));
        case "eventName", "event_name" -> record.setEventName(string());
        default -> parser.skipChildren();
      }
    }

    private KeyValue keyValue() throws IOException, BadValue {
      KeyValue.Builder keyValue = KeyValue.newBuilder();
      object(
          name -> {
            switch (name) {
              case "key" -> keyValue.setKey(string());
              case "value" -> keyValue.setValue(anyValue());
              default -> parser.skipChildren();
            }
          });
      return keyValue.build();
    }

    private AnyValue anyValue() throws IOException, BadValue {
      AnyValue.Builder value = AnyValue.newBuilder();
      object(
          name -> {
            switch (name) {
              case "stringValue", "string_value" -> value.setStringValue(string());
              case "boolValue", "bool_value" -> value.setBoolValue(bool());
              case "intValue", "int_value" -> value.setIntValue(int64());
              case "doubleValue", "double_value" -> value.setDoubleValue(doubleValue());
              case "bytesValue", "bytes_value" -> value.setBytesValue(base64());
              case "arrayValue", "array_value" -> value.setArrayValue(arrayValue());
              case "kvlistValue", "kvlist_value" -> value.setKvlistValue(keyValueList());
              default -> parser.skipChildren();
            }
          });
      return value.build();
    }

    private ArrayValue arrayValue() throws IOException, BadValue {
      ArrayValue.Builder array = ArrayValue.newBuilder();
      object(
          name -> {
            if (name.equals("values")) {
              array(index -> array.addValues(anyValue()));
            } else {
              parser.skipChildren();
            }
          });
      return array.build();
    }

    private KeyValueList keyValueList() throws IOException, BadValue {
      KeyValueList.Builder list = KeyValueList.newBuilder();
      object(
          name -> {
            if (name.equals("values")) {
              array(index -> list.addValues(keyValue()));
            } else {
              parser.skipChildren();
            }
          });
      return list.build();
    }

    // Structure. Each method starts on the current token (the value) and leaves the parser on its
    // last token. A JSON null is "not set": the fields' readers are not called.

    private void object(FieldReader fields) throws IOException, BadValue {
      JsonToken token = parser.currentToken();
      if (token == JsonToken.VALUE_NULL) {
        return;
      }
      if (token != JsonToken.START_OBJECT) {
        throw bad("expected an object, found " + describe(token));
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (value == JsonToken.VALUE_NULL) {
          continue;
        }
        try {
          fields.read(name);
        } catch (BadValue bad) {
          throw bad.within("." + name);
        }
      }
    }

    private void array(ElementReader elements) throws IOException, BadValue {
      JsonToken token = parser.currentToken();
      if (token == JsonToken.VALUE_NULL) {
        return;
      }
      if (token != JsonToken.START_ARRAY) {
        throw bad("expected an array, found " + describe(token));
      }
      int index = 0;
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        try {
          elements.read(index);
        } catch (BadValue bad) {
          throw bad.within("[" + index + "]");
        }
        index++;
      }
    }

    /**
     * After a bad value somewhere inside a record: reads on to the record's closing brace, so the
     * next record is read from where it starts. Jackson returns a closing token with the parent's
     * context, so the record's brace is the END_OBJECT seen at one level above the record's.
     */
    private void skipToEndOfRecord(int recordDepth) throws IOException {
      while (true) {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
          parser.skipChildren();
        } else if (token == JsonToken.END_OBJECT
            && parser.getParsingContext().getNestingDepth() == recordDepth - 1) {
          return;
        }
        if (parser.nextToken() == null) {
          return;
        }
      }
    }

    @FunctionalInterface
    private interface Body {
      void run() throws IOException, BadValue;
    }

    /** Runs a part outside the records, where a bad value makes the whole body invalid. */
    private void fatal(String where, Body body) throws IOException {
      try {
        body.run();
      } catch (BadValue bad) {
        throw invalid(bad.describe(where));
      }
    }

    // Scalars.

    private String string() throws IOException, BadValue {
      if (parser.currentToken() != JsonToken.VALUE_STRING) {
        throw bad("expected a string, found " + describe(parser.currentToken()));
      }
      return parser.getText();
    }

    private boolean bool() throws IOException, BadValue {
      return switch (parser.currentToken()) {
        case VALUE_TRUE -> true;
        case VALUE_FALSE -> false;
        default -> throw bad("expected true or false, found " + describe(parser.currentToken()));
      };
    }

    /** An integer as a JSON number or a string of digits, as the protobuf JSON mapping allows. */
    private BigInteger integer() throws IOException, BadValue {
      JsonToken token = parser.currentToken();
      if (token == JsonToken.VALUE_NUMBER_INT) {
        return parser.getBigIntegerValue();
      }
      if (token == JsonToken.VALUE_STRING) {
        String text = parser.getText().strip();
        try {
          return new BigInteger(text);
        } catch (NumberFormatException notInteger) {
          throw bad("expected an integer, found " + quote(text));
        }
      }
      throw bad("expected an integer, found " + describe(token));
    }

    private long int64() throws IOException, BadValue {
      BigInteger value = integer();
      if (value.bitLength() > 63) {
        throw bad(value + " is out of the range of a 64-bit integer");
      }
      return value.longValue();
    }

    /** fixed64 nanoseconds: unsigned, stored in a long's bits as protobuf does. */
    private long uint64() throws IOException, BadValue {
      BigInteger value = integer();
      if (value.signum() < 0 || value.compareTo(TWO_TO_64) >= 0) {
        throw bad(value + " is out of the range of an unsigned 64-bit integer");
      }
      return value.longValue();
    }

    private int uint32() throws IOException, BadValue {
      BigInteger value = integer();
      if (value.signum() < 0 || value.bitLength() > 32) {
        throw bad(value + " is out of the range of an unsigned 32-bit integer");
      }
      return value.intValue();
    }

    /** An enum: its number, or its name ({@code SEVERITY_NUMBER_WARN}). */
    private int severity() throws IOException, BadValue {
      if (parser.currentToken() == JsonToken.VALUE_STRING) {
        String text = parser.getText().strip();
        if (text.startsWith("SEVERITY_NUMBER_")) {
          try {
            return SeverityNumber.valueOf(text).getNumber();
          } catch (IllegalArgumentException unknown) {
            throw bad("unknown severity " + quote(text));
          }
        }
      }
      BigInteger value = integer();
      if (value.bitLength() > 31) {
        throw bad(value + " is out of the range of a 32-bit integer");
      }
      return value.intValue();
    }

    private double doubleValue() throws IOException, BadValue {
      JsonToken token = parser.currentToken();
      if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
        return parser.getDoubleValue();
      }
      if (token == JsonToken.VALUE_STRING) {
        String text = parser.getText().strip();
        switch (text) {
          case "NaN":
            return Double.NaN;
          case "Infinity":
            return Double.POSITIVE_INFINITY;
          case "-Infinity":
            return Double.NEGATIVE_INFINITY;
          default:
            try {
              return Double.parseDouble(text);
            } catch (NumberFormatException notNumber) {
              throw bad("expected a number, found " + quote(text));
            }
        }
      }
      throw bad("expected a number, found " + describe(token));
    }

    private ByteString base64() throws IOException, BadValue {
      String text = string();
      try {
        return ByteString.copyFrom(Base64.getDecoder().decode(text));
      } catch (IllegalArgumentException notStandard) {
        try {
          return ByteString.copyFrom(Base64.getUrlDecoder().decode(text));
        } catch (IllegalArgumentException notBase64) {
          throw bad("expected base64, found " + quote(text));
        }
      }
    }

    /** A trace or span id: hex, as OTLP/JSON writes ids (not base64); empty means none. */
    private ByteString hexId(int hexDigits) throws IOException, BadValue {
      String text = string();
      if (text.isEmpty()) {
        return ByteString.EMPTY;
      }
      if (text.length() != hexDigits) {
        throw bad("expected " + hexDigits + " hex digits, found " + quote(text));
      }
      try {
        return ByteString.copyFrom(HEX.parseHex(text.toLowerCase(Locale.ROOT)));
      } catch (IllegalArgumentException notHex) {
        throw bad("expected " + hexDigits + " hex digits, found " + quote(text));
      }
    }

    private static BadValue bad(String message) {
      return new BadValue(message);
    }

    private LoupeException invalid(String problem) {
      JsonLocation location = parser.currentLocation();
      return new LoupeException(
          ErrorCode.BAD_REQUEST,
          "invalid OTLP JSON logs request: "
              + problem
              + " (line "
              + location.getLineNr()
              + ", column "
              + location.getColumnNr()
              + ")");
    }

    private static String describe(JsonToken token) {
      if (token == null) {
        return "the end of the body";
      }
      return switch (token) {
        case START_OBJECT -> "an object";
        case START_ARRAY -> "an array";
        case VALUE_STRING -> "a string";
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
        case VALUE_TRUE, VALUE_FALSE -> "a boolean";
        case VALUE_NULL -> "null";
        default -> token.asString() == null ? token.name() : token.asString();
      };
    }
  }

  private static String quote(String value) {
    int max = Limits.MAX_VALUE_CHARS_IN_ERROR;
    return '"' + (value.length() <= max ? value : value.substring(0, max) + "...") + '"';
  }

  private static String bounded(String message) {
    int max = Limits.MAX_REASON_CHARS;
    return message.length() <= max ? message : message.substring(0, max - 3) + "...";
  }
}
