package dev.loupe.ingest.decode;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.loupe.core.ErrorCode;
import dev.loupe.core.Field;
import dev.loupe.core.LoupeException;
import dev.loupe.ingest.BatchSink;
import dev.loupe.ingest.Decoder;
import dev.loupe.ingest.IngestLimits;
import dev.loupe.ingest.IngestParameters;
import dev.loupe.ingest.IngestResult;
import dev.loupe.ingest.Limits;
import dev.loupe.ingest.StreamCache;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes the JSON body of Loki's push API ({@code POST /loki/api/v1/push}, {@code Content-Type:
 * application/json}), as Promtail, Grafana Alloy, Fluent Bit and Vector send it:
 *
 * <pre>{@code
 * {"streams":[{"stream":{"job":"app"},
 *              "values":[["1700000000000000000","a line"],
 *                        ["1700000000000000001","another",{"trace_id":"abc"}]]}]}
 * }</pre>
 *
 * <p>Each value is {@code [timestamp, line]} or {@code [timestamp, line, structured metadata]}; the
 * timestamp is Unix nanoseconds as a string (a JSON number or an RFC 3339 text are accepted too).
 * {@link LokiRecords} says how entries become records. An entry that cannot be read (not an array,
 * a timestamp that is no time, a line that is not a string) is rejected alone, as is every entry of
 * a stream whose labels are not strings; the rest of the body is stored. A body that is not JSON,
 * or not shaped as above, fails whole with BAD_REQUEST naming the place; what was handed to the
 * sink before stays stored and the message says how much. Invalid UTF-8 is replaced with U+FFFD.
 *
 * <p>Design note: the body is read whole (bounded by the body limit) because Jackson rejects
 * invalid UTF-8 outright, and repairing it needs the bytes; push bodies are batches of a few MB.
 * The JSON is then read as a token stream, so no tree of the body is built.
 *
 * <p>Thread-safe and immutable; each {@link #decode} call has its own state.
 */
public final class DecoderLokiJson implements Decoder {
  private static final JsonFactory JSON_FACTORY =
      JsonFactory.builder()
          .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
          .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          .build();

  private static final String SOURCE_REDACTED =
      "[Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); ";

  private final IngestLimits limits;
  private final StreamCache streamCache;

  public DecoderLokiJson(IngestLimits limits, StreamCache streamCache) {
    this.limits = requireNonNull(limits, "limits is null");
    this.streamCache = requireNonNull(streamCache, "streamCache is null");
  }

  @Override
  public IngestResult decode(InputStream body, IngestParameters parameters, BatchSink sink)
      throws IOException {
    requireNonNull(body, "body is null");
    requireNonNull(parameters, "parameters is null");
    byte[] bytes = WholeBody.read(body, limits.maxBodyBytes());
    if (!Utf8.isValid(bytes, 0, bytes.length)) {
      bytes = Utf8.replaceInvalid(bytes, 0, bytes.length);
    }
    RecordCollector collector =
        new RecordCollector(
            sink, limits.maxFirstErrors(), Limits.BATCH_MAX_RECORDS, Limits.BATCH_MAX_BYTES);
    LokiRecords records = new LokiRecords(parameters, limits, streamCache, collector);
    try (JsonParser parser = JSON_FACTORY.createParser(bytes)) {
      new Reader(parser, records).pushRequest();
    } catch (JsonProcessingException invalidJson) {
      throw malformed(describe(invalidJson), collector);
    } catch (Malformed malformed) {
      throw malformed(malformed.getMessage(), collector);
    }
    return collector.finish();
  }

  private static LoupeException malformed(String what, RecordCollector collector) {
    return new LoupeException(
        ErrorCode.BAD_REQUEST,
        what
            + "; send {\"streams\":[{\"stream\":{\"job\":\"app\"},\"values\":[[\"<unix"
            + " ns>\",\"<line>\"]]}]}; the "
            + collector.stored()
            + " entries handed to storage before it are stored");
  }

  private static String describe(JsonProcessingException invalidJson) {
    JsonLocation location = invalidJson.getLocation();
    String where =
        location == null
            ? ""
            : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    // Jackson names the source it was told not to include; the line and column are what count.
    String detail = invalidJson.getOriginalMessage().replace(SOURCE_REDACTED, "[");
    return "body is not valid json" + where + ": " + detail;
  }

  /** A body that is JSON but not a push request. */
  private static final class Malformed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message, null, false, false);
    }
  }

  /** An entry read, or why it cannot be stored. */
  private record Entry(
      long number,
      String where,
      long timeNanos,
      String line,
      int lineBytes,
      List<Field> metadata,
      String problem) {}

  /** Walks the tokens of one body. Not thread-safe. */
  private static final class Reader {
    private final JsonParser parser;
    private final LokiRecords records;

    Reader(JsonParser parser, LokiRecords records) {
      this.parser = parser;
      this.records = records;
    }

    void pushRequest() throws IOException {
      JsonToken first = parser.nextToken();
      if (first == null) {
        return;
      }
      if (first != JsonToken.START_OBJECT) {
        throw new Malformed("body is not a json object");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (name.equals("streams") && value == JsonToken.START_ARRAY) {
          streams();
        } else if (name.equals("streams") && value != JsonToken.VALUE_NULL) {
          throw new Malformed("\"streams\" is not an array");
        } else {
          parser.skipChildren();
        }
      }
      if (parser.nextToken() != null) {
        throw new Malformed("text after the json object at line " + lineNumber());
      }
    }

    private void streams() throws IOException {
      int streamIndex = 0;
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
          throw new Malformed("streams[" + streamIndex + "] is not an object");
        }
        stream(streamIndex++);
      }
    }

    /**
     * One stream object. Its values are stored as they are read once its labels are known; values
     * written before the labels (JSON does not order keys) wait for them.
     */
    private void stream(int streamIndex) throws IOException {
      boolean labelsKnown = false;
      List<Entry> waiting = new ArrayList<>();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (name.equals("stream")) {
          labels(streamIndex, value);
          labelsKnown = true;
          waiting.forEach(this::emit);
          waiting.clear();
        } else if (name.equals("values") && value == JsonToken.START_ARRAY) {
          values(streamIndex, labelsKnown ? null : waiting);
        } else if (name.equals("values") && value != JsonToken.VALUE_NULL) {
          throw new Malformed("streams[" + streamIndex + "].values is not an array");
        } else {
          parser.skipChildren();
        }
      }
      if (!labelsKnown) {
        records.startStream(Map.of());
        waiting.forEach(this::emit);
      }
    }

    private void labels(int streamIndex, JsonToken value) throws IOException {
      if (value == JsonToken.VALUE_NULL) {
        records.startStream(Map.of());
        return;
      }
      if (value != JsonToken.START_OBJECT) {
        parser.skipChildren();
        records.rejectStream("\"stream\" of streams[" + streamIndex + "] is not an object");
        return;
      }
      Map<String, String> labels = new LinkedHashMap<>();
      String problem = null;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken labelValue = parser.nextToken();
        if (labelValue == JsonToken.VALUE_STRING) {
          labels.put(name, parser.getText());
        } else {
          parser.skipChildren();
          problem = "label " + Reasons.quote(name) + " is not a string";
        }
      }
      if (problem != null) {
        records.rejectStream(problem);
      } else {
        records.startStream(labels);
      }
    }

    /** Reads the values array; each entry is stored at once, or added to {@code waiting}. */
    private void values(int streamIndex, List<Entry> waiting) throws IOException {
      int valueIndex = 0;
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        String where = "streams[" + streamIndex + "].values[" + valueIndex++ + "]";
        Entry entry = entry(records.nextEntry(), where);
        if (waiting != null) {
          waiting.add(entry);
        } else {
          emit(entry);
        }
      }
    }

    private void emit(Entry entry) {
      if (entry.problem() != null) {
        records.reject(entry.number(), entry.where(), entry.problem());
        return;
      }
      records.accept(
          entry.number(),
          entry.where(),
          entry.timeNanos(),
          entry.line(),
          entry.lineBytes(),
          entry.metadata());
    }

    /** Reads one value, whatever it holds, leaving the parser after it. */
    private Entry entry(long number, String where) throws IOException {
      if (parser.currentToken() != JsonToken.START_ARRAY) {
        parser.skipChildren();
        return problem(number, where, "is not an array [\"<unix ns>\", \"<line>\"]");
      }
      long timeNanos = 0;
      String line = null;
      List<Field> metadata = List.of();
      String problem = null;
      int position = 0;
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        JsonToken token = parser.currentToken();
        String elementProblem =
            switch (position++) {
              case 0 -> {
                timeNanos = time(token);
                yield timeNanos == TimeParser.INVALID ? timeProblem(token) : null;
              }
              case 1 -> {
                line = token == JsonToken.VALUE_STRING ? parser.getText() : null;
                yield line == null ? "the line (second element) is not a string" : null;
              }
              case 2 -> {
                metadata = token == JsonToken.START_OBJECT ? metadata() : List.of();
                yield token == JsonToken.START_OBJECT || token == JsonToken.VALUE_NULL
                    ? null
                    : "structured metadata (third element) is not an object";
              }
              default -> "has more than three elements";
            };
        boolean readWhole = position == 3 && token == JsonToken.START_OBJECT;
        if (token.isStructStart() && !readWhole) {
          parser.skipChildren();
        }
        if (problem == null) {
          problem = elementProblem;
        }
      }
      if (problem == null && position < 2) {
        problem = "has no line; write [\"<unix ns>\", \"<line>\"]";
      }
      if (problem != null) {
        return problem(number, where, problem);
      }
      return new Entry(
          number, where, timeNanos, line, LokiRecords.utf8Length(line), metadata, null);
    }

    private static Entry problem(long number, String where, String problem) {
      return new Entry(number, where, 0, null, 0, List.of(), problem);
    }

    /** Nanoseconds, 0 for none, or {@link TimeParser#INVALID}. */
    private long time(JsonToken token) throws IOException {
      if (token != JsonToken.VALUE_STRING && token != JsonToken.VALUE_NUMBER_INT) {
        return TimeParser.INVALID;
      }
      String text = parser.getText();
      if (isInteger(text)) {
        try {
          return Long.parseLong(text);
        } catch (NumberFormatException outOfRange) {
          return TimeParser.INVALID;
        }
      }
      if (text.isEmpty()) {
        return TimeParser.INVALID;
      }
      // An RFC 3339 text, or a number with a fraction; "0" gives 0, the receive time.
      return TimeParser.parse(text, 0);
    }

    private String timeProblem(JsonToken token) throws IOException {
      String shown = token.isScalarValue() ? Reasons.quote(parser.getText()) : "that";
      return "timestamp "
          + shown
          + " is not unix nanoseconds as a string, like \"1700000000000000000\"";
    }

    private List<Field> metadata() throws IOException {
      List<Field> fields = new ArrayList<>();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (value.isScalarValue() && value != JsonToken.VALUE_NULL) {
          fields.add(new Field(name, parser.getText()));
        } else {
          parser.skipChildren();
        }
      }
      return fields;
    }

    private long lineNumber() {
      return parser.currentLocation().getLineNr();
    }

    private static boolean isInteger(String text) {
      if (text.isEmpty()) {
        return false;
      }
      int start = text.charAt(0) == '-' ? 1 : 0;
      if (start == text.length()) {
        return false;
      }
      for (int index = start; index < text.length(); index++) {
        char c = text.charAt(index);
        if (c < '0' || c > '9') {
          return false;
        }
      }
      return true;
    }
  }
}
