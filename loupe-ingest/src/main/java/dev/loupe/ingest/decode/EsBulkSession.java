package dev.loupe.ingest.decode;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.loupe.core.Field;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;

/**
 * Reads the lines of one Elasticsearch {@code _bulk} body: action lines, each (but {@code delete})
 * followed by a source line, which {@link JsonLinesSession} turns into a record. Keeps one {@link
 * BulkItem} per action. Not thread-safe: one instance per body.
 *
 * <p>Design note: the pairing of lines is kept by line number, not by counting the lines seen,
 * because {@link LineReader} does not hand over empty lines. A source line must be the line right
 * after its action; when the next line seen is further on, the source was empty and the action
 * fails alone. A line that cannot be read as an action fails as one item and the line after it is
 * skipped as its source: bodies are written in pairs, so this keeps the rest of the body aligned,
 * where Elasticsearch would refuse the whole request and a shipper would resend it forever.
 *
 * <p>Shippers write the same action line before every document ({@code {"create":{"_index":
 * "filebeat-8.19.0"}}}), so a line equal byte for byte to the previous good one is not parsed
 * again: half the JSON parsing of a body saved for one comparison of a few dozen bytes.
 */
final class EsBulkSession implements LineReader.LineConsumer, Closeable {
  /** Elasticsearch's own limit on index names; a longer name would be refused there too. */
  static final int MAX_INDEX_NAME_BYTES = 255;

  /** Distinct index names remembered per body; past it, names are simply not shared. */
  private static final int MAX_CACHED_INDEXES = 1024;

  static final String TYPE_ILLEGAL_ARGUMENT = "illegal_argument_exception";
  static final String TYPE_VALIDATION = "action_request_validation_exception";
  static final String TYPE_INVALID_INDEX = "invalid_index_name_exception";
  static final String TYPE_DOCUMENT_PARSING = "document_parsing_exception";

  private enum Expecting {
    ACTION,
    SOURCE,
    SKIPPED_SOURCE
  }

  /** An action line read, waiting for its source line. */
  private record PendingAction(BulkAction action, String index, String id, long lineNumber) {}

  private final JsonFactory jsonFactory;
  private final JsonLinesSession documents;
  private final RecordCollector collector;
  private final String defaultIndex;
  private final int maxLineBytes;
  private final List<BulkItem> items = new ArrayList<>();
  private final HashMap<String, List<Field>> leadingFieldsByIndex = new HashMap<>();
  private Expecting expecting = Expecting.ACTION;
  private long sourceLineNumber;
  private PendingAction pending;
  // The last good action line and what it said: shippers repeat the same line before every
  // document, so comparing bytes saves a JSON parser per document.
  private byte[] lastActionBytes;
  private ActionLine lastAction;

  /**
   * @param documents decodes source lines; its stream fields must include {@link
   *     DecoderEsBulk#INDEX_FIELD}
   * @param defaultIndex the index of actions that name none ({@code POST /{index}/_bulk}), or null
   */
  EsBulkSession(
      JsonFactory jsonFactory,
      JsonLinesSession documents,
      RecordCollector collector,
      String defaultIndex,
      int maxLineBytes) {
    this.jsonFactory = requireNonNull(jsonFactory, "jsonFactory is null");
    this.documents = requireNonNull(documents, "documents is null");
    this.collector = requireNonNull(collector, "collector is null");
    this.defaultIndex = defaultIndex == null || defaultIndex.isEmpty() ? null : defaultIndex;
    this.maxLineBytes = maxLineBytes;
  }

  List<BulkItem> items() {
    return items;
  }

  @Override
  public void line(byte[] bytes, int offset, int length, long lineNumber) throws IOException {
    catchUp(lineNumber);
    switch (expecting) {
      case ACTION -> action(bytes, offset, length, lineNumber);
      case SOURCE -> source(bytes, offset, length, lineNumber);
      case SKIPPED_SOURCE -> expecting = Expecting.ACTION;
    }
  }

