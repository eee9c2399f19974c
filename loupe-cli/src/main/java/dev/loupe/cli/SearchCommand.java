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
import java.io.PrintStream;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code loupe search QUERY}: streams matching lines from a server, newest first. Human-readable by
 * default (time, stream, message, other fields; coloured by level on a terminal), raw NDJSON with
 * {@code --json}. The status line goes to stderr so pipes get only rows.
 */
@Command(
    name = "search",
    mixinStandardHelpOptions = true,
    description = "Search a Loupe server; results newest first.",
    footer = {
      "",
      "Examples:",
      "  loupe search 'error'",
      "  loupe search 'service:checkout \"payment declined\"' --start 1h",
      "  loupe search 'timeout OR refused' --json | jq ._msg"
    })
final class SearchCommand implements Callable<Integer> {
  private static final JsonFactory JSON = new JsonFactory();
  private static final String RESET = "\u001b[0m";

  /** Shown first (time, stream, message) or not worth a person's screen (ids); --json has all. */
  private static final java.util.Set<String> HIDDEN_IN_TEXT =
      java.util.Set.of("_time", "_stream", "_msg", "_stream_id", "_tenant");

  @Parameters(
      index = "0",
      paramLabel = "QUERY",
      description = "The query, e.g. 'error service:api'.")
  String query;

  @Mixin ServerOption server;

  @Option(
      names = "--start",
      description = "Oldest time: RFC 3339, epoch seconds, or a duration back such as 15m, 2h.")
  String start;

  @Option(names = "--end", description = "Newest time (excluded); same forms as --start.")
  String end;

  @Option(
      names = {"-n", "--limit"},
      defaultValue = "100",
      description = "Most rows to show (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--json", description = "Print the server's NDJSON as it comes.")
  boolean json;

  @Option(names = "--raw", description = "Print only each line's message (_msg), like grep output.")
  boolean raw;

  @Option(
      names = "--table",
      description = "Print aligned columns (all rows are read first; stats results read best).")
  boolean table;

  /** Widest a table cell is printed; longer values are cut with an ellipsis. */
  private static final int MAX_CELL_WIDTH = 60;

