package dev.loupe.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code loupe ingest FILE|-}: sends JSON lines or plain text to a server in batches, with a
 * progress bar, and prints how many lines were accepted and rejected (with the first reasons).
 */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = "Send a file (or - for stdin) of JSON lines or plain text to a Loupe server.")
final class IngestCommand implements Callable<Integer> {
  private static final int MAX_ERRORS_SHOWN = 10;

  @Parameters(index = "0", paramLabel = "FILE", description = "File to send, or - for stdin.")
  String file;

  @Mixin ServerOption server;

  @Option(
      names = "--format",
      defaultValue = "auto",
      description =
          "json, text or auto (default: auto: JSON lines when the first line is an object).")
  String format;

  @Option(
      names = "--stream-fields",
      description = "Comma-separated fields that name the stream, e.g. service,host.")
  String streamFields;

  @Option(
      names = "--time-field",
      description = "Field holding the time (default: _time, timestamp, time, @timestamp).")
  String timeField;

  @Option(
      names = "--msg-field",
      description = "Field holding the message (default: _msg, message, msg).")
  String messageField;

  @Option(
      names = "--batch-lines",
      defaultValue = "10000",
      description = "Lines per request (default: ${DEFAULT-VALUE}).")
  int batchLines;

  @Override
  public Integer call() throws IOException, InterruptedException {
    long totalBytes = file.equals("-") ? -1 : Files.size(Path.of(file));
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    ProgressBar progress = new ProgressBar(System.err, totalBytes);
    long lines = 0;
    long bytes = 0;
    Totals totals = new Totals();
    try (InputStream input = file.equals("-") ? System.in : Files.newInputStream(Path.of(file));
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8), 1 << 16)) {
      StringBuilder batch = new StringBuilder(1 << 20);
      int batchCount = 0;
      Boolean json = format.equals("auto") ? null : format.equals("json");
      if (!format.equals("auto") && !format.equals("json") && !format.equals("text")) {
        throw new LoupeException(
            ErrorCode.BAD_REQUEST, "--format must be json, text or auto, not " + format);
      }
      String line;
      while ((line = reader.readLine()) != null) {
        if (json == null && !line.isBlank()) {
          json = line.stripLeading().startsWith("{");
        }
        batch.append(line).append('\n');
        batchCount++;
        lines++;
        bytes += line.length() + 1;
        if (batchCount >= batchLines) {
          send(client, batch, Boolean.TRUE.equals(json), totals, lines - batchCount);
          batch.setLength(0);
          batchCount = 0;
          progress.update(lines, bytes);
        }
      }
      if (batchCount > 0) {
        send(client, batch, Boolean.TRUE.equals(json), totals, lines - batchCount);
      }
    }
    progress.finish(lines, bytes);
    System.out.printf("accepted %,d lines, rejected %,d%n", totals.accepted, totals.rejected);
    for (String error : totals.errors) {
      System.out.println("  " + error);
    }
    return totals.rejected > 0 ? 2 : 0;
  }

  private void send(
      HttpClient client, CharSequence body, boolean json, Totals totals, long firstLine)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(server.resolve("/api/v1/ingest" + parameters()))
            .header("Content-Type", json ? "application/x-ndjson" : "text/plain; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200 && response.statusCode() != 400) {
      throw new LoupeException(
          ErrorCode.UNAVAILABLE,
          "server answered " + response.statusCode() + ": " + response.body().strip());
    }
    totals.add(response.body(), firstLine);
  }

  private String parameters() {
    List<String> parameters = new ArrayList<>();
    addParameter(parameters, "_stream_fields", streamFields);
    addParameter(parameters, "_time_field", timeField);
    addParameter(parameters, "_msg_field", messageField);
    return parameters.isEmpty() ? "" : "?" + String.join("&", parameters);
  }

  private static void addParameter(List<String> parameters, String name, String value) {
    if (value != null && !value.isBlank()) {
      parameters.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
  }

  /** Sums the server's answers; keeps the first errors with their line numbers in the file. */
  private static final class Totals {
    private static final JsonFactory JSON = new JsonFactory();
    long accepted;
    long rejected;
    final List<String> errors = new ArrayList<>();

    void add(String responseBody, long firstLine) throws IOException {
      try (JsonParser parser = JSON.createParser(responseBody)) {
        String field = null;
        long errorLine = 0;
        while (parser.nextToken() != null) {
          JsonToken token = parser.currentToken();
          if (token == JsonToken.FIELD_NAME) {
            field = parser.currentName();
          } else if (token.isNumeric() && "accepted".equals(field)) {
            accepted += parser.getLongValue();
          } else if (token.isNumeric() && "rejected".equals(field)) {
            rejected += parser.getLongValue();
          } else if (token.isNumeric() && "line".equals(field)) {
            errorLine = parser.getLongValue();
          } else if (token == JsonToken.VALUE_STRING && "reason".equals(field)) {
            if (errors.size() < MAX_ERRORS_SHOWN) {
              errors.add("line " + (firstLine + errorLine) + ": " + parser.getText());
            }
          }
        }
      }
    }
  }
}