  @Override
  public void lineTooLong(long lineNumber) {
    catchUp(lineNumber);
    String reason = Reasons.lineTooLong(maxLineBytes);
    switch (expecting) {
      case ACTION -> malformedAction(lineNumber, "action line " + lineNumber + ": " + reason);
      case SOURCE -> {
        fail(pending, lineNumber, TYPE_DOCUMENT_PARSING, reason);
        expecting = Expecting.ACTION;
      }
      case SKIPPED_SOURCE -> expecting = Expecting.ACTION;
    }
  }

  /** Call after the last line: an action still waiting for its source fails. */
  void finish() {
    if (expecting == Expecting.SOURCE) {
      missingSource();
    }
    expecting = Expecting.ACTION;
  }

  @Override
  public void close() throws IOException {
    documents.close();
  }

  /** A source line that should have come before {@code lineNumber} was empty. */
  private void catchUp(long lineNumber) {
    if (expecting == Expecting.ACTION || lineNumber == sourceLineNumber) {
      return;
    }
    if (expecting == Expecting.SOURCE) {
      missingSource();
    }
    expecting = Expecting.ACTION;
  }

  private void missingSource() {
    fail(
        pending,
        pending.lineNumber(),
        TYPE_ILLEGAL_ARGUMENT,
        "the "
            + pending.action().wireName()
            + " action on line "
            + pending.lineNumber()
            + " has no source line after it; send each document on the line after its action");
  }

  private void action(byte[] bytes, int offset, int length, long lineNumber) throws IOException {
    if (isBlank(bytes, offset, length)) {
      return;
    }
    if (lastAction != null
        && Arrays.equals(
            bytes, offset, offset + length, lastActionBytes, 0, lastActionBytes.length)) {
      accept(lastAction, lineNumber);
      return;
    }
    ActionLine parsed;
    try {
      parsed = parseAction(bytes, offset, length);
    } catch (JsonProcessingException invalidJson) {
      String detail = invalidJson.getOriginalMessage();
      malformedAction(lineNumber, "action line " + lineNumber + " is not valid json: " + detail);
      return;
    }
    if (parsed.problem() != null) {
      malformedAction(lineNumber, "action line " + lineNumber + " " + parsed.problem());
      return;
    }
    lastAction = parsed;
    lastActionBytes = Arrays.copyOfRange(bytes, offset, offset + length);
    accept(parsed, lineNumber);
  }

  private void accept(ActionLine parsed, long lineNumber) {
    BulkAction action = parsed.action();
    String index = parsed.index() != null ? parsed.index() : defaultIndex;
    expecting = action.hasSource() ? Expecting.SKIPPED_SOURCE : Expecting.ACTION;
    sourceLineNumber = lineNumber + 1;
    if (!action.stores()) {
      fail(
          action,
          index,
          parsed.id(),
          lineNumber,
          TYPE_ILLEGAL_ARGUMENT,
          "the "
              + action.wireName()
              + " action is not supported: Loupe keeps logs append-only; send index or create");
      return;
    }
    if (index == null) {
      fail(
          action,
          null,
          parsed.id(),
          lineNumber,
          TYPE_VALIDATION,
          "Validation Failed: 1: index is missing; name it in the action (\"_index\") or the"
              + " path (/{index}/_bulk)");
      return;
    }
    if (index.getBytes(StandardCharsets.UTF_8).length > MAX_INDEX_NAME_BYTES) {
      fail(
          action,
          null,
          parsed.id(),
          lineNumber,
          TYPE_INVALID_INDEX,
          "index name is longer than " + MAX_INDEX_NAME_BYTES + " bytes");
      return;
    }
    pending = new PendingAction(action, index, parsed.id(), lineNumber);
    expecting = Expecting.SOURCE;
  }

  private void source(byte[] bytes, int offset, int length, long lineNumber) throws IOException {
    expecting = Expecting.ACTION;
    if (isBlank(bytes, offset, length)) {
      missingSource();
      return;
    }
    documents.leadingFields(leadingFields(pending.index(), pending.id()));
    long acceptedBefore = collector.accepted();
    long rejectedBefore = collector.rejected();
    documents.line(bytes, offset, length, lineNumber);
    if (collector.accepted() > acceptedBefore) {
      items.add(BulkItem.created(pending.action(), pending.index(), pending.id()));
      return;
    }
    if (collector.rejected() > rejectedBefore) {
      items.add(
          BulkItem.failed(
              pending.action(),
              pending.index(),
              pending.id(),
              TYPE_DOCUMENT_PARSING,
              "source line " + lineNumber + ": " + collector.lastRejectionReason()));
      return;
    }
    // The session skips a line of blanks and byte order marks without a word.
    missingSource();
  }

