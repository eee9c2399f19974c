package dev.loupe.ingest.decode;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import dev.loupe.core.Field;
import dev.loupe.core.LogRecord;
import dev.loupe.core.Stream;
import dev.loupe.ingest.IngestParameters;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Decodes the lines of one JSON-lines body into records; see {@link DecoderJsonLines} for the
 * rules. Holds the state reused from line to line (the field list, the label values, the name
 * caches, a JSON parser). Not thread-safe: one instance per body; {@link #close} it after the last
 * line.
 *
 * <p>Design note: a Jackson parser cannot be reset, and creating one costs about 700 bytes of
 * objects (context, text buffer, symbol table child, read contexts) and a good part of the time of
 * a short line. So a line is first parsed by one non-blocking parser that lives across lines: the
 * line's bytes are fed to it, then a {@code \n}, and the line counts as parsed only when its object
 * ended, nothing but blanks followed it, and no field was refused. Anything else (invalid JSON,
 * text after the object, a limit) drops that parser and parses the line again with a parser of its
 * own, the original path, so that every rejection and its reason are exactly what that path gives;
 * the cost of a second parse falls on bad lines only. The feeding of {@code \n} is what proves the
 * line complete: after it no token can still be pending (a number ends at it, a string or literal
 * may not contain it), so a parser that then reports "need more input" stands between two root
 * values. The reused parser is replaced every {@link #LINES_PER_REUSED_PARSER} lines so that what
 * it keeps (symbols, text buffer) stays bounded by what a few lines hold, as with one parser a
 * line.
 */
final class JsonLinesSession implements LineReader.LineConsumer, Closeable {
  private static final String NOT_AN_OBJECT =
      "line is not a json object; send one object a line, like {\"_msg\":\"hello\"}";

  /** Parser creation is amortized to nothing well before this; see the design note. */
  static final int LINES_PER_REUSED_PARSER = 1024;

  /** Never reported: it sends the line from the reused parser to a parser of its own. */
  private static final String INCOMPLETE_LINE = "line ended inside the object";

  private static final byte[] LINE_END = {'\n'};

  private final JsonFactory jsonFactory;
  private final long receiveTimeNanos;
  private final int maxFieldsPerRecord;
  private final int maxLineBytes;
  private final StreamResolver streamResolver;
  private final FieldRoles fieldRoles;
  private final RecordCollector collector;
  private final DottedNames dottedNames = new DottedNames();
  private final ArrayList<Field> fields = new ArrayList<>();
  private final String[] labelValues;
  private final boolean reuseParser;
  // Fields every following line starts with, before its own; see leadingFields.
  private List<Field> leadingFields = List.of();

  // The parser reused across lines, or null until the next line needs one.
  private JsonParser reusedParser;
  private ByteArrayFeeder reusedParserFeeder;
  private long reusedParserBytesFed;
  private int reusedParserLines;

  // The line being decoded: arrays are kept as their JSON text, sliced from these bytes.
  private byte[] lineBytes;
  private int lineOffset;
  // The reused parser's count of bytes fed when the line's first byte was fed to it.
  private long parserOffsetOfLine;
  private int timeIndex;
  private int timePriority;
  private int messageIndex;
  private int messagePriority;

  /**
   * @param reuseParser false gives every line a parser of its own, the path a line takes when the
   *     reused parser gives it up; tests compare the two
   */
  JsonLinesSession(
      JsonFactory jsonFactory,
      IngestParameters parameters,
      int maxFieldsPerRecord,
      int maxLineBytes,
      StreamResolver streamResolver,
      RecordCollector collector,
      boolean reuseParser) {
    this.reuseParser = reuseParser;
    this.jsonFactory = requireNonNull(jsonFactory, "jsonFactory is null");
    this.receiveTimeNanos = parameters.receiveTimeNanos();
    this.maxFieldsPerRecord = maxFieldsPerRecord;
    this.maxLineBytes = maxLineBytes;
    this.streamResolver = requireNonNull(streamResolver, "streamResolver is null");
    this.collector = requireNonNull(collector, "collector is null");
    this.fieldRoles =
        new FieldRoles(
            parameters.timeFields(), parameters.messageFields(), streamResolver.labelNames());
    this.labelValues = new String[streamResolver.labelNames().size()];
  }

  /**
   * Fields that every following line starts with, as if written first in its object: they count
   * against the field limit and can be stream labels, time or message like the line's own fields. A
   * protocol whose lines carry context outside the object (the index of an Elasticsearch bulk
   * action) sets them before each line.
   */
  void leadingFields(List<Field> fieldsOfEveryLine) {
    leadingFields = List.copyOf(fieldsOfEveryLine);
  }

  @Override
  public void line(byte[] bytes, int offset, int length, long lineNumber) throws IOException {
    int end = offset + length;
    int start = skipBlanksAndByteOrderMark(bytes, offset, end);
    if (start == end) {
      return;
    }
    int skipped = start - offset;
    if (Utf8.isValid(bytes, start, end - start)) {
      decodeLine(bytes, start, end - start, skipped, lineNumber);
      return;
    }
    byte[] repaired = Utf8.replaceInvalid(bytes, start, end - start);
    decodeLine(repaired, 0, repaired.length, skipped, lineNumber);
  }

  @Override
  public void lineTooLong(long lineNumber) {
    collector.reject(lineNumber, Reasons.lineTooLong(maxLineBytes));
  }

  /**
   * @param skipped bytes of the line before {@code offset} (blanks, a byte order mark), so that
   *     error columns count from the real start of the line
   */
  private void decodeLine(byte[] bytes, int offset, int length, int skipped, long lineNumber)
      throws IOException {
    startLine(bytes, offset);
    String rejection = checkObjectStart(bytes, offset, length);
    if (rejection == null && !(reuseParser && parseFieldsReusingParser(bytes, offset, length))) {
      startLine(bytes, offset);
      rejection = parseFields(bytes, offset, length, skipped);
    }
    if (rejection == null) {
      rejection = finishRecord(length);
    }
    if (rejection != null) {
      collector.reject(lineNumber, Reasons.bounded(rejection));
    }
  }

  /**
   * Checked before the parser sees the line, because Jackson guesses the encoding of a byte array
   * from its first bytes: a NUL as second byte would make it read UTF-16. Lines here are UTF-8
   * (checked or repaired), and no JSON object starts any other way than these checks allow.
   */
  private static String checkObjectStart(byte[] bytes, int offset, int length) {
    if (bytes[offset] != '{') {
      return NOT_AN_OBJECT;
    }
    if (length > 1 && bytes[offset + 1] == 0) {
      return "invalid json: a nul byte after the opening brace";
    }
    return null;
  }

  private void startLine(byte[] bytes, int offset) {
    lineBytes = bytes;
    lineOffset = offset;
    fields.clear();
    Arrays.fill(labelValues, null);
    timeIndex = -1;
    timePriority = FieldRoles.NONE;
    messageIndex = -1;
    messagePriority = FieldRoles.NONE;
    for (Field leading : leadingFields) {
      // Callers lead with one field and the field limit is at least 1, so this always fits.
      addField(leading.name(), leading.value());
    }
  }

  /**
   * Flattens the line's object into {@link #fields} with the reused parser; false when the line is
   * anything but one complete object whose fields were all taken, leaving it to {@link
   * #parseFields}.
   */
  private boolean parseFieldsReusingParser(byte[] bytes, int offset, int length)
      throws IOException {
    JsonParser parser = reusedParser();
    parserOffsetOfLine = reusedParserBytesFed;
    try {
      feed(bytes, offset, length);
      boolean parsed =
          parser.nextToken() == JsonToken.START_OBJECT
              && flattenObject(parser, null) == null
              && parser.currentToken() == JsonToken.END_OBJECT
              && parser.getParsingContext().inRoot()
              && parser.nextToken() == JsonToken.NOT_AVAILABLE;
      if (parsed) {
        feed(LINE_END, 0, LINE_END.length);
        parsed = parser.nextToken() == JsonToken.NOT_AVAILABLE;
      }
      if (!parsed) {
        dropReusedParser();
      }
      return parsed;
    } catch (JsonProcessingException invalidJson) {
      // Not swallowed: the line is parsed again by parseFields, which reports the error.
      dropReusedParser();
      return false;
    }
  }

  private JsonParser reusedParser() throws IOException {
    if (reusedParser != null && reusedParserLines >= LINES_PER_REUSED_PARSER) {
      dropReusedParser();
    }
    if (reusedParser == null) {
      reusedParser = jsonFactory.createNonBlockingByteArrayParser();
      reusedParserFeeder = (ByteArrayFeeder) reusedParser.getNonBlockingInputFeeder();
      reusedParserBytesFed = 0;
      reusedParserLines = 0;
    }
    reusedParserLines++;
    return reusedParser;
  }

  private void feed(byte[] bytes, int offset, int length) throws IOException {
    reusedParserFeeder.feedInput(bytes, offset, offset + length);
    reusedParserBytesFed += length;
  }

  private void dropReusedParser() throws IOException {
    JsonParser parser = reusedParser;
    reusedParser = null;
    reusedParserFeeder = null;
    if (parser != null) {
      parser.close();
    }
  }

  /** Releases the reused parser's buffers; call once, after the last line. */
  @Override
  public void close() throws IOException {
    dropReusedParser();
  }

  /** Flattens the line's object into {@link #fields}; the rejection reason, or null. */
  private String parseFields(byte[] bytes, int offset, int length, int skipped) throws IOException {
    try (JsonParser parser = jsonFactory.createParser(bytes, offset, length)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return NOT_AN_OBJECT;
      }
      String rejection = flattenObject(parser, null);
      if (rejection != null) {
        return rejection;
      }
      if (parser.nextToken() != null) {
        return "text after the json object; send exactly one object a line";
      }
      return null;
    } catch (JsonProcessingException invalidJson) {
      return describe(invalidJson, skipped);
    }
  }

  /** Reads fields up to the END_OBJECT of the object just started; the rejection, or null. */
  private String flattenObject(JsonParser parser, String prefix) throws IOException {
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      String fullName = prefix == null ? name : dottedNames.join(prefix, name);
      String rejection =
          switch (parser.nextToken()) {
            case START_OBJECT -> flattenObject(parser, fullName);
            case START_ARRAY -> addField(fullName, arrayText(parser));
            case VALUE_NULL -> null;
            // Only the reused parser says this: the line ended inside the object.
            case NOT_AVAILABLE -> INCOMPLETE_LINE;
            case VALUE_TRUE -> addField(fullName, "true");
            case VALUE_FALSE -> addField(fullName, "false");
            default -> addField(fullName, parser.getText());
          };
      if (rejection != null) {
        return rejection;
      }
    }
    return null;
  }

  /** The array's JSON text exactly as written, sliced from the line (the parser skips it). */
  private String arrayText(JsonParser parser) throws IOException {
    if (parser == reusedParser) {
      return arrayTextFromReusedParser(parser);
    }
    long start = parser.currentTokenLocation().getByteOffset();
    parser.skipChildren();
    long end = parser.currentTokenLocation().getByteOffset() + 1;
    if (start < 0) {
      throw new IllegalStateException("json parser gave no byte offsets; checkObjectStart missed");
    }
    return new String(
        lineBytes, lineOffset + (int) start, (int) (end - start), StandardCharsets.UTF_8);
  }

  /**
   * The non-blocking parser places a START_ARRAY token after its bracket, so its read position is
   * used instead: it stands just after the bracket when the token is returned, as after the closing
   * one when skipChildren returns.
   */
  private String arrayTextFromReusedParser(JsonParser parser) throws IOException {
    long start = parser.currentLocation().getByteOffset() - parserOffsetOfLine - 1;
    parser.skipChildren();
    long end = parser.currentLocation().getByteOffset() - parserOffsetOfLine;
    return new String(
        lineBytes, lineOffset + (int) start, (int) (end - start), StandardCharsets.UTF_8);
  }

  private String addField(String name, String value) {
    int index = fields.size();
    if (index >= maxFieldsPerRecord) {
      return "record has more than "
          + maxFieldsPerRecord
          + " fields after flattening; send fewer fields or raise the field limit";
    }
    fields.add(new Field(name, value));
    FieldRoles.Role role = fieldRoles.get(name);
    if (role != null) {
      noteRole(role, index, value);
    }
    return null;
  }

  private void noteRole(FieldRoles.Role role, int index, String value) {
    if (role.timePriority() < timePriority) {
      timePriority = role.timePriority();
      timeIndex = index;
    }
    if (role.messagePriority() < messagePriority) {
      messagePriority = role.messagePriority();
      messageIndex = index;
    }
    int labelIndex = role.labelIndex();
    // An empty label is the same as a missing one: {host=""} and {} would otherwise be two streams.
    if (labelIndex >= 0 && labelValues[labelIndex] == null && !value.isEmpty()) {
      labelValues[labelIndex] = value;
    }
  }

  /** Builds the record from {@link #fields} and hands it on; the rejection, or null. */
  private String finishRecord(int lineLength) {
    long timeNanos = receiveTimeNanos;
    if (timeIndex >= 0) {
      Field timeField = fields.get(timeIndex);
      timeNanos = TimeParser.parse(timeField.value(), receiveTimeNanos);
      if (timeNanos == TimeParser.INVALID) {
        return timeRejection(timeField);
      }
    }
    String message = messageIndex >= 0 ? fields.get(messageIndex).value() : "";
    removeConsumedAndDerivedFields();
    Stream stream = streamResolver.resolve(labelValues);
    collector.accept(new LogRecord(stream, timeNanos, message, fields), lineLength);
    return null;
  }

  /** In place, keeping order: the time and message fields became _time and _msg. */
  private void removeConsumedAndDerivedFields() {
    int kept = 0;
    int size = fields.size();
    for (int index = 0; index < size; index++) {
      Field field = fields.get(index);
      boolean consumed = index == timeIndex || index == messageIndex;
      if (!consumed && !FieldRoles.isDerivedName(field.name())) {
        fields.set(kept++, field);
      }
    }
    while (fields.size() > kept) {
      fields.remove(fields.size() - 1);
    }
  }

  private static String timeRejection(Field timeField) {
    return "field "
        + Reasons.quote(timeField.name())
        + " has time "
        + Reasons.quote(timeField.value())
        + " that cannot be read; send RFC 3339 like 2024-05-01T12:00:00.123Z or Unix time in"
        + " seconds, milliseconds, microseconds or nanoseconds (years 1677 to 2262)";
  }

  private static String describe(JsonProcessingException invalidJson, int skipped) {
    JsonLocation location = invalidJson.getLocation();
    boolean known = location != null && location.getColumnNr() > 0;
    String where = known ? " at column " + (skipped + location.getColumnNr()) : "";
    String detail = Objects.requireNonNullElse(invalidJson.getOriginalMessage(), "malformed");
    if (!detail.isEmpty()) {
      detail = detail.substring(0, 1).toLowerCase(Locale.ROOT) + detail.substring(1);
    }
    return "invalid json" + where + ": " + detail;
  }

  /** The index of the first byte that is not a blank or a UTF-8 byte order mark, or end. */
  private static int skipBlanksAndByteOrderMark(byte[] bytes, int start, int end) {
    int index = start;
    while (index < end) {
      byte b = bytes[index];
      if (b == ' ' || b == '\t' || b == '\r') {
        index++;
      } else if (isByteOrderMark(bytes, index, end)) {
        index += 3;
      } else {
        return index;
      }
    }
    return end;
  }

  private static boolean isByteOrderMark(byte[] bytes, int index, int end) {
    return index + 2 < end
        && bytes[index] == (byte) 0xEF
        && bytes[index + 1] == (byte) 0xBB
        && bytes[index + 2] == (byte) 0xBF;
  }
}
