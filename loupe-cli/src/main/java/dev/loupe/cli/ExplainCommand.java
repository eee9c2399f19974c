package dev.loupe.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import java.io.IOException;
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
 * {@code loupe explain QUERY}: how the server would run a query and what it would cost (blocks and
 * bytes to read, from block headers), without running it. {@code --json} prints the server's answer
 * as it came.
 */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description = "Show a query's plan and estimated cost without running it.",
    footer = {
      "",
      "Examples:",
      "  loupe explain 'error service:checkout'",
      "  loupe explain '* | stats count() by (level)' --start 1h"
    })
final class ExplainCommand implements Callable<Integer> {
  private static final JsonFactory JSON = new JsonFactory();

  @Parameters(index = "0", paramLabel = "QUERY", description = "The query to explain.")
  String query;

  @Mixin ServerOption server;

  @Option(
      names = "--start",
      description = "Oldest time: RFC 3339, epoch seconds, or a duration back such as 15m, 2h.")
  String start;

  @Option(names = "--end", description = "Newest time (excluded); same forms as --start.")
  String end;

  @Option(names = "--json", description = "Print the server's JSON answer.")
  boolean json;

  @Override
  public Integer call() throws IOException, InterruptedException {
    StringBuilder path = new StringBuilder("/api/v1/explain?query=").append(encode(query));
    if (start != null) {
      path.append("&start=").append(encode(start));
    }
    if (end != null) {
      path.append("&end=").append(encode(end));
    }
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest request = HttpRequest.newBuilder(server.resolve(path.toString())).GET().build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    String body = response.body().strip();
    if (response.statusCode() != 200) {
      throw new LoupeException(ErrorCode.BAD_REQUEST, SearchCommand.errorText(body, query));
    }
    System.out.println(json ? body : humanText(body));
    return 0;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /**
   * The answer of {@code /api/v1/explain} for a person:
   *
   * <pre>
   * query    error service:checkout
   * filter   error                   skips by: column presence, bloom tokens
   * pipe     head 10
   * estimate 3 of 120 blocks (117 skipped), 12,288 rows, 1.2 MB to read
   * </pre>
   */
  static String humanText(String answer) throws IOException {
    Explained explained = parse(answer);
    StringBuilder text = new StringBuilder();
    text.append("query    ").append(explained.query).append('\n');
    int width = explained.filters.stream().mapToInt(step -> step.getKey().length()).max().orElse(0);
    for (Map.Entry<String, List<String>> step : explained.filters) {
      String skips =
          step.getValue().isEmpty()
              ? "no header check: every block is read"
              : "skips by: " + String.join(", ", step.getValue());
      text.append("filter   ")
          .append(String.format(Locale.ROOT, "%-" + width + "s", step.getKey()))
          .append("  ")
          .append(skips)
          .append('\n');
    }
    for (String pipe : explained.pipes) {
      text.append("pipe     ").append(pipe).append('\n');
    }
    Map<String, Long> estimate = explained.estimate;
    text.append(
        String.format(
            Locale.ROOT,
            "estimate %,d of %,d blocks (%,d skipped), %,d rows, %s to read",
            estimate.getOrDefault("blocks_surviving", 0L),
            estimate.getOrDefault("blocks_total", 0L),
            estimate.getOrDefault("blocks_skipped", 0L),
            estimate.getOrDefault("rows", 0L),
            bytes(estimate.getOrDefault("bytes_to_read", 0L))));
    return text.toString();
  }

  private static String bytes(long count) {
    if (count < 1024) {
      return count + " B";
    }
    if (count < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KB", count / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MB", count / (1024.0 * 1024));
  }

  private static final class Explained {
    String query = "";
    final List<Map.Entry<String, List<String>>> filters = new ArrayList<>();
    final List<String> pipes = new ArrayList<>();
    final Map<String, Long> estimate = new LinkedHashMap<>();
  }

  /** Reads the fixed shape of the answer; unknown fields are skipped (newer servers). */
  private static Explained parse(String answer) throws IOException {
    Explained explained = new Explained();
    try (JsonParser parser = JSON.createParser(answer)) {
      expect(parser.nextToken(), JsonToken.START_OBJECT);
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (name) {
          case "query" -> explained.query = parser.getText();
          case "pipes" -> explained.pipes.addAll(strings(parser));
          case "filters" -> {
            while (parser.nextToken() == JsonToken.START_OBJECT) {
              String filter = "";
              List<String> skips = List.of();
              while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if (field.equals("filter")) {
                  filter = parser.getText();
                } else if (field.equals("skips_by")) {
                  skips = strings(parser);
                } else {
                  parser.skipChildren();
                }
              }
              explained.filters.add(Map.entry(filter, skips));
            }
          }
          case "estimate" -> {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
              String field = parser.currentName();
              parser.nextToken();
              explained.estimate.put(field, parser.getValueAsLong());
            }
          }
          default -> {
            if (value.isStructStart()) {
              parser.skipChildren();
            }
          }
        }
      }
    }
    return explained;
  }

  /** The strings of the array the parser is at the start of. */
  private static List<String> strings(JsonParser parser) throws IOException {
    List<String> values = new ArrayList<>();
    while (parser.nextToken() == JsonToken.VALUE_STRING) {
      values.add(parser.getText());
    }
    return values;
  }

  private static void expect(JsonToken actual, JsonToken expected) {
    if (actual != expected) {
      throw new LoupeException(
          ErrorCode.INTERNAL, "the server's explain answer is not a JSON object; is it a Loupe?");
    }
  }
}
