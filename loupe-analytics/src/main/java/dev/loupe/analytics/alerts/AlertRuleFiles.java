package dev.loupe.analytics.alerts;

import dev.loupe.analytics.RuleDocuments;
import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes alert rules documents: {@code {"rules": [ {name, query|metric, kind, condition,
 * range, for, by, warmup, limit, labels, annotations, tenant}, ... ]}} in YAML (files, CLI) or JSON
 * (API, the stored API rules), or a bare list, or one rule. An error names the file, the rule (its
 * place and name) and what is wrong; unknown keys are errors, so a typo ({@code treshold:}) is not
 * silently ignored. The document's shape is {@link RuleDocuments}'. Stateless.
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

  private static final RuleDocuments.Kind<AlertRule> KIND =
      new RuleDocuments.Kind<>("alert rules", AlertRule.class, KEYS, AlertRule::name);

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
    return RuleDocuments.parse(text, where, KIND);
  }

  /** {@code rules:} and the rules, as a rules file holds them. */
  public static String toYaml(List<AlertRule> rules) {
    try {
      return RuleDocuments.YAML.writeValueAsString(Map.of("rules", rules));
    } catch (IOException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  /** {@code {"rules":[...]}}, pretty-printed, as the stored API rules are kept. */
  public static String toJson(List<AlertRule> rules) {
    try {
      return RuleDocuments.JSON
          .writerWithDefaultPrettyPrinter()
          .writeValueAsString(Map.of("rules", rules));
    } catch (IOException impossible) {
      throw new IllegalStateException(impossible);
    }
  }
}
