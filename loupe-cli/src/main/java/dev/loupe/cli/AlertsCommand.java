package dev.loupe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code loupe alerts list}, {@code loupe alerts rules list|add|delete|validate}, {@code loupe
 * alerts silence add|list|delete} and {@code loupe alerts history}: alerts, alert rules and
 * silences of a running server, through its API (docs/ALERTS.md).
 */
@Command(
    name = "alerts",
    mixinStandardHelpOptions = true,
    description =
        "Show the alerts of a running server, their history, and manage alert rules and silences"
            + " (docs/ALERTS.md).",
    subcommands = {
      AlertsCommand.ListAlerts.class,
      AlertsCommand.Rules.class,
      AlertsCommand.Silences.class,
      AlertsCommand.History.class
    })
final class AlertsCommand implements Runnable {
  private static final ObjectMapper JSON = ApiCalls.JSON;

  private static final java.util.List<String> STATES =
      java.util.List.of("inactive", "pending", "firing", "resolved");

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
      if (state != null && !STATES.contains(state.toLowerCase(Locale.ROOT))) {
        System.err.println("--state " + state + " is not a state; use one of " + STATES);
        return 2;
      }
      HttpResponse<String> response = ApiCalls.get(server, "/api/v1/alerts");
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
      HttpResponse<String> response = ApiCalls.get(server, "/api/v1/alerts/rules");
      if (response == null) {
        return 1;
      }
      if (json) {
        System.out.print(response.body());
        return 0;
      }
      JsonNode answer = JSON.readTree(response.body());
      printRules(answer.path("rules"), System.out);
      ApiCalls.warnOfFile(answer);
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

    @Mixin RulesFileOption rules;

    @Override
    public Integer call() throws IOException {
      String text = rules.read();
      if (text == null) {
        return 2;
      }
      HttpResponse<String> response =
          ApiCalls.post(server, "/api/v1/alerts/rules", "application/yaml", text);
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
          ApiCalls.delete(server, "/api/v1/alerts/rules/" + ApiCalls.encode(name));
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

    @Mixin RulesFileOption rules;

    @Override
    public Integer call() throws IOException {
      String text = rules.read();
      if (text == null) {
        return 2;
      }
      HttpResponse<String> response =
          ApiCalls.post(server, "/api/v1/alerts/rules/validate", "application/yaml", text);
      if (response == null) {
        return 1;
      }
      JsonNode names = JSON.readTree(response.body()).path("rules");
      System.out.println(
          rules.file + ": " + names.size() + (names.size() == 1 ? " rule" : " rules") + " valid");
      return 0;
    }
  }

  @Command(
      name = "history",
      mixinStandardHelpOptions = true,
      description =
          "Print the recent state changes of alerts (the server keeps the last 10,000; shows the"
              + " last 200), oldest first: when, rule, labels, from, to, value.")
  static final class History implements Callable<Integer> {
    @Mixin ServerOption server;

    @Option(names = "--rule", paramLabel = "NAME", description = "Only changes of this rule.")
    String rule;

    @Override
    public Integer call() throws IOException {
      HttpResponse<String> response = ApiCalls.get(server, "/api/v1/alerts");
      if (response == null) {
        return 1;
      }
      TextTable table = new TextTable("AT", "RULE", "LABELS", "FROM", "TO", "VALUE");
      for (JsonNode change : JSON.readTree(response.body()).path("history")) {
        if (rule != null && !rule.equals(change.path("rule").asText())) {
          continue;
        }
        table.add(
            Instant.ofEpochMilli(change.path("atMillis").asLong()).toString(),
            change.path("rule").asText(),
            labels(change.path("labels"), change.path("rule").asText()),
            change.path("from").asText(),
            change.path("to").asText(),
            TextTable.number(change.path("value")));
      }
      table.printOr(
          rule == null ? "no alert changes yet" : "no changes of rule " + rule, System.out);
      return 0;
    }
  }