  @Override
  public Integer call() throws IOException, InterruptedException {
    StringBuilder path = new StringBuilder("/api/v1/query?query=").append(encode(query));
    path.append("&limit=").append(limit).append("&format=ndjson");
    if (start != null) {
      path.append("&start=").append(encode(start));
    }
    if (end != null) {
      path.append("&end=").append(encode(end));
    }
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest request = HttpRequest.newBuilder(server.resolve(path.toString())).GET().build();
    HttpResponse<InputStream> response =
        client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      if (response.statusCode() != 200) {
        throw new LoupeException(ErrorCode.BAD_REQUEST, errorText(reader.readLine(), query));
      }
      boolean colour = ProgressBar.isTerminal() && !json && !raw && !table;
      PrintStream out = System.out;
      List<Map<String, String>> tableRows = new ArrayList<>();
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.startsWith("{\"_status\"")) {
          System.err.println(statusText(line));
          continue;
        }
        if (line.startsWith("{\"_error\"")) {
          throw new LoupeException(ErrorCode.INTERNAL, errorText(line, null));
        }
        if (table) {
          tableRows.add(parseObject(line));
        } else if (raw) {
          out.println(parseObject(line).getOrDefault("_msg", ""));
        } else {
          out.println(json ? line : humanLine(line, colour));
        }
      }
      if (table) {
        out.print(tableText(tableRows));
      }
    }
    return 0;
  }

  /**
   * Rows as aligned columns: the columns in first-seen order ({@code _stream_id} and {@code
   * _tenant} left out), cells cut at {@link #MAX_CELL_WIDTH}.
   */
  static String tableText(List<Map<String, String>> rows) {
    List<String> columns = new ArrayList<>();
    for (Map<String, String> row : rows) {
      for (String name : row.keySet()) {
        if (!columns.contains(name) && !name.equals("_stream_id") && !name.equals("_tenant")) {
          columns.add(name);
        }
      }
    }
    int[] widths = new int[columns.size()];
    for (int column = 0; column < columns.size(); column++) {
      widths[column] = Math.min(MAX_CELL_WIDTH, columns.get(column).length());
      for (Map<String, String> row : rows) {
        String value = row.getOrDefault(columns.get(column), "");
        widths[column] = Math.max(widths[column], Math.min(MAX_CELL_WIDTH, value.length()));
      }
    }
    StringBuilder text = new StringBuilder();
    appendTableLine(text, columns, widths);
    for (Map<String, String> row : rows) {
      List<String> cells = new ArrayList<>();
      for (String column : columns) {
        cells.add(row.getOrDefault(column, ""));
      }
      appendTableLine(text, cells, widths);
    }
    return text.toString();
  }

  private static void appendTableLine(StringBuilder text, List<String> cells, int[] widths) {
    for (int column = 0; column < cells.size(); column++) {
      String cell = cells.get(column);
      if (cell.length() > widths[column]) {
        cell = cell.substring(0, widths[column] - 1) + "…";
      }
      text.append(column == 0 ? "" : "  ").append(cell);
      if (column < cells.size() - 1) {
        text.append(" ".repeat(widths[column] - cell.length()));
      }
    }
    text.append('\n');
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  static String humanLine(String jsonLine, boolean colour) throws IOException {
    Map<String, String> fields = parseObject(jsonLine);
    StringBuilder text = new StringBuilder(jsonLine.length());
    if (!fields.containsKey("_time") && !fields.containsKey("_msg")) {
      // A stats or top row: its columns, in order.
      fields.forEach(
          (name, value) ->
              text.append(text.isEmpty() ? "" : "  ").append(name).append('=').append(value));
      return text.toString();
    }
    String level = fields.getOrDefault("level", fields.getOrDefault("severity", ""));
    String colourCode = colour ? levelColour(level) : "";
    text.append(colourCode);
    text.append(fields.getOrDefault("_time", "")).append(' ');
    text.append(fields.getOrDefault("_stream", "{}")).append(' ');
    text.append(fields.getOrDefault("_msg", ""));
    for (Map.Entry<String, String> field : fields.entrySet()) {
      String name = field.getKey();
      if (!HIDDEN_IN_TEXT.contains(name)) {
        text.append("  ").append(name).append('=').append(field.getValue());
      }
    }
    if (!colourCode.isEmpty()) {
      text.append(RESET);
    }
    return text.toString();
  }

  private static String levelColour(String level) {
    String lower = level.toLowerCase(Locale.ROOT);
    if (lower.startsWith("err") || lower.startsWith("fatal") || lower.startsWith("crit")) {
      return "\u001b[31m";
    }
    if (lower.startsWith("warn")) {
      return "\u001b[33m";
    }
    if (lower.startsWith("debug") || lower.startsWith("trace")) {
      return "\u001b[2m";
    }
    return "";
  }

  private static Map<String, String> parseObject(String jsonLine) throws IOException {
    Map<String, String> fields = new LinkedHashMap<>();
    try (JsonParser parser = JSON.createParser(jsonLine)) {
      String name = null;
      int depth = 0;
      while (parser.nextToken() != null) {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
          depth++;
        } else if (token == JsonToken.END_OBJECT) {
          depth--;
        } else if (token == JsonToken.FIELD_NAME) {
          name = parser.currentName();
        } else if (token.isScalarValue() && name != null) {
          fields.put(depth > 1 ? "_" + name : name, parser.getText());
        }
      }
    }
    return fields;
  }

  private static String statusText(String line) throws IOException {
    Map<String, String> status = parseObject(line);
    return String.format(
        Locale.ROOT,
        "%s rows in %.1f ms; blocks: %s scanned, %s skipped of %s; %s bytes read",
        status.get("_rows"),
        Double.parseDouble(status.getOrDefault("_duration_ms", "0")),
        status.get("_blocks_scanned"),
        status.get("_blocks_skipped"),
        status.get("_blocks_total"),
        status.get("_bytes_read"));
  }

  /** The server's error message; for a syntax error, the query with a caret under the spot. */
  static String errorText(String line, String query) throws IOException {
    if (line == null) {
      return "the server closed the connection without an answer";
    }
    Map<String, String> error = parseObject(line);
    String message = error.getOrDefault("_message", line);
    String position = error.get("_position");
    if (position == null || query == null) {
      return message;
    }
    int column = Math.min(Integer.parseInt(position), query.length());
    return message + "\n  " + query + "\n  " + " ".repeat(column) + "^";
  }
}
