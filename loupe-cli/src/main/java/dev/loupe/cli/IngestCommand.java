package dev.loupe.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import dev.loupe.ingest.IngestLimits;
import dev.loupe.ingest.MultilineJoiner;
import dev.loupe.ingest.MultilineRule;
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
 * {@code loupe ingest FILE|-}: sends JSON lines, logfmt, access logs, syslog or plain text to a
 * server in batches, with a progress bar, and prints how many lines were accepted and rejected
 * (with the first reasons).
 *
 * <p>Plain text is cut into batches only between multi-line events (found with the server's default
 * rule, {@link MultilineRule#AUTO}), so that a stack trace is never split across two requests and
 * stays one record.
 */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description =
        "Send a file (or - for stdin) of JSON lines, logfmt, access logs, syslog or plain text to a"
            + " Loupe server.")
final class IngestCommand implements Callable<Integer> {
  private static final int MAX_ERRORS_SHOWN = 10;
  private static final List<String> FORMATS =
      List.of("auto", "json", "logfmt", "clf", "syslog", "text");

  /** {@code <PRI>} at the start of a line: 1 to 3 digits in angle brackets. */
  private static final java.util.regex.Pattern SYSLOG_PRIORITY =
      java.util.regex.Pattern.compile("<\\d{1,3}>.*");

  @Parameters(index = "0", paramLabel = "FILE", description = "File to send, or - for stdin.")
  String file;

  @Mixin ServerOption server;

  @Option(
      names = "--format",
      defaultValue = "auto",
      description =
          "json, logfmt, clf (access logs), syslog (RFC 5424 or 3164 messages, or the lines of a"
              + " syslog file), text or auto (default: auto: JSON lines when the first line is an"
              + " object, syslog when it starts with a priority such as <13>, else text).")
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
    if (!FORMATS.contains(format)) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST,
          "--format must be one of " + String.join(", ", FORMATS) + ", not " + format);
    }
    long totalBytes = file.equals("-") ? -1 : Files.size(Path.of(file));
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    ProgressBar progress = new ProgressBar(System.err, totalBytes);
    long lines = 0;
    long bytes = 0;
    Totals totals = new Totals();
    Batch batch = new Batch();
    // Plain text goes through a joiner so that batches end between events, never inside one.
    MultilineJoiner joiner =
        new MultilineJoiner(
            MultilineRule.AUTO,
            IngestLimits.defaults(),
            (eventBytes, offset, length, firstLine, lineCount) ->
                batch.add(
                    new String(eventBytes, offset, length, StandardCharsets.UTF_8), lineCount));
    try (InputStream input = file.equals("-") ? System.in : Files.newInputStream(Path.of(file));
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8), 1 << 16)) {
      String chosen = format.equals("auto") ? null : format;
      String line;
      while ((line = reader.readLine()) != null) {
        if (chosen == null && !line.isBlank()) {
          chosen = detect(line.stripLeading());
        }
        lines++;
        bytes += line.length() + 1;
        if ("text".equals(chosen)) {
          joiner.add(line, lines);
        } else {
          batch.add(line, 1);
        }
        if (batch.lines >= batchLines) {
          send(client, batch, chosen, totals);
          progress.update(lines, bytes);
        }
      }
      joiner.flush();
      if (batch.lines > 0) {
        send(client, batch, chosen, totals);
      }
    }
    progress.finish(lines, bytes);
    System.out.printf("accepted %,d lines, rejected %,d%n", totals.accepted, totals.rejected);
    for (String error : totals.errors) {
      System.out.println("  " + error);
    }
    return totals.rejected > 0 ? 2 : 0;
  }

  /** The format of a file from its first non-blank line, without its leading blanks. */
  static String detect(String firstLine) {
    if (firstLine.startsWith("{")) {
      return "json";
    }
    return SYSLOG_PRIORITY.matcher(firstLine).matches() ? "syslog" : "text";
  }

  /** The lines of the next request, and how many lines of the file went before it. */
  private static final class Batch {
    final StringBuilder text = new StringBuilder(1 << 20);
    long lines;
    long linesBefore;

    void add(String linesText, int lineCount) {
      text.append(linesText).append('\n');
      lines += lineCount;
    }

    void sent() {
      linesBefore += lines;
      lines = 0;
      text.setLength(0);
    }
  }

  /** Sends the batch as {@code chosen} (null: not known yet, all blank so far: text). */
  private void send(HttpClient client, Batch batch, String chosen, Totals totals)
      throws IOException, InterruptedException {
    boolean json = "json".equals(chosen);
    String formatParameter =
        chosen == null || json ? null : chosen.equals("text") ? "plain" : chosen;
    HttpRequest request =
        HttpRequest.newBuilder(server.resolve("/api/v1/ingest" + parameters(formatParameter)))
            .header("Content-Type", json ? "application/x-ndjson" : "text/plain; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofString(batch.text.toString()))
            .build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200 && response.statusCode() != 400) {
      throw new LoupeException(
          ErrorCode.UNAVAILABLE,
          "server answered " + response.statusCode() + ": " + response.body().strip());
    }
    totals.add(response.body(), batch.linesBefore);
    batch.sent();
  }

  private String parameters(String formatParameter) {
    List<String> parameters = new ArrayList<>();
    addParameter(parameters, "_format", formatParameter);
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
