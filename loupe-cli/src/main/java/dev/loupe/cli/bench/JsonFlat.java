package dev.loupe.cli.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads one JSON object (a row, a status line, {@code /health}) into a flat map of its scalar
 * values, nested names joined with dots: {@code {"_status":{"rows":5}}} gives {@code
 * _status.rows=5}. Arrays are skipped: the bench reads none. Stateless, thread-safe.
 */
final class JsonFlat {
  private static final JsonFactory JSON = new JsonFactory();

  private JsonFlat() {}

  static Map<String, String> parse(String json) {
    Map<String, String> values = new LinkedHashMap<>();
    Deque<String> path = new ArrayDeque<>();
    try (JsonParser parser = JSON.createParser(json)) {
      String name = null;
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        switch (token) {
          case FIELD_NAME -> name = parser.currentName();
          case START_OBJECT -> {
            if (name != null) {
              path.addLast(prefixed(path, name));
            }
            name = null;
          }
          case END_OBJECT -> {
            if (!path.isEmpty()) {
              path.removeLast();
            }
          }
          case START_ARRAY -> {
            parser.skipChildren();
            name = null;
          }
          default -> {
            if (token.isScalarValue() && name != null) {
              values.put(
                  prefixed(path, name), token == JsonToken.VALUE_NULL ? null : parser.getText());
            }
            name = null;
          }
        }
      }
    } catch (IOException malformed) {
      throw new UncheckedIOException("not a JSON object: " + abbreviate(json), malformed);
    }
    return values;
  }

  static long number(Map<String, String> values, String name) {
    String value = values.get(name);
    if (value == null) {
      throw new IllegalStateException("the server's answer has no '" + name + "': " + values);
    }
    return (long) Double.parseDouble(value);
  }

  static double decimal(Map<String, String> values, String name) {
    String value = values.get(name);
    if (value == null) {
      throw new IllegalStateException("the server's answer has no '" + name + "': " + values);
    }
    return Double.parseDouble(value);
  }

  static String abbreviate(String text) {
    String line = text.strip();
    return line.length() <= 200 ? line : line.substring(0, 200) + "...";
  }

  private static String prefixed(Deque<String> path, String name) {
    return path.isEmpty() ? name : path.peekLast() + "." + name;
  }
}
