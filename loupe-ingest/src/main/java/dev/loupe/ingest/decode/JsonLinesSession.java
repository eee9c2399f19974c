package dev.loupe.ingest.decode;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import dev.loupe.core.Field;
import dev.loupe.ingest.IngestParameters;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
  private final int maxLineBytes;
  private final RecordCollector collector;
  private final RecordAssembler assembler;
  private final DottedNames dottedNames = new DottedNames();
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
    this.maxLineBytes = maxLineBytes;
    this.collector = requireNonNull(collector, "collector is null");
    this.assembler =
        new RecordAssembler(
            parameters.timeFields(),
            parameters.messageFields(),
            receiveTimeNanos,
            maxFieldsPerRecord,
            streamResolver,
            collector);
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
    int start = Utf8.skipBlanksAndByteOrderMark(bytes, offset, end);
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
      rejection = assembler.finish(receiveTimeNanos, "", length);
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
    assembler.start();
    for (Field leading : leadingFields) {
      // Callers lead with one field and the field limit is at least 1, so this always fits.
      addField(leading.name(), leading.value());
    }
  }

  /**
   * Flattens the line's object into the assembler with the reused parser; false when the line is
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

  /** Flattens the line's object into the assembler; the rejection reason, or null. */
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
    return assembler.add(name, value);
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
}
