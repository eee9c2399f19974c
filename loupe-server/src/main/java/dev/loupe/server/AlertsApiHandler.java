package dev.loupe.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.analytics.alerts.Alert;
import dev.loupe.analytics.alerts.AlertEvaluator;
import dev.loupe.analytics.alerts.AlertRule;
import dev.loupe.analytics.alerts.Silence;
import dev.loupe.analytics.metrics.RuleFiles;
import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import dev.loupe.core.Timestamps;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;

/**
 * The alerts API: {@code GET /api/v1/alerts} (every rule's alert and the recent history), {@code
 * GET/POST /api/v1/alerts/rules}, {@code DELETE /api/v1/alerts/rules/{name}}, {@code GET/POST
 * /api/v1/silences}, {@code DELETE /api/v1/silences/{id}}. Bodies are JSON or YAML.
 */
final class AlertsApiHandler {
  private static final int MAX_BODY_BYTES = 1 << 20;
  private static final int HISTORY_SHOWN = 200;
  private static final ObjectMapper JSON = RuleFiles.JSON;

  private final AlertEvaluator evaluator;
  private final InstantSource clock;

  AlertsApiHandler(AlertEvaluator evaluator, InstantSource clock) {
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

  void rules(ServerRequest request, ServerResponse response) {
    ObjectNode document = JSON.createObjectNode();
    document.set("rules", JSON.valueToTree(evaluator.rules()));
    MetricsApiHandler.sendJson(response, document);
  }

  void postRule(ServerRequest request, ServerResponse response) {
    try {
      JsonNode body = read(request);
      JsonNode list = body.has("rules") ? body.get("rules") : body;
      if (list.isArray()) {
        for (JsonNode rule : list) {
          evaluator.putRule(toRule(rule));
        }
      } else {
        evaluator.putRule(toRule(list));
      }
      rules(request, response);
    } catch (LoupeException failure) {
      HttpErrors.send(response, failure, null);
    }
  }

  void deleteRule(ServerRequest request, ServerResponse response) {
    String name = request.path().pathParameters().get("name");
    if (!evaluator.deleteRule(name)) {
      HttpErrors.send(
          response, new LoupeException(ErrorCode.NOT_FOUND, "no alert rule named " + name), null);
      return;
    }
    response.status(Status.NO_CONTENT_204).send();
  }

  void silences(ServerRequest request, ServerResponse response) {
    ObjectNode document = JSON.createObjectNode();
    document.set("silences", JSON.valueToTree(evaluator.silences(clock.millis())));
    MetricsApiHandler.sendJson(response, document);
  }

  /**
   * {@code {"matchers":{"alertname":"x"},"endsAt":"2026-11-22T12:00:00Z"|"2h","comment":"..."}}.
   */
  void postSilence(ServerRequest request, ServerResponse response) {
    try {
      JsonNode body = read(request);
      JsonNode endsAt = body.get("endsAt");
      if (endsAt == null) {
        throw new LoupeException(ErrorCode.BAD_REQUEST, "a silence needs endsAt: an RFC 3339 time");
      }
      long endsAtMillis =
          TimeParameters.parse("endsAt", endsAt.asText(), Timestamps.toNanos(clock.instant()))
              / 1_000_000;
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

  void deleteSilence(ServerRequest request, ServerResponse response) {
    String id = request.path().pathParameters().get("id");
    if (!evaluator.deleteSilence(id)) {
      HttpErrors.send(
          response, new LoupeException(ErrorCode.NOT_FOUND, "no silence with id " + id), null);
      return;
    }
    response.status(Status.NO_CONTENT_204).send();
  }

  private static AlertRule toRule(JsonNode node) {
    try {
      return JSON.treeToValue(node, AlertRule.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException failure) {
      if (failure.getCause() instanceof LoupeException loupe) {
        throw loupe;
      }
      throw new LoupeException(
          ErrorCode.BAD_REQUEST, "alert rule: " + failure.getOriginalMessage());
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
