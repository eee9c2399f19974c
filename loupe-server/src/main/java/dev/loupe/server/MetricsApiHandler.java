package dev.loupe.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.analytics.Durations;
import dev.loupe.analytics.metrics.MetricEngine;
import dev.loupe.analytics.metrics.MetricRule;
import dev.loupe.analytics.metrics.MetricRuleSet;
import dev.loupe.analytics.metrics.RuleFiles;
import dev.loupe.analytics.metrics.SeriesRange;
import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import dev.loupe.core.Timestamps;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The metrics API: {@code GET /api/v1/metrics/rules}, {@code POST /api/v1/metrics/rules} (one rule
 * or {@code {"rules":[...]}}, JSON or YAML; creates or replaces), {@code PUT/DELETE
 * /api/v1/metrics/rules/{name}}, and {@code GET
 * /api/v1/metrics/query_range?name=&start=&end=&step=&by=} for charts.
 */
final class MetricsApiHandler {
  /** Largest rules body: rules are small documents. */
  private static final int MAX_BODY_BYTES = 1 << 20;

  private final MetricRuleSet ruleSet;
  private final MetricEngine engine;
  private final InstantSource clock;

  MetricsApiHandler(MetricRuleSet ruleSet, MetricEngine engine, InstantSource clock) {
    this.ruleSet = ruleSet;
    this.engine = engine;
    this.clock = clock;
  }

  void listRules(ServerRequest request, ServerResponse response) {
    ObjectNode document = RuleFiles.JSON.createObjectNode();
    ArrayNode rules = document.putArray("rules");
    for (MetricRuleSet.Entry entry : ruleSet.entries()) {
      ObjectNode rule = RuleFiles.JSON.valueToTree(entry.rule());
      rule.put("source", entry.source().name().toLowerCase(java.util.Locale.ROOT));
      rules.add(rule);
    }
    describeFile(document, ruleSet.rulesFile(), ruleSet.fileError());
    sendJson(response, document);
  }

  /**
   * {@code "file":{"path":…,"error":…}} when the server has a rules file: where it is and, when its
   * last change was not applied, why (the rules listed are then the last good ones).
   */
  static void describeFile(ObjectNode document, java.nio.file.Path file, String error) {
    if (file == null) {
      return;
    }
    ObjectNode described = document.putObject("file");
    described.put("path", file.toString());
    if (error != null) {
      described.put("error", error);
    }
  }

  void postRules(ServerRequest request, ServerResponse response) {
    try {
      List<MetricRule> rules = RuleFiles.parse(body(request), "request body");
      if (rules.isEmpty()) {
        throw new LoupeException(ErrorCode.BAD_REQUEST, "request body holds no rule");
      }
      ruleSet.put(rules);
      listRules(request, response);
    } catch (LoupeException failure) {
      HttpErrors.send(response, failure, null);
    }
  }

  void putRule(ServerRequest request, ServerResponse response) {
    String name = request.path().pathParameters().get("name");
    try {
      List<MetricRule> rules = RuleFiles.parse(withName(body(request), name), "request body");
      if (rules.size() != 1 || !rules.get(0).name().equals(name)) {
        throw new LoupeException(
            ErrorCode.BAD_REQUEST,
            "PUT /api/v1/metrics/rules/" + name + " takes one rule named " + name);
      }
      ruleSet.put(rules);
      listRules(request, response);
    } catch (LoupeException failure) {
      HttpErrors.send(response, failure, null);
    }
  }

  /** The rule of a PUT body, named by the path when the body gives no name. */
  private static String withName(String body, String name) {
    try {
      var node = RuleFiles.YAML.readTree(body);
      if (node instanceof ObjectNode rule && !rule.has("name") && !rule.has("rules")) {
        rule.put("name", name);
        return RuleFiles.JSON.writeValueAsString(rule);
      }
    } catch (IOException unreadable) {
      // parsed again by RuleFiles, which says what is wrong and where
    }
    return body;
  }

