package dev.loupe.analytics.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.analytics.RuleDocuments;
import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads and writes rules documents: {@code {"rules": [ {name, query, aggregation, field, by,
 * window, tenant, description}, ... ]}} in YAML (files, CLI) or JSON (API). An error names the
 * file, the rule and what is wrong. The document's shape is {@link RuleDocuments}'.
 */
public final class RuleFiles {
  public static final ObjectMapper JSON = RuleDocuments.JSON;
  public static final ObjectMapper YAML = RuleDocuments.YAML;

  /** The keys of a rule; {@code source} (what a listing adds) is read and ignored. */
  static final List<String> KEYS =
      List.of("name", "query", "aggregation", "field", "by", "window", "tenant", "description");

  private static final RuleDocuments.Kind<MetricRule> KIND =
      new RuleDocuments.Kind<>("rules", MetricRule.class, KEYS, MetricRule::name);

  private RuleFiles() {}

  public static List<MetricRule> readYaml(Path file) {
    try {
      return RuleDocuments.rules(YAML.readTree(Files.readString(file)), file.toString(), KIND);
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
    return RuleDocuments.parse(text, where, KIND);
  }

  public static String toYaml(List<MetricRule> rules) {
    try {
      return YAML.writeValueAsString(java.util.Map.of("rules", rules));
    } catch (IOException impossible) {
      throw new IllegalStateException(impossible);
    }
  }
}
