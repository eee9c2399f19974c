package dev.loupe.ingest.otlp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.loupe.core.Field;
import dev.loupe.core.FieldNames;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;

/**
 * Turns OpenTelemetry {@link AnyValue}s into Loupe's string values, the same way the JSON lines
 * decoder treats JSON: maps ({@code kvlist_value}) are flattened with dotted names, arrays are kept
 * as their JSON text, bytes as base64 (as the protobuf JSON mapping writes them), and a value that
 * is not set gives no field, like a JSON {@code null}.
 */
final class AnyValues {
  private static final JsonFactory JSON = new JsonFactory();

  private AnyValues() {}

  /**
   * Appends a field for each attribute, maps flattened under {@code prefix.key}. Attributes named
   * like a field Loupe derives ({@code _msg}, {@code _time}, ...) are dropped: stored, they would
   * shadow the real ones.
   */
  static void appendFields(List<KeyValue> attributes, List<Field> fields) {
    for (KeyValue attribute : attributes) {
      if (FieldNames.isDerived(attribute.getKey())) {
        continue;
      }
      appendField(attribute.getKey(), attribute.getValue(), fields);
    }
  }

  private static void appendField(String name, AnyValue value, List<Field> fields) {
    if (value.getValueCase() == AnyValue.ValueCase.KVLIST_VALUE) {
      for (KeyValue child : value.getKvlistValue().getValuesList()) {
        appendField(name + '.' + child.getKey(), child.getValue(), fields);
      }
      return;
    }
    String text = text(value);
    if (text != null) {
      fields.add(new Field(name, text));
    }
  }

  /**
   * The text of a value: strings as they are, numbers and booleans as their literal, maps and
   * arrays as JSON text, bytes as base64; null when no value is set.
   */
  static String text(AnyValue value) {
    return switch (value.getValueCase()) {
      case STRING_VALUE -> value.getStringValue();
      case BOOL_VALUE -> value.getBoolValue() ? "true" : "false";
      case INT_VALUE -> Long.toString(value.getIntValue());
      case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
      case BYTES_VALUE -> Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray());
      case ARRAY_VALUE, KVLIST_VALUE -> json(value);
      // An index into a profile's string table: logs have no such table, so it names nothing.
      case STRING_VALUE_STRINDEX, VALUE_NOT_SET -> null;
    };
  }

  private static String json(AnyValue value) {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(text)) {
      write(value, json);
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    }
    return text.toString();
  }

  private static void write(AnyValue value, JsonGenerator json) throws IOException {
    switch (value.getValueCase()) {
      case STRING_VALUE -> json.writeString(value.getStringValue());
      case BOOL_VALUE -> json.writeBoolean(value.getBoolValue());
      case INT_VALUE -> json.writeNumber(value.getIntValue());
      case DOUBLE_VALUE -> writeDouble(value.getDoubleValue(), json);
      case BYTES_VALUE ->
          json.writeString(Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray()));
      case ARRAY_VALUE -> {
        json.writeStartArray();
        for (AnyValue element : value.getArrayValue().getValuesList()) {
          write(element, json);
        }
        json.writeEndArray();
      }
      case KVLIST_VALUE -> {
        json.writeStartObject();
        for (KeyValue entry : value.getKvlistValue().getValuesList()) {
          json.writeFieldName(entry.getKey());
          write(entry.getValue(), json);
        }
        json.writeEndObject();
      }
      case STRING_VALUE_STRINDEX, VALUE_NOT_SET -> json.writeNull();
    }
  }

  /**
   * JSON has no NaN or infinities: they are written as strings, as protobuf's JSON mapping does.
   */
  private static void writeDouble(double value, JsonGenerator json) throws IOException {
    if (Double.isFinite(value)) {
      json.writeNumber(value);
    } else {
      json.writeString(Double.toString(value));
    }
  }
}
