package dev.loupe.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * Turns failures into the one error body of the API: {@code {"error":{"code","message"}}}, with
 * {@code position} for query syntax errors, and the status the {@link ErrorCode} names.
 */
final class HttpErrors {
  private HttpErrors() {}

  static void send(ServerResponse response, LoupeException failure, Integer position) {
    response.status(Status.create(failure.code().httpStatus()));
    response.header(HeaderNames.CONTENT_TYPE, "application/json");
    response.send(body(failure.code(), failure.getMessage(), position));
  }

  static String body(ErrorCode code, String message, Integer position) {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = Json.FACTORY.createGenerator(text)) {
      json.writeStartObject();
      json.writeObjectFieldStart("error");
      json.writeStringField("code", code.name());
      json.writeStringField("message", message);
      if (position != null) {
        json.writeNumberField("position", position);
      }
      json.writeEndObject();
      json.writeEndObject();
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    }
    return text.append('\n').toString();
  }

  /** Shared Jackson factory: thread-safe and costly to build. */
  static final class Json {
    static final JsonFactory FACTORY = new JsonFactory();

    private Json() {}
  }
}
