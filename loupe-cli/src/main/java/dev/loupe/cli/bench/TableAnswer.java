package dev.loupe.cli.bench;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code /api/v1/query?format=table}: {@code {"columns":[..],"rows":[[..]],
 * "_status":{..}}}, with the client's wall time. Cells are strings or {@code null} (a row that
 * lacks the column); the status values are named as {@link JsonFlat} names them ({@code
 * _status.duration_ms}). Immutable.
 */
record TableAnswer(
    List<String> columns, List<List<String>> rows, Map<String, String> status, long nanos) {
  private static final JsonFactory JSON = new JsonFactory();

  TableAnswer {
    columns = List.copyOf(columns);
    // List.copyOf refuses nulls, and a cell may be null: copy each row as an unmodifiable view
    rows =
        rows.stream()
            .map(row -> java.util.Collections.unmodifiableList(new ArrayList<>(row)))
            .toList();
    status = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(status));
  }

  /** Parses the table document; throws {@link UncheckedIOException} when it is not one. */
  static TableAnswer parse(String json, long nanos) {
    requireNonNull(json, "json is null");
    List<String> columns = null;
    List<List<String>> rows = null;
    Map<String, String> status = new LinkedHashMap<>();
    try (JsonParser parser = JSON.createParser(json)) {
      expect(parser.nextToken(), JsonToken.START_OBJECT, json);
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (name) {
          case "columns" -> columns = strings(parser, value, json);
          case "rows" -> rows = rowsOf(parser, value, json);
          case "_status" ->
              status.putAll(
                  JsonFlat.parse("{\"_status\":" + objectText(parser, value, json) + "}"));
          default -> parser.skipChildren();
        }
      }
    } catch (IOException malformed) {
      throw new UncheckedIOException("not a table answer: " + JsonFlat.abbreviate(json), malformed);
    }
    if (columns == null || rows == null) {
      throw new UncheckedIOException(
          new IOException("a table answer without columns or rows: " + JsonFlat.abbreviate(json)));
    }
    return new TableAnswer(columns, rows, status, nanos);
  }

  /** The index of {@code column}; throws when the answer has no such column. */
  int column(String column) {
    int index = columns.indexOf(column);
    if (index < 0) {
      throw new IllegalStateException(
          "the table answer has no column '" + column + "': " + columns);
    }
    return index;
  }

  /** The sum of a numeric column; null cells count as 0. */
  long sum(String column) {
    int index = column(column);
    long sum = 0;
    for (List<String> row : rows) {
      String cell = row.get(index);
      sum += cell == null ? 0 : (long) Double.parseDouble(cell);
    }
    return sum;
  }

  private static List<List<String>> rowsOf(JsonParser parser, JsonToken value, String json)
      throws IOException {
    expect(value, JsonToken.START_ARRAY, json);
    List<List<String>> rows = new ArrayList<>();
    JsonToken token;
    while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
      rows.add(strings(parser, token, json));
    }
    return rows;
  }

  private static List<String> strings(JsonParser parser, JsonToken value, String json)
      throws IOException {
    expect(value, JsonToken.START_ARRAY, json);
    List<String> strings = new ArrayList<>();
    JsonToken token;
    while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
      if (!token.isScalarValue()) {
        throw new IOException("a cell that is not a scalar in " + JsonFlat.abbreviate(json));
      }
      strings.add(token == JsonToken.VALUE_NULL ? null : parser.getText());
    }
    return strings;
  }

  /** The text of the object the parser stands on, so that {@link JsonFlat} can flatten it. */
  private static String objectText(JsonParser parser, JsonToken value, String json)
      throws IOException {
    expect(value, JsonToken.START_OBJECT, json);
    int start = (int) parser.currentTokenLocation().getCharOffset();
    parser.skipChildren();
    int end = (int) parser.currentLocation().getCharOffset();
    return json.substring(start, end);
  }

  private static void expect(JsonToken actual, JsonToken expected, String json) throws IOException {
    if (actual != expected) {
      throw new IOException(
          "expected " + expected + " but found " + actual + " in " + JsonFlat.abbreviate(json));
    }
  }
}