  void deleteRule(ServerRequest request, ServerResponse response) {
    String name = request.path().pathParameters().get("name");
    try {
      if (!ruleSet.delete(name)) {
        throw new LoupeException(
            ErrorCode.NOT_FOUND, "no metric rule named " + name + " made through the API");
      }
      response.status(Status.NO_CONTENT_204).send();
    } catch (LoupeException failure) {
      HttpErrors.send(response, failure, null);
    }
  }

  void queryRange(ServerRequest request, ServerResponse response) {
    try {
      var query = request.query();
      String name =
          query
              .first("name")
              .orElseThrow(
                  () ->
                      new LoupeException(
                          ErrorCode.BAD_REQUEST, "name is missing: the metric rule to chart"));
      MetricRule rule = engine.rule(name);
      if (rule == null) {
        throw new LoupeException(
            ErrorCode.NOT_FOUND,
            "no metric rule named " + name + "; GET /api/v1/metrics/rules lists them");
      }
      long nowNanos = Timestamps.toNanos(clock.instant());
      long startMillis =
          TimeParameters.parse("start", query.first("start").orElse("1h"), nowNanos) / 1_000_000;
      long endMillis =
          TimeParameters.parse("end", query.first("end").orElse("now"), nowNanos) / 1_000_000;
      long stepMillis =
          query
              .first("step")
              .map(step -> Durations.parse(step, "step").toMillis())
              .orElse(rule.windowMillis());
      List<String> by =
          query
              .first("by")
              .map(
                  text ->
                      Arrays.stream(text.split(","))
                          .map(String::strip)
                          .filter(s -> !s.isEmpty())
                          .toList())
              .orElse(null);
      if (by != null) {
        for (String label : by) {
          if (!rule.by().contains(label)) {
            throw new LoupeException(
                ErrorCode.BAD_REQUEST,
                "by "
                    + label
                    + " is not a label of metric rule "
                    + name
                    + ", which groups by "
                    + rule.by()
                    + "; give some of those, or none to add every group into one series");
          }
        }
      }
      List<SeriesRange.Series> series =
          SeriesRange.compute(
              engine.points(name, startMillis, endMillis),
              rule.parsedAggregation(),
              startMillis,
              endMillis,
              stepMillis,
              by);
      ObjectNode document = RuleFiles.JSON.createObjectNode();
      document.put("name", name);
      document.put("aggregation", rule.aggregation());
      document.put("window", rule.window());
      document.put("step", Durations.format(java.time.Duration.ofMillis(stepMillis)));
      document.put("start", startMillis);
      document.put("end", endMillis);
      // Windows ending after this are still open: a chart ends its lines here, not at 0.
      document.put("closedThrough", engine.closedThrough(name, clock.millis()));
      ArrayNode seriesArray = document.putArray("series");
      for (SeriesRange.Series one : series) {
        ObjectNode item = seriesArray.addObject();
        ObjectNode labels = item.putObject("labels");
        for (Map.Entry<String, String> label : one.labels().entrySet()) {
          labels.put(label.getKey(), label.getValue());
        }
        ArrayNode values = item.putArray("values");
        for (double[] point : one.values()) {
          values.addArray().add((long) point[0]).add(point[1]);
        }
      }
      sendJson(response, document);
    } catch (LoupeException failure) {
      HttpErrors.send(response, failure, null);
    }
  }

  private static String body(ServerRequest request) {
    try (var input = request.content().inputStream()) {
      byte[] bytes = input.readNBytes(MAX_BODY_BYTES + 1);
      if (bytes.length > MAX_BODY_BYTES) {
        throw new LoupeException(ErrorCode.PAYLOAD_TOO_LARGE, "rules body is larger than 1 MiB");
      }
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException failure) {
      throw new UncheckedIOException(failure);
    }
  }

  static void sendJson(ServerResponse response, Object document) {
    try {
      response.header(HeaderNames.CONTENT_TYPE, "application/json");
      response.send(RuleFiles.JSON.writeValueAsString(document) + "\n");
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    }
  }
}
