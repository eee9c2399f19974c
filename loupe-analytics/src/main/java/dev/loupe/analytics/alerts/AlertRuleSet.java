package dev.loupe.analytics.alerts;

import static java.util.Objects.requireNonNull;

import dev.loupe.analytics.RuleDocuments;
import dev.loupe.analytics.RuleFileStamp;
import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where alert rules come from, merged by name: rules made through the API (kept in {@code
 * <data>/alerts/rules.json}), then the rules file ({@code --alert-rules}, re-read when it changes).
 * A rule from the file cannot be changed or deleted through the API (edit the file). Every change
 * is checked by the evaluator ({@link AlertEvaluator#check}) and pushed to it; a rule that does not
 * pass leaves the rules in force as they were. A rules file that does not parse or check at start
 * is an error; later, it is logged (what and where) and the last good rules stay in force.
 *
 * <p>The same design as the metric rules' {@code MetricRuleSet}. Thread-safe (synchronized).
 */
public final class AlertRuleSet {
  private static final Logger LOG = LoggerFactory.getLogger(AlertRuleSet.class);
  static final String API_RULES_FILE = "rules.json";

  /** Where a rule in force came from. */
  public enum Source {
    API,
    FILE
  }

  /** A rule in force and its source. */
  public record Entry(AlertRule rule, Source source) {}

  private final Path apiRulesFile;
  private final Path rulesFile;
  private final Map<String, AlertRule> apiRules = new LinkedHashMap<>();
  private List<AlertRule> fileRules = List.of();
  private RuleFileStamp fileStamp;
  private String fileError;
  private AlertEvaluator evaluator;

  /**
   * @param rulesFile the YAML rules file, or null
   * @throws LoupeException when the rules file or the stored API rules cannot be read
   */
  public AlertRuleSet(Path dataDirectory, Path rulesFile) {
    this.apiRulesFile = dataDirectory.resolve(AlertEvaluator.DIRECTORY).resolve(API_RULES_FILE);
    this.rulesFile = rulesFile;
    if (Files.exists(apiRulesFile)) {
      for (AlertRule rule : AlertRuleFiles.readYaml(apiRulesFile)) {
        apiRules.put(rule.name(), rule);
      }
    }
    if (rulesFile != null) {
      fileRules = AlertRuleFiles.readYaml(rulesFile); // a bad file at start is an error one sees
      fileStamp = RuleFileStamp.ofExisting(rulesFile);
    }
  }

  /**
   * Connects the evaluator, checks the rules from the file with it and puts every rule in force.
   *
   * @throws LoupeException when a rule of the file cannot be evaluated here
   */
  public synchronized void attach(AlertEvaluator newEvaluator) {
    this.evaluator = requireNonNull(newEvaluator, "evaluator is null");
    for (AlertRule rule : fileRules) {
      checkIn(rule, "rules file " + rulesFile);
    }
    push();
  }

  /** The rules file ({@code --alert-rules}), or null. */
  public Path rulesFile() {
    return rulesFile;
  }

  /**
   * Why the rules file's last change was not applied (the rules in force are the last good ones),
   * or null when it was, or there is no file.
   */
  public synchronized String fileError() {
    return fileError;
  }

  /** The rules in force: API rules, then the file's (which win a name both have). */
  public synchronized List<AlertRule> rules() {
    return entries().stream().map(Entry::rule).toList();
  }

  public synchronized List<Entry> entries() {
    Map<String, Entry> merged = new LinkedHashMap<>();
    for (AlertRule rule : apiRules.values()) {
      merged.put(rule.name(), new Entry(rule, Source.API));
    }
    for (AlertRule rule : fileRules) {
      merged.put(rule.name(), new Entry(rule, Source.FILE));
    }
    return new ArrayList<>(merged.values());
  }

  /**
   * Checks rules as {@link #put} would, without keeping them.
   *
   * @throws LoupeException naming the first rule that would be refused and why
   */
  public synchronized void validate(List<AlertRule> rules) {
    for (AlertRule rule : rules) {
      refuseFileRule(rule.name(), "change it there");
      if (evaluator != null) {
        checkIn(rule, "request");
      }
    }
  }

  /** Creates or replaces API rules, all or none. */
  public synchronized void put(List<AlertRule> rules) {
    validate(rules);
    Map<String, AlertRule> before = new LinkedHashMap<>(apiRules);
    for (AlertRule rule : rules) {
      apiRules.put(rule.name(), rule);
    }
    try {
      writeApiRules();
    } catch (RuntimeException failure) {
      apiRules.clear();
      apiRules.putAll(before);
      throw failure;
    }
    push();
  }

  /** Deletes an API rule; false when there is no such rule. */
  public synchronized boolean delete(String name) {
    refuseFileRule(name, "remove it there");
    if (!apiRules.containsKey(name)) {
      return false;
    }
    AlertRule removed = apiRules.remove(name);
    try {
      writeApiRules();
    } catch (RuntimeException failure) {
      apiRules.put(name, removed);
      throw failure;
    }
    push();
    return true;
  }

  /**
   * Re-reads the rules file if its time or size changed. A file that does not parse, or holds a
   * rule the evaluator refuses, leaves the rules in force as they were (logged with the file, the
   * rule and the reason); returns whether rules changed.
   */
  public synchronized boolean reloadIfChanged() {
    if (rulesFile == null) {
      return false;
    }
    try {
      RuleFileStamp stamp = RuleFileStamp.of(rulesFile);
      if (stamp.equals(fileStamp)) {
        return false;
      }
      fileStamp = stamp; // a bad file is reported once, not at every look
      List<AlertRule> read = AlertRuleFiles.readYaml(rulesFile);
      if (evaluator != null) {
        for (AlertRule rule : read) {
          checkIn(rule, "rules file " + rulesFile);
        }
      }
      fileRules = read;
      push();
      fileError = null;
      LOG.info("alert rules file reloaded file={} rules={}", rulesFile, read.size());
      return true;
    } catch (IOException | RuntimeException failure) {
      fileError = failure.getMessage();
      LOG.warn(
          "alert rules file not applied (the rules in force stay) file={} error={}",
          rulesFile,
          failure.getMessage());
      return false;
    }
  }

  private void checkIn(AlertRule rule, String where) {
    try {
      evaluator.check(rule);
    } catch (LoupeException refused) {
      String message = refused.getMessage();
      throw new LoupeException(
          refused.code(), where.equals("request") ? message : where + ": " + message);
    }
  }

  private void refuseFileRule(String name, String howToChange) {
    if (fileRules.stream().anyMatch(rule -> rule.name().equals(name))) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST,
          "alert rule " + name + " comes from the rules file " + rulesFile + "; " + howToChange);
    }
  }

  private void push() {
    if (evaluator != null) {
      evaluator.setRules(rules());
    }
  }

  /** Written to a temporary file and renamed, so a crash leaves the old or the new rules. */
  private void writeApiRules() {
    try {
      RuleDocuments.writeAtomically(
          apiRulesFile, AlertRuleFiles.toJson(new ArrayList<>(apiRules.values())));
    } catch (IOException failure) {
      throw new LoupeException(
          ErrorCode.INTERNAL, "cannot save alert rules to " + apiRulesFile + ": " + failure);
    }
  }
}
