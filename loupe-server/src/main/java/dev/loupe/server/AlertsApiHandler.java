package dev.loupe.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.analytics.Durations;
import dev.loupe.analytics.alerts.Alert;
import dev.loupe.analytics.alerts.AlertEvaluator;
import dev.loupe.analytics.alerts.AlertRule;
import dev.loupe.analytics.alerts.AlertRuleFiles;
import dev.loupe.analytics.alerts.AlertRuleSet;
import dev.loupe.analytics.alerts.Silence;
import dev.loupe.analytics.metrics.RuleFiles;
import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The alerts API: {@code GET /api/v1/alerts} (every alert instance and the recent history), {@code
 * GET/POST /api/v1/alerts/rules}, {@code POST /api/v1/alerts/rules/validate}, {@code DELETE
 * /api/v1/alerts/rules/{name}}, {@code GET/POST /api/v1/silences}, {@code DELETE
 * /api/v1/silences/{id}}. Bodies are JSON or YAML.
 */
final class AlertsApiHandler {
  private static final int MAX_BODY_BYTES = 1 << 20;
  private static final int HISTORY_SHOWN = 200;
  private static final ObjectMapper JSON = RuleFiles.JSON;

  private final AlertRuleSet ruleSet;
  private final AlertEvaluator evaluator;
  private final InstantSource clock;

  AlertsApiHandler(AlertRuleSet ruleSet, AlertEvaluator evaluator, InstantSource clock) {
    this.ruleSet = ruleSet;
    this.evaluator = evaluator;
    this.clock = clock;
  }

  void alerts(ServerRequest request, ServerResponse response) {
    ObjectNode document = JSON.createObjectNode();
    ArrayNode alerts = document.putArray("alerts");
    for (Alert alert : evaluator.alerts(clock.millis())) {
      alerts.add(JSON.valueToTree(alert));
    }
    var history = evaluator.history();
    document.set(
        "history",
        JSON.valueToTree(
            history.subList(Math.max(0, history.size() - HISTORY_SHOWN), history.size())));
    MetricsApiHandler.sendJson(response, document);
  }

  /** {@code {"rules":[{..., "source":"api"|"file"}]}}. */
  void rules(ServerRequest request, ServerResponse response) {
    ObjectNode document = JSON.createObjectNode();
    ArrayNode rules = document.putArray("rules");
    for (AlertRuleSet.Entry entry : ruleSet.entries()) {
      ObjectNode rule = JSON.valueToTree(entry.rule());
      rule.put("source", entry.source().name().toLowerCase(Locale.ROOT));
      rules.add(rule);
    }
    MetricsApiHandler.describeFile(document, ruleSet.rulesFile(), ruleSet.fileError());
    MetricsApiHandler.sendJson(response, document);
  }

  /** Creates or replaces the rules of the body (one rule, a list, or {@code {"rules":[...]}}). */
  void postRule(ServerRequest request, ServerResponse response) {
    try {
      ruleSet.put(parse(request));
      rules(request, response);
    } catch (LoupeException failure) {
      HttpErrors.send(response, failure, null);
    }
  }

  /** Checks the rules of the body as POST would, keeping none: {@code {"valid":true,"rules":N}}. */
  void validateRules(ServerRequest request, ServerResponse response) {
    try {
      List<AlertRule> rules = parse(request);
      ruleSet.validate(rules);
      ObjectNode document = JSON.createObjectNode();
      document.put("valid", true);
      document.set("rules", JSON.valueToTree(rules.stream().map(AlertRule::name).toList()));
      MetricsApiHandler.sendJson(response, document);
    } catch (LoupeException failure) {
      HttpErrors.send(response, failure, null);
    }
  }

  void deleteRule(ServerRequest request, ServerResponse response) {
    String name = request.path().pathParameters().get("name");
    try {
      if (!ruleSet.delete(name)) {
        throw new LoupeException(
            ErrorCode.NOT_FOUND, "no alert rule named " + name + " made through the API");
      }
      response.status(Status.NO_CONTENT_204).send();
    } catch (LoupeException failure) {
      HttpErrors.send(response, failure, null);
    }
  }

  void silences(ServerRequest request, ServerResponse response) {
    ObjectNode document = JSON.createObjectNode();
    document.set("silences", JSON.valueToTree(evaluator.silences(clock.millis())));
    MetricsApiHandler.sendJson(response, document);
  }