  @Command(
      name = "silence",
      mixinStandardHelpOptions = true,
      description = "Mute notifications of alerts for a while: add, list or delete silences.",
      subcommands = {AddSilence.class, ListSilences.class, DeleteSilence.class})
  static final class Silences implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().usage(System.out);
    }
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description =
          "Mute the notifications of alerts whose labels include all the matchers, until the end"
              + " time; alerts keep their state. Prints the silence's id.")
  static final class AddSilence implements Callable<Integer> {
    @Mixin ServerOption server;

    @Parameters(
        paramLabel = "LABEL=VALUE",
        arity = "1..*",
        description = "Matchers: alertname=checkout_errors, service=payments, ...")
    java.util.List<String> matchers;

    @Option(
        names = "--for",
        paramLabel = "DURATION",
        description = "How long from now (30m, 2h, 1d); or give --until.")
    String duration;

    @Option(
        names = "--until",
        paramLabel = "TIME",
        description = "When it ends, RFC 3339 (2026-11-22T18:00:00Z).")
    String until;

    @Option(names = "--comment", description = "Why (shown in the list).")
    String comment;

    @Override
    public Integer call() throws IOException {
      if ((duration == null) == (until == null)) {
        System.err.println("give --for DURATION (2h) or --until TIME (2026-11-22T18:00:00Z)");
        return 2;
      }
      com.fasterxml.jackson.databind.node.ObjectNode body = JSON.createObjectNode();
      com.fasterxml.jackson.databind.node.ObjectNode labels = body.putObject("matchers");
      for (String matcher : matchers) {
        int equals = matcher.indexOf('=');
        if (equals <= 0) {
          System.err.println(
              "matcher '" + matcher + "' is not LABEL=VALUE, e.g. alertname=checkout_errors");
          return 2;
        }
        labels.put(matcher.substring(0, equals), matcher.substring(equals + 1));
      }
      body.put("endsAt", duration != null ? duration : until);
      if (comment != null) {
        body.put("comment", comment);
      }
      HttpResponse<String> response =
          ApiCalls.post(server, "/api/v1/silences", "application/json", body.toString());
      if (response == null) {
        return 1;
      }
      JsonNode silence = JSON.readTree(response.body());
      System.out.println(
          "silence "
              + silence.path("id").asText()
              + " until "
              + silence.path("endsAt").asText()
              + " (loupe alerts silence delete ID ends it sooner)");
      return 0;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Print the silences in force: id, until when, matchers, comment.")
  static final class ListSilences implements Callable<Integer> {
    @Mixin ServerOption server;

    @Override
    public Integer call() throws IOException {
      HttpResponse<String> response = ApiCalls.get(server, "/api/v1/silences");
      if (response == null) {
        return 1;
      }
      TextTable table = new TextTable("ID", "UNTIL", "MATCHERS", "COMMENT");
      for (JsonNode silence : JSON.readTree(response.body()).path("silences")) {
        table.add(
            silence.path("id").asText(),
            silence.path("endsAt").asText(),
            group(silence.path("matchers")),
            silence.path("comment").asText());
      }
      table.printOr("no silences", System.out);
      return 0;
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "End a silence now.")
  static final class DeleteSilence implements Callable<Integer> {
    @Mixin ServerOption server;

    @Parameters(paramLabel = "ID", description = "The silence's id (loupe alerts silence list).")
    String id;

    @Override
    public Integer call() {
      HttpResponse<String> response =
          ApiCalls.delete(server, "/api/v1/silences/" + ApiCalls.encode(id));
      if (response == null) {
        return 1;
      }
      System.out.println("deleted silence " + id);
      return 0;
    }
  }

  /** Labels without {@code alertname}, which the rule column already shows. */
  private static String labels(JsonNode labels, String rule) {
    com.fasterxml.jackson.databind.node.ObjectNode shown = labels.deepCopy();
    if (rule.equals(shown.path("alertname").asText())) {
      shown.remove("alertname");
    }
    return group(shown);
  }

  static void printAlerts(JsonNode alerts, String onlyState, PrintStream out) {
    TextTable table = new TextTable("STATE", "RULE", "GROUP", "VALUE", "SINCE", "SILENCED");
    for (JsonNode alert : alerts) {
      String state = alert.path("state").asText();
      if (onlyState != null && !state.equalsIgnoreCase(onlyState)) {
        continue;
      }
      table.add(
          state,
          alert.path("rule").asText(),
          group(alert.path("group")),
          TextTable.number(alert.path("value")),
          since(alert, state),
          alert.path("silenced").asBoolean() ? "yes" : "");
    }
    table.printOr(
        onlyState == null ? "no alert rules" : "no alerts " + onlyState.toLowerCase(Locale.ROOT),
        out);
  }

  static void printRules(JsonNode rules, PrintStream out) {
    TextTable table =
        new TextTable("NAME", "SOURCE", "KIND", "WATCHES", "CONDITION", "RANGE", "FOR", "BY");
    for (JsonNode rule : rules) {
      String watches =
          rule.hasNonNull("metric")
              ? "metric " + rule.get("metric").asText()
              : rule.path("query").asText();
      java.util.List<String> by = new ArrayList<>();
      rule.path("by").forEach(field -> by.add(field.asText()));
      table.add(
          rule.path("name").asText(),
          rule.path("source").asText(),
          rule.path("kind").asText(),
          watches,
          rule.path("condition").asText(),
          rule.path("range").asText(),
          rule.path("for").asText(),
          String.join(",", by));
    }
    table.printOr("no alert rules", out);
  }

  private static String group(JsonNode group) {
    return group.isEmpty() ? "-" : TextTable.labels(group);
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
}