  /** {@code _index} (and {@code _id} when given) as the first fields of the document. */
  private List<Field> leadingFields(String index, String id) {
    List<Field> indexOnly = leadingFieldsByIndex.get(index);
    if (indexOnly == null) {
      indexOnly = List.of(new Field(DecoderEsBulk.INDEX_FIELD, index));
      if (leadingFieldsByIndex.size() < MAX_CACHED_INDEXES) {
        leadingFieldsByIndex.put(index, indexOnly);
      }
    }
    if (id == null) {
      return indexOnly;
    }
    return List.of(indexOnly.getFirst(), new Field(DecoderEsBulk.ID_FIELD, id));
  }

  private void malformedAction(long lineNumber, String reason) {
    fail(BulkAction.INDEX, defaultIndex, null, lineNumber, TYPE_ILLEGAL_ARGUMENT, reason);
    // Bodies come in pairs: the next line was most likely this action's source.
    expecting = Expecting.SKIPPED_SOURCE;
    sourceLineNumber = lineNumber + 1;
  }

  private void fail(PendingAction action, long lineNumber, String type, String reason) {
    fail(action.action(), action.index(), action.id(), lineNumber, type, reason);
  }

  private void fail(
      BulkAction action, String index, String id, long lineNumber, String type, String reason) {
    String bounded = Reasons.bounded(reason);
    collector.reject(lineNumber, bounded);
    items.add(BulkItem.failed(action, index, id, type, bounded));
  }

  /**
   * An action line read: the action and its {@code _index} and {@code _id}, or the problem that
   * keeps it from being one (said as the end of a sentence starting "action line N").
   */
  private record ActionLine(BulkAction action, String index, String id, String problem) {
    static ActionLine problem(String problem) {
      return new ActionLine(null, null, null, problem);
    }
  }

  private ActionLine parseAction(byte[] bytes, int offset, int length) throws IOException {
    try (JsonParser parser = jsonFactory.createParser(bytes, offset, length)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return ActionLine.problem("is not a json object; write {\"create\":{\"_index\":\"logs\"}}");
      }
      if (parser.nextToken() != JsonToken.FIELD_NAME) {
        return ActionLine.problem("names no action; write {\"create\":{\"_index\":\"logs\"}}");
      }
      String name = parser.currentName();
      BulkAction action = BulkAction.ofWireName(name);
      if (action == null) {
        return ActionLine.problem(
            "has unknown action "
                + Reasons.quote(name)
                + "; expected one of create, index, update, delete");
      }
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return ActionLine.problem("has no object after \"" + name + "\"");
      }
      ActionLine metadata = parseMetadata(parser, action);
      if (metadata.problem() != null) {
        return metadata;
      }
      if (parser.nextToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
        return ActionLine.problem("holds more than one action; send one action a line");
      }
      return metadata;
    }
  }

  private static ActionLine parseMetadata(JsonParser parser, BulkAction action) throws IOException {
    String index = null;
    String id = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      JsonToken value = parser.nextToken();
      boolean scalar = value.isScalarValue() && value != JsonToken.VALUE_NULL;
      switch (key) {
        case "_index" -> {
          if (value != JsonToken.VALUE_STRING) {
            return ActionLine.problem("has an \"_index\" that is not a string");
          }
          index = parser.getText();
        }
        case "_id" -> id = scalar ? parser.getText() : null;
        default -> parser.skipChildren();
      }
    }
    return new ActionLine(action, index == null || index.isEmpty() ? null : index, id, null);
  }

  private static boolean isBlank(byte[] bytes, int offset, int length) {
    for (int index = offset; index < offset + length; index++) {
      byte b = bytes[index];
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }
}
