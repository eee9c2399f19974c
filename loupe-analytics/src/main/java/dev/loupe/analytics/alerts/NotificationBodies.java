package dev.loupe.analytics.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The JSON bodies of the three receiver kinds: Loupe's generic webhook (Alertmanager-webhook-like,
 * with evidence), Slack's incoming webhook ({@code text} and {@code blocks}), and Alertmanager's v2
 * {@code POST /api/v2/alerts} (a list of alerts; evidence goes in annotations).
 */
final class NotificationBodies {
  static final ObjectMapper JSON = new ObjectMapper();

  private NotificationBodies() {}

  static String body(
      Receiver.Kind kind, Map<String, String> groupLabels, List<Alert> alerts, String externalUrl) {
    return body(kind, groupLabels, alerts, externalUrl, 0);
  }

  /**
   * @param firingUntilMillis for Alertmanager, the {@code endsAt} of firing alerts (they are sent
   *     again before it), 0 for none
   */
  static String body(
      Receiver.Kind kind,
      Map<String, String> groupLabels,
      List<Alert> alerts,
      String externalUrl,
      long firingUntilMillis) {
    Object document =
        switch (kind) {
          case WEBHOOK -> webhook(groupLabels, alerts, externalUrl);
          case SLACK -> slack(alerts);
          case ALERTMANAGER -> alertmanager(alerts, firingUntilMillis);
        };
    try {
      return JSON.writeValueAsString(document);
    } catch (com.fasterxml.jackson.core.JsonProcessingException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  private static ObjectNode webhook(
      Map<String, String> groupLabels, List<Alert> alerts, String externalUrl) {
    ObjectNode document = JSON.createObjectNode();
    document.put("version", "1");
    document.put(
        "status",
        alerts.stream().anyMatch(a -> a.state() == AlertState.FIRING) ? "firing" : "resolved");
    document.set("groupLabels", JSON.valueToTree(groupLabels));
    document.put("externalURL", externalUrl);
    ArrayNode list = document.putArray("alerts");
    for (Alert alert : alerts) {
      ObjectNode item = list.addObject();
      item.put("status", alert.state() == AlertState.FIRING ? "firing" : "resolved");
      item.set("labels", JSON.valueToTree(alert.labels()));
      item.set("annotations", JSON.valueToTree(alert.annotations()));
      item.put("value", alert.value());
      item.put("startsAt", Instant.ofEpochMilli(alert.firedAtMillis()).toString());
      item.put(
          "endsAt",
          alert.resolvedAtMillis() == 0
              ? "0001-01-01T00:00:00Z"
              : Instant.ofEpochMilli(alert.resolvedAtMillis()).toString());
      if (alert.evidence() != null) {
        item.put("generatorURL", alert.evidence().exploreUrl());
        ObjectNode evidence = item.putObject("evidence");
        evidence.set("lines", JSON.valueToTree(alert.evidence().lines()));
        ArrayNode patterns = evidence.putArray("patterns");
        for (Alert.PatternCount pattern : alert.evidence().patterns()) {
          ObjectNode one = patterns.addObject();
          one.put("id", pattern.id());
          one.put("template", pattern.template());
          one.put("count", pattern.count());
        }
        evidence.put("exploreUrl", alert.evidence().exploreUrl());
      }
    }
    return document;
  }

  private static ObjectNode slack(List<Alert> alerts) {
    StringBuilder summary = new StringBuilder();
    ObjectNode document = JSON.createObjectNode();
    ArrayNode blocks = JSON.createArrayNode();
    for (Alert alert : alerts) {
      String status =
          alert.state() == AlertState.FIRING
              ? ":red_circle: FIRING"
              : ":large_green_circle: RESOLVED";
      String line = status + " " + alert.rule() + group(alert) + " (value " + value(alert) + ")";
      summary.append(summary.isEmpty() ? "" : "\n").append(line);
      StringBuilder text = new StringBuilder("*").append(line).append("*");
      String description = alert.annotations().get("summary");
      if (description != null) {
        text.append("\n").append(description);
      }
      if (alert.evidence() != null) {
        if (!alert.evidence().lines().isEmpty()) {
          text.append("\n```");
          for (String evidenceLine : alert.evidence().lines()) {
            text.append(evidenceLine).append('\n');
          }
          text.append("```");
        }
        if (!alert.evidence().patterns().isEmpty()) {
          text.append("\n*Top patterns*");
          for (Alert.PatternCount pattern : alert.evidence().patterns()) {
            text.append("\n• ")
                .append(pattern.count())
                .append("× `")
                .append(shown(pattern))
                .append('`');
          }
        }
        text.append("\n<").append(alert.evidence().exploreUrl()).append("|Open in Loupe>");
      }
      ObjectNode section = blocks.addObject();
      section.put("type", "section");
      ObjectNode sectionText = section.putObject("text");
      sectionText.put("type", "mrkdwn");
      sectionText.put("text", text.toString());
    }
    document.put("text", summary.toString());
    document.set("blocks", blocks);
    return document;
  }

  /** {@code {service=payments}} for an instance of a grouped rule; empty for a single one. */
  private static String group(Alert alert) {
    if (alert.group() == null || alert.group().isEmpty()) {
      return "";
    }
    StringBuilder text = new StringBuilder(" {");
    alert
        .group()
        .forEach(
            (field, value) ->
                text.append(text.length() > 2 ? ", " : "")
                    .append(AlertScope.labelName(field))
                    .append('=')
                    .append(value));
    return text.append('}').toString();
  }

  /** Whole numbers without a fraction: counts read as counts. */
  private static String value(Alert alert) {
    double value = alert.value();
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : Double.toString(value);
  }

  /** A template on one line (stack traces folded), or the id when the registry lost it. */
  private static String shown(Alert.PatternCount pattern) {
    String template = pattern.template() == null ? pattern.id() : pattern.template();
    int newline = template.indexOf('\n');
    return newline < 0 ? template : template.substring(0, newline) + " …";
  }

  private static ArrayNode alertmanager(List<Alert> alerts, long firingUntilMillis) {
    ArrayNode list = JSON.createArrayNode();
    for (Alert alert : alerts) {
      ObjectNode item = list.addObject();
      item.set("labels", JSON.valueToTree(alert.labels()));
      ObjectNode annotations = JSON.valueToTree(alert.annotations());
      if (alert.evidence() != null) {
        annotations.put("evidence", String.join("\n", alert.evidence().lines()));
        if (!alert.evidence().patterns().isEmpty()) {
          StringBuilder patterns = new StringBuilder();
          for (Alert.PatternCount pattern : alert.evidence().patterns()) {
            patterns.append(patterns.isEmpty() ? "" : "\n");
            patterns.append(pattern.count()).append("× ").append(shown(pattern));
          }
          annotations.put("patterns", patterns.toString());
        }
        item.put("generatorURL", alert.evidence().exploreUrl());
      }
      item.set("annotations", annotations);
      item.put("startsAt", Instant.ofEpochMilli(alert.firedAtMillis()).toString());
      if (alert.state() != AlertState.FIRING && alert.resolvedAtMillis() != 0) {
        item.put("endsAt", Instant.ofEpochMilli(alert.resolvedAtMillis()).toString());
      } else if (alert.state() == AlertState.FIRING && firingUntilMillis > 0) {
        item.put("endsAt", Instant.ofEpochMilli(firingUntilMillis).toString());
      }
    }
    return list;
  }
}
