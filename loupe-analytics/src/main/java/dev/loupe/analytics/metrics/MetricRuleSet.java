package dev.loupe.analytics.metrics;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * Where rules come from, merged by name: built-ins, then rules made through the API (kept in {@code
 * <data>/metrics/rules.json}), then the rules file ({@code --metrics-rules}, re-read when it
 * changes). A later source replaces an earlier one's rule of the same name; a rule from the file
 * cannot be changed or deleted through the API (edit the file). Every change is pushed to the
 * engine. Thread-safe (synchronized).
 */
public final class MetricRuleSet {
  private static final Logger LOG = LoggerFactory.getLogger(MetricRuleSet.class);
  static final String API_RULES_FILE = "rules.json";

  /** Where a rule in force came from. */
  public enum Source {
    BUILTIN,
    API,
    FILE
  }

  /** A rule in force and its source. */
  public record Entry(MetricRule rule, Source source) {}

  private final Path apiRulesFile;
  private final Path rulesFile;
  private final boolean builtIns;
  private final Map<String, MetricRule> apiRules = new LinkedHashMap<>();
  private List<MetricRule> fileRules = List.of();
  private RuleFileStamp fileStamp;
  private String fileError;
  private MetricEngine engine;

  /**
   * @param rulesFile the YAML rules file, or null
   * @param builtIns whether the built-in rules are in force
   */
  public MetricRuleSet(Path dataDirectory, Path rulesFile, boolean builtIns) {
    this.apiRulesFile = dataDirectory.resolve(MetricStore.DIRECTORY).resolve(API_RULES_FILE);
    this.rulesFile = rulesFile;
    this.builtIns = builtIns;
    readApiRules();
    if (rulesFile != null) {
      fileRules = RuleFiles.readYaml(rulesFile); // a bad file at start is an error the user sees
      fileStamp = RuleFileStamp.ofExisting(rulesFile);
    }
  }

  /** Connects the engine that receives every later change. */
  public synchronized void attach(MetricEngine newEngine) {
    this.engine = requireNonNull(newEngine, "engine is null");
  }

  /** The rules file ({@code --metrics-rules}), or null. */
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

  /** The rules in force, in order: built-ins, API, file. */
  public synchronized List<MetricRule> rules() {
    return entries().stream().map(Entry::rule).toList();
  }

  public synchronized List<Entry> entries() {
    Map<String, Entry> merged = new LinkedHashMap<>();
    if (builtIns) {
      for (MetricRule rule : BuiltInRules.all()) {
        merged.put(rule.name(), new Entry(rule, Source.BUILTIN));
      }
    }
    for (MetricRule rule : apiRules.values()) {
      merged.put(rule.name(), new Entry(rule, Source.API));
    }
    for (MetricRule rule : fileRules) {
      merged.put(rule.name(), new Entry(rule, Source.FILE));
    }
    return new ArrayList<>(merged.values());
  }

  /** Creates or replaces API rules; returns whether each was new. */
  public synchronized void put(List<MetricRule> rules) {
    for (MetricRule rule : rules) {
      if (fileRules.stream().anyMatch(fileRule -> fileRule.name().equals(rule.name()))) {
        throw new LoupeException(
            ErrorCode.BAD_REQUEST,
            "metric rule "
                + rule.name()
                + " comes from the rules file "
                + rulesFile
                + "; change it there");
      }
    }
    Map<String, MetricRule> before = new LinkedHashMap<>(apiRules);
    for (MetricRule rule : rules) {
      if (isBuiltIn(rule)) {
        // A built-in as it is (say, posted back from a listing) is not copied into the API's
        // rules, where it would outlive a change of the built-in; it replaces an API override.
        apiRules.remove(rule.name());
      } else {
        apiRules.put(rule.name(), rule);
      }
    }
    applyOrUndo(before);
  }

  private boolean isBuiltIn(MetricRule rule) {
    return builtIns && BuiltInRules.all().contains(rule);
  }

  /** Deletes an API rule; false when there is no such rule. */
  public synchronized boolean delete(String name) {
    if (fileRules.stream().anyMatch(rule -> rule.name().equals(name))) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST,
          "metric rule " + name + " comes from the rules file " + rulesFile + "; remove it there");
    }
    if (!apiRules.containsKey(name)) {
      boolean builtIn =
          builtIns && BuiltInRules.all().stream().anyMatch(r -> r.name().equals(name));
      if (builtIn) {
        throw new LoupeException(
            ErrorCode.BAD_REQUEST,
            "metric rule "
                + name
                + " is built in; start the server with --no-builtin-metric-rules");
      }
      return false;
    }
    Map<String, MetricRule> before = new LinkedHashMap<>(apiRules);
    apiRules.remove(name);
    applyOrUndo(before);
    return true;
  }

  /**
   * Re-reads the rules file if its time or size changed. A file that does not parse leaves the
   * rules in force as they were (logged); returns whether rules changed.
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
      List<MetricRule> read = RuleFiles.readYaml(rulesFile);
      List<MetricRule> before = fileRules;
      fileRules = read;
      fileStamp = stamp;
      try {
        push();
      } catch (RuntimeException refused) {
        fileRules = before;
        throw refused;
      }
      fileError = null;
      LOG.info("metric rules file reloaded file={} rules={}", rulesFile, read.size());
      return true;
    } catch (IOException | RuntimeException failure) {
      fileError = failure.getMessage();
      LOG.warn(
          "metric rules file not applied (the rules in force stay) file={} error={}",
          rulesFile,
          failure.getMessage());
      return false;
    }
  }

  private void applyOrUndo(Map<String, MetricRule> before) {
    try {
      push();
      writeApiRules();
    } catch (RuntimeException failure) {
      apiRules.clear();
      apiRules.putAll(before);
      throw failure;
    }
  }

  private void push() {
    if (engine != null) {
      engine.setRules(rules());
    }
  }

  private void readApiRules() {
    if (!Files.exists(apiRulesFile)) {
      return;
    }
    for (MetricRule rule : RuleFiles.readYaml(apiRulesFile)) {
      apiRules.put(rule.name(), rule);
    }
  }

  /** Written to a temporary file and renamed, so a crash leaves the old or the new rules. */
  private void writeApiRules() {
    try {
      ObjectNode document = RuleFiles.JSON.createObjectNode();
      document.set("rules", RuleFiles.JSON.valueToTree(new ArrayList<>(apiRules.values())));
      RuleDocuments.writeAtomically(
          apiRulesFile,
          RuleFiles.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document));
    } catch (IOException failure) {
      throw new LoupeException(
          ErrorCode.INTERNAL, "cannot save metric rules to " + apiRulesFile + ": " + failure);
    }
  }
}
