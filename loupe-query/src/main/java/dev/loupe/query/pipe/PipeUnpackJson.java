package dev.loupe.query.pipe;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code | unpack_json [from field]} (also {@code | json}): the members of the JSON object in
 * {@code from} ({@code _msg} by default) become fields, nested objects flattened with dotted names
 * ({@code {"a":{"b":1}}} gives {@code a.b=1}); arrays are kept as their JSON text, {@code null} as
 * the empty value. A value that is not a JSON object passes unchanged.
 *
 * <p>Design note. jackson-core's streaming {@link JsonParser} reads the value token by token with
 * no tree in between, and arrays are copied back to text with a generator, which keeps databind out
 * of the query module. Nesting is bounded by jackson's own depth limit (1000 by default), so a
 * hostile value cannot exhaust the stack.
 *
 * @param from the field to unpack
 */
public record PipeUnpackJson(String from) implements Pipe {
  private static final JsonFactory JSON = new JsonFactory();

  public PipeUnpackJson {
    requireNonNull(from, "from is null");
    if (from.isEmpty()) {
      throw new IllegalArgumentException("from is empty");
    }
  }

  /** The fields of the JSON object in {@code text}, in document order; empty when not one. */
  public static Map<String, String> unpack(String text) {
    Map<String, String> fields = new LinkedHashMap<>();
    if (text == null || text.isEmpty()) {
      return fields;
    }
    try (JsonParser parser = JSON.createParser(text)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return Map.of();
      }
      readObject(parser, "", fields);
      if (parser.nextToken() != null) {
        return Map.of();
      }
    } catch (IOException notJson) {
      return Map.of();
    }
    return fields;
  }

  /** Reads the members of the object whose '{' was just read, names prefixed with {@code path}. */
  private static void readObject(JsonParser parser, String path, Map<String, String> fields)
      throws IOException {
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = path + parser.currentName();
      JsonToken value = parser.nextToken();
      switch (value) {
        case START_OBJECT -> readObject(parser, name + ".", fields);
        case START_ARRAY -> fields.put(name, arrayText(parser));
        case VALUE_NULL -> fields.put(name, "");
        default -> fields.put(name, parser.getText());
      }
    }
  }

  /** The JSON text of the array whose '[' was just read, written back compactly. */
  private static String arrayText(JsonParser parser) throws IOException {
    StringWriter text = new StringWriter();
    try (var generator = JSON.createGenerator(text)) {
      generator.copyCurrentStructure(parser);
    }
    return text.toString();
  }
}
