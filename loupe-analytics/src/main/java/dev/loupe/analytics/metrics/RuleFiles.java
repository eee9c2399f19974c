package dev.loupe.analytics.metrics;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
    for (int index = 0; index < list.size(); index++) {
      rules.add(rule(list.get(index), where, index));
    }
    return rules;
  }

  private static MetricRule rule(JsonNode node, String where, int index) {
    try {
      return JSON.treeToValue(node, MetricRule.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException failure) {
      String message =
          failure.getCause() instanceof LoupeException loupe
              ? loupe.getMessage()
              : failure.getOriginalMessage();
      throw new LoupeException(
          ErrorCode.BAD_REQUEST, where + ": rule " + (index + 1) + ": " + message);
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
