package dev.loupe.analytics.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.analytics.metrics.RuleFiles;
import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes alert rules documents: {@code {"rules": [ {name, query|metric, kind, condition,
 * range, for, by, warmup, limit, labels, annotations, tenant}, ... ]}} in YAML (files, CLI) or JSON
 * (API, the stored API rules), or a bare list, or one rule. An error names the file, the rule (its
 * place and name) and what is wrong; unknown keys are errors, so a typo ({@code treshold:}) is not
 * silently ignored. Stateless.
 */
public final class AlertRuleFiles {
  /** The keys of a rule, as written. */
  private static final List<String> KEYS =
      List.of(
          "name",
          "query",
          "metric",
          "kind",
          "condition",
          "range",
          "for",
          "by",
          "warmup",
          "limit",
          "labels",
          "annotations",
          "tenant");

  /** Added by {@code GET /api/v1/alerts/rules}; ignored, so its rules can be posted back. */
  private static final String SOURCE = "source";

  private AlertRuleFiles() {}

  public static List<AlertRule> readYaml(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException failure) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST,
          "cannot read alert rules file " + file + ": " + failure.getMessage());
    }
    return parse(text, file.toString());
  }

  /** Rules from a YAML or JSON text (JSON is YAML); {@code where} starts every error message. */
  public static List<AlertRule> parse(String text, String where) {
    JsonNode document;
    try {
      document = RuleFiles.YAML.readTree(text);
    } catch (IOException failure) {
      throw new LoupeException(ErrorCode.BAD_REQUEST, where + ": " + failure.getMessage());
    }
    if (document == null || document.isMissingNode() || document.isNull()) {
      return List.of();
    }
    JsonNode list = document.isObject() && document.has("rules") ? document.get("rules") : document;
    if (list.isObject()) {
      return List.of(rule(list, where, 0));
    }
    if (!list.isArray()) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST, where + ": expected a list of alert rules under 'rules:'");
    }
    List<AlertRule> rules = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int index = 0; index < list.size(); index++) {
      AlertRule rule = rule(list.get(index), where, index);
      if (!names.add(rule.name())) {
        throw new LoupeException(
            ErrorCode.BAD_REQUEST,
            where + ": rule " + (index + 1) + ": a second rule named " + rule.name());
      }
      rules.add(rule);
    }
    return rules;
  }

  private static AlertRule rule(JsonNode node, String where, int index) {
    String name = node.path("name").asText("");
    String which = "rule " + (index + 1) + (name.isEmpty() ? "" : " (" + name + ")");
    if (!node.isObject()) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST, where + ": " + which + ": a rule is a map of keys to values");
    }
    ObjectNode rule = ((ObjectNode) node).deepCopy();
    rule.remove(SOURCE);
    for (Iterator<String> keys = rule.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      if (!KEYS.contains(key)) {
        // Checked here: Jackson builds the record before it would see the unknown key, so the
        // user would be told of a missing condition instead of the misspelt one.
        throw new LoupeException(
            ErrorCode.BAD_REQUEST,
            where + ": " + which + ": unknown key '" + key + "'; the keys are " + KEYS);
      }
    }
    try {
      return RuleFiles.JSON.treeToValue(rule, AlertRule.class);
    } catch (JsonProcessingException failure) {
      String message =
          failure.getCause() instanceof LoupeException loupe
              ? loupe.getMessage()
              : failure.getOriginalMessage();
      throw new LoupeException(ErrorCode.BAD_REQUEST, where + ": " + which + ": " + message);
    }
  }

  /** {@code rules:} and the rules, as a rules file holds them. */
  public static String toYaml(List<AlertRule> rules) {
    try {
      return RuleFiles.YAML.writeValueAsString(Map.of("rules", rules));
    } catch (IOException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  /** {@code {"rules":[...]}}, pretty-printed, as the stored API rules are kept. */
  public static String toJson(List<AlertRule> rules) {
    try {
      return RuleFiles.JSON
          .writerWithDefaultPrettyPrinter()
          .writeValueAsString(Map.of("rules", rules));
    } catch (IOException impossible) {
      throw new IllegalStateException(impossible);
    }
  }
}