  /**
   * {@code {"matchers":{"alertname":"x"},"endsAt":"2026-11-22T12:00:00Z"|"2h","comment":"..."}}: a
   * duration is how long from now the silence lasts; an end in the past is refused.
   */
  void postSilence(ServerRequest request, ServerResponse response) {
    try {
      JsonNode body = read(request);
      JsonNode endsAt = body.get("endsAt");
      if (endsAt == null || endsAt.asText().isBlank()) {
        throw new LoupeException(
            ErrorCode.BAD_REQUEST,
            "a silence needs endsAt: an RFC 3339 time (2026-11-22T18:00:00Z) or how long from now"
                + " (2h)");
      }
      long endsAtMillis = silenceEnd(endsAt.asText().strip(), clock.millis());
      Map<String, String> matchers = new HashMap<>();
      if (body.has("matchers")) {
        body.get("matchers")
            .fields()
            .forEachRemaining(entry -> matchers.put(entry.getKey(), entry.getValue().asText()));
      }
      Silence silence =
          evaluator.addSilence(
              new Silence(
                  body.path("id").asText(null),
                  matchers,
                  endsAtMillis,
                  body.path("comment").asText(null)));
      MetricsApiHandler.sendJson(response, silence);
    } catch (LoupeException failure) {
      HttpErrors.send(response, failure, null);
    }
  }

  /** {@code endsAt} in epoch millis: a duration from now, else RFC 3339 or epoch seconds. */
  static long silenceEnd(String text, long nowMillis) {
    long endsAtMillis;
    if (text.matches("\\d+(ms|s|m|h|d)")) {
      endsAtMillis = nowMillis + Durations.parse(text, "endsAt").toMillis();
    } else {
      try {
        endsAtMillis = TimeParameters.parse("endsAt", text, nowMillis * 1_000_000L) / 1_000_000;
      } catch (LoupeException unreadable) {
        throw new LoupeException(
            ErrorCode.BAD_REQUEST,
            "cannot read endsAt="
                + text
                + ": give an RFC 3339 time (2026-11-22T18:00:00Z), epoch seconds, or how long from"
                + " now (30m, 2h, 1d)");
      }
    }
    if (endsAtMillis <= nowMillis) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST,
          "endsAt "
              + Instant.ofEpochMilli(endsAtMillis)
              + " is not in the future (now is "
              + Instant.ofEpochMilli(nowMillis)
              + "): a silence ends later than it starts; give a later time or how long (2h)");
    }
    return endsAtMillis;
  }

  void deleteSilence(ServerRequest request, ServerResponse response) {
    String id = request.path().pathParameters().get("id");
    if (!evaluator.deleteSilence(id)) {
      HttpErrors.send(
          response, new LoupeException(ErrorCode.NOT_FOUND, "no silence with id " + id), null);
      return;
    }
    response.status(Status.NO_CONTENT_204).send();
  }

  private static List<AlertRule> parse(ServerRequest request) {
    List<AlertRule> rules = AlertRuleFiles.parse(text(request), "request body");
    if (rules.isEmpty()) {
      throw new LoupeException(ErrorCode.BAD_REQUEST, "request body holds no alert rule");
    }
    return rules;
  }

  private static String text(ServerRequest request) {
    try (var input = request.content().inputStream()) {
      byte[] bytes = input.readNBytes(MAX_BODY_BYTES + 1);
      if (bytes.length > MAX_BODY_BYTES) {
        throw new LoupeException(ErrorCode.PAYLOAD_TOO_LARGE, "body is larger than 1 MiB");
      }
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException failure) {
      throw new LoupeException(ErrorCode.BAD_REQUEST, "cannot read body: " + failure.getMessage());
    }
  }

  private static JsonNode read(ServerRequest request) {
    try (var input = request.content().inputStream()) {
      byte[] bytes = input.readNBytes(MAX_BODY_BYTES + 1);
      if (bytes.length > MAX_BODY_BYTES) {
        throw new LoupeException(ErrorCode.PAYLOAD_TOO_LARGE, "body is larger than 1 MiB");
      }
      JsonNode node = RuleFiles.YAML.readTree(new String(bytes, StandardCharsets.UTF_8));
      if (node == null || !node.isContainerNode()) {
        throw new LoupeException(ErrorCode.BAD_REQUEST, "body must be a JSON or YAML object");
      }
      return node;
    } catch (IOException failure) {
      throw new LoupeException(ErrorCode.BAD_REQUEST, "cannot read body: " + failure.getMessage());
    }
  }
}
