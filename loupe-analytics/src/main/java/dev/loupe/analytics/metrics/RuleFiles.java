package dev.loupe.analytics.metrics;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Reads and writes rules documents: {@code {"rules": [ {name, query, aggregation, field, by,
 * window, tenant, description}, ... ]}} in YAML (files, CLI) or JSON (API). An error names the
 * file, the rule and what is wrong.
 */
public final class RuleFiles {
  public static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
  public static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  private RuleFiles() {}

  public static List<MetricRule> readYaml(Path file) {
    try {
      return rules(YAML.readTree(Files.readString(file)), file.toString());
    } catch (IOException failure) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST,
          "cannot read metric rules file " + file + ": " + failure.getMessage());
    }
  }

  /**
   * Rules from a YAML or JSON text (JSON is YAML): a document with {@code rules}, a list, or one
   * rule.
   */
  public static List<MetricRule> parse(String text, String where) {
    try {
      return rules(YAML.readTree(text), where);
    } catch (IOException failure) {
      throw new LoupeException(ErrorCode.BAD_REQUEST, where + ": " + failure.getMessage());
    }
  }

  private static List<MetricRule> rules(JsonNode document, String where) {
    if (document == null || document.isMissingNode() || document.isNull()) {
      return List.of();
    }
    JsonNode list = document.isObject() && document.has("rules") ? document.get("rules") : document;
    List<MetricRule> rules = new ArrayList<>();
    if (list.isObject()) {
      rules.add(rule(list, where, 0));
      return rules;
    }
    if (!list.isArray()) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST, where + ": expected a list of rules under 'rules:'");
    }
    java.util.Set<String> names = new java.util.HashSet<>();
    for (int index = 0; index < list.size(); index++) {
      MetricRule rule = rule(list.get(index), where, index);
      if (!names.add(rule.name())) {
        throw new LoupeException(
            ErrorCode.BAD_REQUEST,
            where + ": rule " + (index + 1) + ": a second rule named " + rule.name());
      }
      rules.add(rule);
    }
    return rules;
  }

  /** The keys of a rule; {@code source} (what a listing adds) is read and ignored. */
  static final List<String> KEYS =
      List.of("name", "query", "aggregation", "field", "by", "window", "tenant", "description");

  private static final String SOURCE = "source";

  private static MetricRule rule(JsonNode node, String where, int index) {
    String name = node.path("name").asText("");
    String which = "rule " + (index + 1) + (name.isEmpty() ? "" : " (" + name + ")");
    if (!node.isObject()) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST, where + ": " + which + ": a rule is a map of keys to values");
    }
    ObjectNode rule = ((ObjectNode) node).deepCopy();
    rule.remove(SOURCE); // a rule as GET /api/v1/metrics/rules lists it can be posted back
    for (Iterator<String> keys = rule.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      if (!KEYS.contains(key)) {
        throw new LoupeException(
            ErrorCode.BAD_REQUEST,
            where + ": " + which + ": unknown key '" + key + "'; the keys are " + KEYS);
      }
    }
    try {
      return JSON.treeToValue(rule, MetricRule.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException failure) {
      String message =
          failure.getCause() instanceof LoupeException loupe
              ? loupe.getMessage()
              : failure.getOriginalMessage();
      throw new LoupeException(ErrorCode.BAD_REQUEST, where + ": " + which + ": " + message);
    }
  }

  public static String toYaml(List<MetricRule> rules) {
    try {
      return YAML.writeValueAsString(java.util.Map.of("rules", rules));
    } catch (IOException impossible) {
      throw new IllegalStateException(impossible);
    }
  }
}
