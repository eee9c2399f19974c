package dev.loupe.server;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import com.google.protobuf.CodedOutputStream;
import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import dev.loupe.ingest.IngestParameters;
import dev.loupe.ingest.body.RequestBodies;
import dev.loupe.ingest.otlp.OtlpJsonLogsReader;
import dev.loupe.ingest.otlp.OtlpLogsRequest;
import dev.loupe.ingest.otlp.OtlpProtobufLogsReader;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * OTLP/HTTP logs: {@code POST /v1/logs} (the path OpenTelemetry exporters append to a base
 * endpoint) and {@code POST /insert/opentelemetry/v1/logs} (VictoriaLogs' path, so that configs
 * written for it work unchanged).
 *
 * <p>The body is an {@code ExportLogsServiceRequest}, protobuf ({@code application/x-protobuf}) or
 * JSON ({@code application/json}), optionally gzip or zstd encoded, at most {@link
 * OtlpConfig#maxMessageBytes()} after decompression. The answer is in the request's encoding, as
 * the specification requires: 200 with an {@code ExportLogsServiceResponse} once the records are
 * durable, with a partial success (how many records were rejected and why) when some were bad;
 * otherwise a {@code google.rpc.Status}: 400 for a body that does not decode, 413 over the size
 * limit, 415 for another content type, 503 with {@code Retry-After} when the store refuses writes.
 * The tenant comes from the {@code Loupe-Tenant} header or {@code tenant} query parameter.
 */
final class OtlpHttpHandler implements Handler {
  static final String PATH = "/v1/logs";
  static final String VICTORIA_LOGS_PATH = "/insert/opentelemetry/v1/logs";

  /** The two encodings of OTLP/HTTP, by the media type a response is sent with. */
  enum Encoding {
    PROTOBUF("application/x-protobuf"),
    JSON("application/json");

    final String mediaType;

    Encoding(String mediaType) {
      this.mediaType = mediaType;
    }

    /** The encoding of a {@code Content-Type} (parameters ignored), or null for another type. */
    static Encoding of(String contentType) {
      int semicolon = contentType.indexOf(';');
      String mediaType =
          (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
              .strip()
              .toLowerCase(Locale.ROOT);
      return switch (mediaType) {
        case "application/json" -> JSON;
        case "application/x-protobuf", "application/protobuf" -> PROTOBUF;
        default -> null;
      };
    }
  }

  private final OtlpLogsIngest ingest;
  private final int maxMessageBytes;

  OtlpHttpHandler(OtlpLogsIngest ingest, int maxMessageBytes) {
    this.ingest = requireNonNull(ingest, "ingest is null");
    this.maxMessageBytes = maxMessageBytes;
  }

  @Override
  public void handle(ServerRequest request, ServerResponse response) throws IOException {
    String contentType = request.headers().first(HeaderNames.CONTENT_TYPE).orElse("");
    Encoding encoding = Encoding.of(contentType);
    if (encoding == null) {
      String problem =
          "unsupported Content-Type \""
              + contentType
              + "\": send an OTLP ExportLogsServiceRequest as "
              + Encoding.PROTOBUF.mediaType
              + " or "
              + Encoding.JSON.mediaType;
      sendStatus(response, Encoding.JSON, Status.UNSUPPORTED_MEDIA_TYPE_415, 3, problem);
      return;
    }
    boolean json = encoding == Encoding.JSON;
    try {
      String tenant =
          IngestParameters.fromRequest(
                  name -> request.query().first(name).orElse(null),
                  name -> request.headers().first(HeaderNames.create(name)).orElse(null),
                  0)
              .tenant();
      byte[] body = readBody(request);
      OtlpLogsRequest decoded =
          json ? OtlpJsonLogsReader.read(body) : OtlpProtobufLogsReader.read(body);
      ExportLogsServiceResponse answer = ingest.export(decoded, tenant);
      response.status(Status.OK_200);
      response.header(HeaderNames.CONTENT_TYPE, encoding.mediaType);
      response.send(json ? jsonResponse(answer) : answer.toByteArray());
    } catch (LoupeException failure) {
      if (OtlpErrors.isRetryable(failure)) {
        response.header(
            HeaderNames.RETRY_AFTER, Integer.toString(ServerLimits.OTLP_RETRY_AFTER_SECONDS));
      }
      sendStatus(
          response,
          encoding,
          Status.create(OtlpErrors.httpStatus(failure)),
          OtlpErrors.grpcStatus(failure).getCode().value(),
          failure.getMessage());
    }
  }

  private byte[] readBody(ServerRequest request) throws IOException {
    String encoding = request.headers().first(HeaderNames.CONTENT_ENCODING).orElse(null);
    try (InputStream body =
        RequestBodies.open(request.content().inputStream(), encoding, maxMessageBytes)) {
      return body.readAllBytes();
    } catch (LoupeException failure) {
      if (failure.code() != ErrorCode.PAYLOAD_TOO_LARGE) {
        throw failure;
      }
      throw new LoupeException(
          ErrorCode.PAYLOAD_TOO_LARGE,
          "OTLP request is larger than "
              + maxMessageBytes
              + " bytes after decompression; send smaller batches or raise --otlp-max-message-mb",
          failure);
    }
  }

  /** A {@code google.rpc.Status}: what OTLP/HTTP sends with an error status. */
  private static void sendStatus(
      ServerResponse response, Encoding encoding, Status httpStatus, int grpcCode, String message) {
    response.status(httpStatus);
    response.header(HeaderNames.CONTENT_TYPE, encoding.mediaType);
    if (encoding == Encoding.JSON) {
      response.send(jsonStatus(grpcCode, message));
      return;
    }
    response.send(protobufStatus(grpcCode, message));
  }

  /**
   * {@code google.rpc.Status} in protobuf: {@code int32 code = 1; string message = 2;} written by
   * hand, two fields not being worth the 3 MB of Google's common protos in the jar.
   */
  static byte[] protobufStatus(int grpcCode, String message) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream output = CodedOutputStream.newInstance(bytes);
      output.writeInt32(1, grpcCode);
      output.writeString(2, message);
      output.flush();
      return bytes.toByteArray();
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    }
  }

  /** The OTLP/JSON form of the response: lowerCamelCase, the int64 count as a string. */
  static byte[] jsonResponse(ExportLogsServiceResponse answer) {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = HttpErrors.Json.FACTORY.createGenerator(text)) {
      json.writeStartObject();
      if (answer.hasPartialSuccess()) {
        json.writeObjectFieldStart("partialSuccess");
        json.writeStringField(
            "rejectedLogRecords",
            Long.toString(answer.getPartialSuccess().getRejectedLogRecords()));
        json.writeStringField("errorMessage", answer.getPartialSuccess().getErrorMessage());
        json.writeEndObject();
      }
      json.writeEndObject();
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  static byte[] jsonStatus(int grpcCode, String message) {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = HttpErrors.Json.FACTORY.createGenerator(text)) {
      json.writeStartObject();
      json.writeNumberField("code", grpcCode);
      json.writeStringField("message", message);
      json.writeEndObject();
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }
}
