package dev.loupe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code loupe alerts list} and {@code loupe alerts rules list|add|delete|validate}: alerts and
 * alert rules of a running server, through its API (docs/ALERTS.md).
 */
@Command(
    name = "alerts",
    mixinStandardHelpOptions = true,
    description =
        "Show the alerts of a running server and manage its alert rules (docs/ALERTS.md).",
    subcommands = {AlertsCommand.ListAlerts.class, AlertsCommand.Rules.class})
final class AlertsCommand implements Runnable {
  private static final ObjectMapper JSON = new ObjectMapper();

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description =
          "Print the current alerts, one instance a line: state, rule, group, value, since when.")
  static final class ListAlerts implements Callable<Integer> {
    @Mixin ServerOption server;

    @Option(
        names = "--json",
        description = "Print the server's answer as JSON (alerts and recent history).")
    boolean json;

    @Option(
        names = "--state",
        paramLabel = "STATE",
        description = "Only alerts in this state: inactive, pending, firing or resolved.")
    String state;

    @Override
    public Integer call() throws IOException {
      HttpResponse<String> response =
          exchange(HttpRequest.newBuilder(server.resolve("/api/v1/alerts")).GET().build());
      if (response == null) {
        return 1;
      }
      if (json) {
        System.out.print(response.body());
        return 0;
      }
      printAlerts(JSON.readTree(response.body()).path("alerts"), state, System.out);
      return 0;
    }
  }

  @Command(
      name = "rules",
      mixinStandardHelpOptions = true,
      description = "List, add, delete or validate alert rules.",
      subcommands = {ListRules.class, AddRules.class, DeleteRule.class, ValidateRules.class})
  static final class Rules implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().usage(System.out);
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Print the rules in force: name, source (api or file), kind, what it watches.")
  static final class ListRules implements Callable<Integer> {
    @Mixin ServerOption server;

    @Option(names = "--json", description = "Print the server's answer as JSON.")
    boolean json;

    @Override
    public Integer call() throws IOException {
      HttpResponse<String> response =
          exchange(HttpRequest.newBuilder(server.resolve("/api/v1/alerts/rules")).GET().build());
      if (response == null) {
        return 1;
      }
      if (json) {
        System.out.print(response.body());
        return 0;
      }
      printRules(JSON.readTree(response.body()).path("rules"), System.out);
      return 0;
    }
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description =
          "Create or replace the rules of a YAML (or JSON) file: rules: [ {name, query, condition,"
              + " ...} ] or one rule. Rules of the server's --alert-rules file are changed there.")
  static final class AddRules implements Callable<Integer> {
    @Mixin ServerOption server;

    @Option(
        names = {"-f", "--file"},
        required = true,
        paramLabel = "FILE",
        description = "The rules file; - reads standard input.")
    Path file;

    @Override
    public Integer call() throws IOException {
      String text = read(file);
      if (text == null) {
        return 2;
      }
      HttpResponse<String> response =
          exchange(
              HttpRequest.newBuilder(server.resolve("/api/v1/alerts/rules"))
                  .header("Content-Type", "application/yaml")
                  .POST(HttpRequest.BodyPublishers.ofString(text))
                  .build());
      if (response == null) {
        return 1;
      }
      System.out.println("rules in force:");
      printRules(JSON.readTree(response.body()).path("rules"), System.out);
      return 0;
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Delete a rule made through the API (a rule of the rules file: edit the file).")
  static final class DeleteRule implements Callable<Integer> {
    @Mixin ServerOption server;

    @Parameters(paramLabel = "NAME", description = "The rule's name.")
    String name;

    @Override
    public Integer call() {
      HttpResponse<String> response =
          exchange(
              HttpRequest.newBuilder(
                      server.resolve(
                          "/api/v1/alerts/rules/"
                              + URLEncoder.encode(name, StandardCharsets.UTF_8)))
                  .DELETE()
                  .build());
      if (response == null) {
        return 1;
      }
      System.out.println("deleted alert rule " + name);
      return 0;
    }
  }

  @Command(
      name = "validate",
      mixinStandardHelpOptions = true,
      description =
          "Check a rules file with the server (syntax, queries, metric rules, pattern mining)"
              + " without changing anything; exit 0 when every rule is valid.")
  static final class ValidateRules implements Callable<Integer> {
    @Mixin ServerOption server;

    @Option(
        names = {"-f", "--file"},
        required = true,
        paramLabel = "FILE",
        description = "The rules file; - reads standard input.")
    Path file;

    @Override
    public Integer call() throws IOException {
      String text = read(file);
      if (text == null) {
        return 2;
      }
      HttpResponse<String> response =
          exchange(
              HttpRequest.newBuilder(server.resolve("/api/v1/alerts/rules/validate"))
                  .header("Content-Type", "application/yaml")
                  .POST(HttpRequest.BodyPublishers.ofString(text))
                  .build());
      if (response == null) {
        return 1;
      }
      JsonNode names = JSON.readTree(response.body()).path("rules");
      System.out.println(
          file + ": " + names.size() + (names.size() == 1 ? " rule" : " rules") + " valid");
      return 0;
    }
  }

  /** The file's text, or null (said on stderr) when it cannot be read. */
  private static String read(Path file) throws IOException {
    if (file.toString().equals("-")) {
      return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!Files.isReadable(file)) {
      System.err.println("cannot read " + file + ": check the path");
      return null;
    }
    return Files.readString(file);
  }

  /**
   * Sends the request; returns the answer when it is 2xx, else says on stderr what the server
   * answered (or that it cannot be reached) and returns null.
   */
  static HttpResponse<String> exchange(HttpRequest request) {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 == 2) {
        return response;
      }
      System.err.println("server answered " + response.statusCode() + ": " + message(response));
      return null;
    } catch (IOException failure) {
      System.err.println(
          "cannot reach "
              + request.uri()
              + ": "
              + failure.getMessage()
              + " (is loupe serve running? see --server)");
      return null;
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** The {@code message} of an error answer, else its body. */
  private static String message(HttpResponse<String> response) {
    try {
      JsonNode error = JSON.readTree(response.body());
      if (error != null && error.hasNonNull("message")) {
        return error.get("message").asText();
      }
    } catch (IOException notJson) {
      // fall through: print the body as it came
    }
    return response.body().strip();
  }

  static void printAlerts(JsonNode alerts, String onlyState, PrintStream out) {
    java.util.List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"STATE", "RULE", "GROUP", "VALUE", "SINCE", "SILENCED"});
    for (JsonNode alert : alerts) {
      String state = alert.path("state").asText();
      if (onlyState != null && !state.equalsIgnoreCase(onlyState)) {
        continue;
      }
      rows.add(
          new String[] {
            state,
            alert.path("rule").asText(),
            group(alert.path("group")),
            number(alert.path("value")),
            since(alert, state),
            alert.path("silenced").asBoolean() ? "yes" : ""
          });
    }
    if (rows.size() == 1) {
      out.println(
          onlyState == null ? "no alert rules" : "no alerts " + onlyState.toLowerCase(Locale.ROOT));
      return;
    }
    printTable(rows, out);
  }

  static void printRules(JsonNode rules, PrintStream out) {
    java.util.List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"NAME", "SOURCE", "KIND", "WATCHES", "CONDITION", "RANGE", "FOR", "BY"});
    for (JsonNode rule : rules) {
      String watches =
          rule.hasNonNull("metric")
              ? "metric " + rule.get("metric").asText()
              : rule.path("query").asText();
      java.util.List<String> by = new ArrayList<>();
      rule.path("by").forEach(field -> by.add(field.asText()));
      rows.add(
          new String[] {
            rule.path("name").asText(),
            rule.path("source").asText(),
            rule.path("kind").asText(),
            watches,
            rule.path("condition").asText(),
            rule.path("range").asText(),
            rule.path("for").asText(),
            String.join(",", by)
          });
    }
    if (rows.size() == 1) {
      out.println("no alert rules");
      return;
    }
    printTable(rows, out);
  }

  private static String group(JsonNode group) {
    if (group.isEmpty()) {
      return "-";
    }
    StringBuilder text = new StringBuilder();
    for (Iterator<Map.Entry<String, JsonNode>> fields = group.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      text.append(text.isEmpty() ? "" : ",").append(field.getKey()).append('=');
      text.append(field.getValue().asText());
    }
    return text.toString();
  }

  private static String number(JsonNode value) {
    if (!value.isNumber()) {
      return "-";
    }
    double number = value.asDouble();
    return number == Math.rint(number) && Math.abs(number) < 1e15
        ? Long.toString((long) number)
        : String.format(Locale.ROOT, "%.3g", number);
  }

  /** When the state began: fired, pending since, or resolved; {@code -} when never. */
  private static String since(JsonNode alert, String state) {
    long millis =
        switch (state) {
          case "FIRING" -> alert.path("firedAtMillis").asLong();
          case "PENDING" -> alert.path("activeSinceMillis").asLong();
          case "RESOLVED" -> alert.path("resolvedAtMillis").asLong();
          default -> 0;
        };
    return millis == 0 ? "-" : Instant.ofEpochMilli(millis).toString();
  }

  private static void printTable(java.util.List<String[]> rows, PrintStream out) {
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int column = 0; column < row.length; column++) {
        widths[column] = Math.max(widths[column], row[column].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int column = 0; column < row.length; column++) {
        line.append(row[column]);
        if (column < row.length - 1) {
          line.append(" ".repeat(widths[column] - row[column].length() + 2));
        }
      }
      out.println(line.toString().stripTrailing());
    }
  }
}
