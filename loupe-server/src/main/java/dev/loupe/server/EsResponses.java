package dev.loupe.server;

import com.fasterxml.jackson.core.JsonGenerator;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * Writes answers the way Elasticsearch does, so that its clients accept them: every response
 * carries {@code X-Elastic-Product: Elasticsearch} (the official clients and Logstash refuse a
 * server without it), bodies are compact JSON (Vector and Fluent Bit look for {@code "errors":true}
 * and {@code "errors":false,"items":[} as text), and errors have Elasticsearch's shape, {@code
 * {"error":{"root_cause":[...],"type","reason"},"status"}}.
 */
final class EsResponses {
  static final HeaderName PRODUCT = HeaderNames.create("X-Elastic-Product");
  static final String PRODUCT_NAME = "Elasticsearch";

  private EsResponses() {}

  /** Writes one JSON value; the generator is compact and closed afterwards. */
  @FunctionalInterface
  interface JsonBody {
    void write(JsonGenerator json) throws IOException;
  }

  static String json(JsonBody body) {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = HttpErrors.Json.FACTORY.createGenerator(text)) {
      body.write(json);
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    }
    return text.toString();
  }

  static void sendJson(ServerResponse response, Status status, String body) {
    response.status(status);
    response.header(PRODUCT, PRODUCT_NAME);
    response.header(HeaderNames.CONTENT_TYPE, "application/json");
    response.send(body);
  }

  /** The status and product header alone, as a HEAD request is answered. */
  static void sendEmpty(ServerResponse response, Status status) {
    response.status(status);
    response.header(PRODUCT, PRODUCT_NAME);
    response.header(HeaderNames.CONTENT_TYPE, "application/json");
    response.send();
  }

  static void sendError(ServerResponse response, int status, String type, String reason) {
    sendJson(response, Status.create(status), errorBody(status, type, reason));
  }

  static String errorBody(int status, String type, String reason) {
    return json(
        json -> {
          json.writeStartObject();
          json.writeObjectFieldStart("error");
          json.writeArrayFieldStart("root_cause");
          json.writeStartObject();
          json.writeStringField("type", type);
          json.writeStringField("reason", reason);
          json.writeEndObject();
          json.writeEndArray();
          json.writeStringField("type", type);
          json.writeStringField("reason", reason);
          json.writeEndObject();
          json.writeNumberField("status", status);
          json.writeEndObject();
        });
  }

  static String acknowledged() {
    return "{\"acknowledged\":true}";
  }
}
