package dev.loupe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code loupe metrics rules list|apply -f FILE|delete NAME} and {@code loupe metrics query NAME}:
 * metric rules and their series on a running server, through its API (docs/METRICS.md).
 */
@Command(
    name = "metrics",
    mixinStandardHelpOptions = true,
    description =
        "Manage log-derived metric rules on a running server and read their series"
            + " (docs/METRICS.md).",
    subcommands = {MetricsCommand.Rules.class, MetricsCommand.Query.class})
final class MetricsCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(
      name = "rules",
      mixinStandardHelpOptions = true,
      description = "List, apply or delete metric rules.",
      subcommands = {ListRules.class, Apply.class, Delete.class})
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
      description =
          "Print the rules in force: name, source (builtin, api or file), aggregation, filter,"
              + " group-by labels, window.")
  static final class ListRules implements Callable<Integer> {
    @Mixin ServerOption server;

    @Option(
        names = "--json",
        description = "Print the server's answer as JSON (what apply -f takes back).")
    boolean json;

    @Override
    public Integer call() throws IOException {
      HttpResponse<String> response = ApiCalls.get(server, "/api/v1/metrics/rules");
      if (response == null) {
        return 1;
      }
      if (json) {
        System.out.print(response.body());
        return 0;
      }
      JsonNode answer = ApiCalls.JSON.readTree(response.body());
      printRules(answer.path("rules"), System.out);
      ApiCalls.warnOfFile(answer);
      return 0;
    }
  }

  @Command(
      name = "apply",
      mixinStandardHelpOptions = true,
      description =
          "Create or replace the rules of a YAML (or JSON) file: rules: [ {name, query, ...} ] or"
              + " one rule; then print the rules in force. Rules of the server's --metrics-rules"
              + " file are changed there.")
  static final class Apply implements Callable<Integer> {
    @Mixin ServerOption server;

    @Mixin RulesFileOption rules;

    @Override
    public Integer call() throws IOException {
      String text = rules.read();
      if (text == null) {
        return 2;
      }
      HttpResponse<String> response =
          ApiCalls.post(server, "/api/v1/metrics/rules", "application/yaml", text);
      if (response == null) {
        return 1;
      }
      System.out.println("rules in force:");
      printRules(ApiCalls.JSON.readTree(response.body()).path("rules"), System.out);
      return 0;
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description =
          "Delete a rule made through the API (a rule of the rules file: edit the file; a built-in"
              + " one: serve with --no-builtin-metric-rules). Its stored points stay until the"
              + " retention drops them.")
  static final class Delete implements Callable<Integer> {
    @Mixin ServerOption server;

    @Parameters(paramLabel = "NAME", description = "The rule's name.")
    String name;

    @Override
    public Integer call() {
      HttpResponse<String> response =
          ApiCalls.delete(server, "/api/v1/metrics/rules/" + ApiCalls.encode(name));
      if (response == null) {
        return 1;
      }
      System.out.println("deleted metric rule " + name);
      return 0;
    }
  }

  @Command(
      name = "query",
      mixinStandardHelpOptions = true,
      description =
          "Print a rule's series over a time range, one row a step and label set (closed windows"
              + " only: a window shows once its end and the grace have passed).")
  static final class Query implements Callable<Integer> {
    @Mixin ServerOption server;

    @Parameters(paramLabel = "NAME", description = "The metric rule (loupe metrics rules list).")
    String name;

    @Option(
        names = "--start",
        defaultValue = "1h",
        description =
            "From: a duration back from now (15m), RFC 3339 or epoch seconds (default:"
                + " ${DEFAULT-VALUE}).")
    String start;

    @Option(
        names = "--end",
        defaultValue = "now",
        description = "To, as --start (default: ${DEFAULT-VALUE}).")
    String end;

    @Option(
        names = "--step",
        description = "Bucket of the rows, e.g. 1m (default: the rule's window).")
    String step;

    @Option(
        names = "--by",
        paramLabel = "LABEL[,LABEL...]",
        description =
            "Keep only these of the rule's labels, adding up the rest; an empty value adds every"
                + " group into one series (default: all of the rule's labels).")
    String by;

    @Option(names = "--json", description = "Print the server's answer as JSON.")
    boolean json;

    @Override
    public Integer call() throws IOException {
      StringBuilder path =
          new StringBuilder("/api/v1/metrics/query_range?name=")
              .append(ApiCalls.encode(name))
              .append("&start=")
              .append(ApiCalls.encode(start))
              .append("&end=")
              .append(ApiCalls.encode(end));
      if (step != null) {
        path.append("&step=").append(ApiCalls.encode(step));
      }
      if (by != null) {
        path.append("&by=").append(ApiCalls.encode(by));
      }
      HttpResponse<String> response = ApiCalls.get(server, path.toString());
      if (response == null) {
        return 1;
      }
      if (json) {
        System.out.print(response.body());
        return 0;
      }
      printSeries(ApiCalls.JSON.readTree(response.body()), System.out);
      return 0;
    }
  }

  static void printRules(JsonNode rules, PrintStream out) {
    TextTable table = new TextTable("NAME", "SOURCE", "AGGREGATION", "QUERY", "BY", "WINDOW");
    for (JsonNode rule : rules) {
      String aggregation = rule.path("aggregation").asText();
      if (rule.hasNonNull("field")) {
        aggregation += "(" + rule.get("field").asText() + ")";
      }
      List<String> by = new ArrayList<>();
      rule.path("by").forEach(label -> by.add(label.asText()));
      table.add(
          rule.path("name").asText(),
          rule.path("source").asText(),
          aggregation,
          rule.path("query").asText(),
          String.join(",", by),
          rule.path("window").asText());
    }
    table.printOr("no metric rules", out);
  }

  /** One row a bucket and label set, in time order; the labels as name=value. */
  static void printSeries(JsonNode answer, PrintStream out) {
    TextTable table =
        new TextTable("TIME", "LABELS", answer.path("aggregation").asText().toUpperCase());
    List<Object[]> points = new ArrayList<>();
    for (JsonNode series : answer.path("series")) {
      String labels = TextTable.labels(series.path("labels"));
      for (JsonNode value : series.path("values")) {
        points.add(new Object[] {value.get(0).asLong(), labels, value.get(1)});
      }
    }
    points.sort(
        java.util.Comparator.comparingLong((Object[] point) -> (Long) point[0])
            .thenComparing(point -> (String) point[1]));
    for (Object[] point : points) {
      table.add(
          Instant.ofEpochMilli((Long) point[0]).toString(),
          ((String) point[1]).isEmpty() ? "-" : (String) point[1],
          TextTable.number((JsonNode) point[2]));
    }
    table.printOr(
        "no points of "
            + answer.path("name").asText()
            + " in the range (windows close "
            + answer.path("window").asText()
            + " plus the grace after they start; lines older than a closed window are not"
            + " counted, see docs/METRICS.md)",
        out);
  }
}
