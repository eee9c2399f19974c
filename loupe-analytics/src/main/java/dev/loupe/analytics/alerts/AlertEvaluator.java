package dev.loupe.analytics.alerts;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.analytics.AnalyticsLimits;
import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import dev.loupe.core.Timestamps;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates alert rules on a schedule (the caller's, with its injected clock). Each rule has one
 * alert instance per group (value set of its {@code by} fields; per new pattern for {@code
 * new_pattern}; a single one otherwise), each with its own state: INACTIVE → PENDING when the
 * condition holds → FIRING once it held for {@code for} → RESOLVED when it stops; PENDING returns
 * to INACTIVE if the condition stops before. A known group that has no lines in the range counts 0
 * (a pattern no longer new never holds); an inactive one is then forgotten, a resolved one after
 * {@link AnalyticsLimits#RESOLVED_RETENTION}. Every change is kept in the history ({@code
 * <data>/alerts/history.jsonl}), silences in {@code silences.json} beside it. Firing and resolving
 * instances not covered by a silence go to the {@link Notifier}; a firing one carries evidence
 * scoped to its group ({@link AlertScope}). The rules come from an {@link AlertRuleSet}.
 *
 * <p>Threads: every method is synchronized; {@link #evaluate} runs on the scheduler's thread.
 */
public final class AlertEvaluator {
  private static final Logger LOG = LoggerFactory.getLogger(AlertEvaluator.class);
  public static final String DIRECTORY = "alerts";
  private static final String HISTORY_FILE = "history.jsonl";
  private static final String FIRING_FILE = "firing.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One state change of one instance, as kept in the history. */
  public record Change(
      long atMillis,
      String rule,
      AlertState from,
      AlertState to,
      double value,
      Map<String, String> labels) {}

  private static final class Instance {
    final SortedMap<String, String> group;
    final Map<String, String> labels;
    Map<String, String> annotations;
    AlertState state = AlertState.INACTIVE;
    double value = Double.NaN;
    long activeSinceMillis;
    long firedAtMillis;
    long resolvedAtMillis;
    double previousRaw = Double.NaN;
    long previousMillis;
    Alert.Evidence evidence;

    /** The state last handed to the notifier: null, FIRING or RESOLVED. */
    AlertState notified;

    Instance(SortedMap<String, String> group, Map<String, String> labels, Map<String, String> a) {
      this.group = group;
      this.labels = labels;
      this.annotations = a;
    }
  }

  /**
   * An instance whose receivers were told it fires, as kept in {@code firing.json} so that a
   * restart neither tells them again nor leaves them waiting for its resolution.
   */
  public record Notified(
      String rule,
      SortedMap<String, String> group,
      Map<String, String> labels,
      Map<String, String> annotations,
      double value,
      long activeSinceMillis,
      long firedAtMillis) {}

  /** A rule in force and its instances, in the order they were first seen. */
  private static final class RuleAlerts {
    final AlertRule rule;
    final Map<SortedMap<String, String>, Instance> instances = new LinkedHashMap<>();

    RuleAlerts(AlertRule rule) {
      this.rule = rule;
    }
  }

  private final Path directory;
  private final AlertSource source;
  private final Notifier notifier;
  private volatile String externalUrl;
  private Map<String, RuleAlerts> rules = new LinkedHashMap<>();

  /**
   * Instances whose receivers were told they fire, of rules removed or changed since the last
   * evaluation: told at the next one that they resolved, so no receiver waits forever.
   */
  private final List<Map.Entry<AlertRule, Instance>> orphans = new ArrayList<>();

  private int historyLinesInFile;

  /** Instances notified as firing before a restart, until the first rules are set. */
  private List<Notified> restored = List.of();

  private final List<Silence> silences = new ArrayList<>();
  private final ArrayDeque<Change> history = new ArrayDeque<>();

  public AlertEvaluator(
      Path dataDirectory, AlertSource source, Notifier notifier, String externalUrl) {
    this.directory = dataDirectory.resolve(DIRECTORY);
    this.source = source;
    this.notifier = notifier;
    this.externalUrl = externalUrl.replaceAll("/+$", "");
    try {
      Files.createDirectories(directory);
      if (Files.exists(directory.resolve("silences.json"))) {
        silences.addAll(
            JSON.readValue(
                directory.resolve("silences.json").toFile(),
                new TypeReference<List<Silence>>() {}));
      }
      if (Files.exists(directory.resolve(HISTORY_FILE))) {
        for (String line : Files.readAllLines(directory.resolve(HISTORY_FILE))) {
          if (!line.isBlank()) {
            remember(JSON.readValue(line, Change.class));
            historyLinesInFile++;
          }
        }
        compactHistoryIfLong();
      }
      if (Files.exists(directory.resolve(FIRING_FILE))) {
        restored =
            JSON.readValue(
                directory.resolve(FIRING_FILE).toFile(), new TypeReference<List<Notified>>() {});
      }
    } catch (IOException failure) {
      throw new LoupeException(
          ErrorCode.INTERNAL,
          "cannot read alert state in " + directory + ": " + failure.getMessage());
    }
  }

  public synchronized List<AlertRule> rules() {
    return rules.values().stream().map(alerts -> alerts.rule).toList();
  }

  /** Refuses a rule this server cannot evaluate (see {@link AlertSource#check}). */
  public synchronized void check(AlertRule rule) {
    source.check(rule);
  }

  /**
   * Puts {@code newRules} in force. An unchanged rule keeps its instances and their states; a new
   * or changed one starts with none (INACTIVE); a removed one is forgotten.
   */
  public synchronized void setRules(List<AlertRule> newRules) {
    Map<String, RuleAlerts> next = new LinkedHashMap<>();
    for (AlertRule rule : newRules) {
      RuleAlerts before = rules.get(rule.name());
      next.put(
          rule.name(), before != null && before.rule.equals(rule) ? before : new RuleAlerts(rule));
    }
    restore(next);
    for (RuleAlerts dropped : rules.values()) {
      if (next.get(dropped.rule.name()) == dropped) {
        continue;
      }
      for (Instance instance : dropped.instances.values()) {
        if (instance.notified == AlertState.FIRING) {
          orphans.add(Map.entry(dropped.rule, instance));
        }
      }
    }
    rules = next;
  }

  /** The base of explore links, once the server knows the address it listens on. Any thread. */
  public void externalUrl(String url) {
    this.externalUrl = url.replaceAll("/+$", "");
    notifier.externalUrl(this.externalUrl);
  }

  /** Adds a silence (its id generated when empty); returns it. */
  public synchronized Silence addSilence(Silence silence) {
    Silence stored =
        silence.id() == null || silence.id().isBlank()
            ? new Silence(
                UUID.randomUUID().toString(),
                silence.matchers(),
                silence.endsAtMillis(),
                silence.comment())
            : silence;
    silences.removeIf(existing -> existing.id().equals(stored.id()));
    silences.add(stored);
    save("silences.json", silences);
    return stored;
  }

  public synchronized boolean deleteSilence(String id) {
    boolean removed = silences.removeIf(silence -> silence.id().equals(id));
    if (removed) {
      save("silences.json", silences);
    }
    return removed;
  }

  /** Silences not yet ended at {@code nowMillis}. */
  public synchronized List<Silence> silences(long nowMillis) {
    return silences.stream().filter(silence -> silence.endsAtMillis() > nowMillis).toList();
  }

  public synchronized List<Change> history() {
    return List.copyOf(history);
  }

  /**
   * Every instance as it stands, silenced ones flagged; a rule without instances shows as one
   * INACTIVE alert with its own labels.
   */
  public synchronized List<Alert> alerts(long nowMillis) {
    List<Alert> alerts = new ArrayList<>();
    for (RuleAlerts ruleAlerts : rules.values()) {
      AlertRule rule = ruleAlerts.rule;
      if (ruleAlerts.instances.isEmpty()) {
        alerts.add(alert(rule, idle(rule), nowMillis));
        continue;
      }
      List<Instance> instances = new ArrayList<>(ruleAlerts.instances.values());
      instances.sort(Comparator.comparing(instance -> instance.group.toString()));
      for (Instance instance : instances) {
        alerts.add(alert(rule, instance, nowMillis));
      }
    }
    return alerts;
  }

  /** Evaluates every rule at {@code nowMillis}, then sends the notifications due. */
  public synchronized void evaluate(long nowMillis) {
    resolveOrphans(nowMillis);
    for (RuleAlerts ruleAlerts : rules.values()) {
      try {
        step(ruleAlerts, nowMillis);
      } catch (RuntimeException failure) {
        LOG.warn(
            "alert rule not evaluated rule={} error={}",
            ruleAlerts.rule.name(),
            failure.getMessage());
      }
    }
    notifier.dispatchDue(nowMillis);
  }

  /**
   * The first rules after a start take back the instances notified as firing before it: they stay
   * FIRING without a new notification while their condition holds, and resolve (notified) when it
   * no longer does; those of rules that are gone are resolved at the next evaluation.
   */
  private void restore(Map<String, RuleAlerts> next) {
    for (Notified notified : restored) {
      RuleAlerts ruleAlerts = next.get(notified.rule());
      AlertRule rule =
          ruleAlerts != null
              ? ruleAlerts.rule
              : new AlertRule(
                  notified.rule(), "*", null, null, null, "> 0", null, null, null, null);
      Instance instance =
          new Instance(new TreeMap<>(notified.group()), notified.labels(), notified.annotations());
      instance.state = AlertState.FIRING;
      instance.notified = AlertState.FIRING;
      instance.value = notified.value();
      instance.activeSinceMillis = notified.activeSinceMillis();
      instance.firedAtMillis = notified.firedAtMillis();
      boolean sameAlert =
          ruleAlerts != null && labels(rule, instance.group).equals(notified.labels());
      if (sameAlert) {
        ruleAlerts.instances.put(instance.group, instance);
      } else {
        orphans.add(Map.entry(rule, instance)); // its rule is gone or now labels it otherwise
      }
    }
    restored = List.of();
  }

  /** Tells the receivers of firing instances of removed or changed rules that they resolved. */
  private void resolveOrphans(long nowMillis) {
    for (Map.Entry<AlertRule, Instance> orphan : orphans) {
      Instance instance = orphan.getValue();
      instance.resolvedAtMillis = nowMillis;
      change(orphan.getKey(), instance, AlertState.RESOLVED, nowMillis);
      notifyIfDue(orphan.getKey(), instance, nowMillis);
    }
    orphans.clear();
  }

  private void step(RuleAlerts ruleAlerts, long nowMillis) {
    AlertRule rule = ruleAlerts.rule;
    long asOfMillis = source.asOf(rule, nowMillis);
    List<AlertSource.Sample> samples = source.samples(rule, nowMillis, asOfMillis);
    Set<SortedMap<String, String>> present = new HashSet<>();
    int untracked = 0;
    for (AlertSource.Sample sample : samples) {
      Instance instance = ruleAlerts.instances.get(sample.group());
      if (instance == null) {
        if (ruleAlerts.instances.size() >= rule.instanceLimit()) {
          untracked++;
          continue;
        }
        instance = new Instance(sample.group(), labels(rule, sample.group()), rule.annotations());
        ruleAlerts.instances.put(sample.group(), instance);
      }
      present.add(sample.group());
      if (sample.pattern() != null) {
        instance.annotations = patternAnnotations(rule, sample.pattern());
      }
      advance(rule, instance, sample.value(), asOfMillis, nowMillis);
    }
    for (var iterator = ruleAlerts.instances.values().iterator(); iterator.hasNext(); ) {
      Instance instance = iterator.next();
      if (present.contains(instance.group)) {
        continue;
      }
      // No lines in the range: a count of 0; a pattern no longer new never holds.
      advance(rule, instance, rule.isNewPattern() ? Double.NaN : 0, asOfMillis, nowMillis);
      if (forgettable(rule, instance, nowMillis)) {
        iterator.remove();
      }
    }
    for (Instance instance : ruleAlerts.instances.values()) {
      notifyIfDue(rule, instance, nowMillis); // a silence may have ended since the last change
    }
    if (untracked > 0) {
      LOG.warn(
          "alert rule has more groups than its limit; the rest are not tracked rule={} limit={}"
              + " untracked={}",
          rule.name(),
          rule.instanceLimit(),
          untracked);
    }
  }

  /**
   * Moves the instance by its new value, {@code raw} as of {@code asOfMillis}. A rate is the change
   * per second between two values of different times: a metric's value is as of its newest closed
   * window, so an evaluation that finds no new window keeps the rate it had (rather than reading 0,
   * which would resolve and fire again at every window).
   */
  private void advance(
      AlertRule rule, Instance instance, double raw, long asOfMillis, long nowMillis) {
    double value = raw;
    if (rule.kind().equals(AlertRule.RATE)) {
      if (Double.isNaN(instance.previousRaw)) {
        value = Double.NaN;
        instance.previousRaw = raw;
        instance.previousMillis = asOfMillis;
      } else if (asOfMillis <= instance.previousMillis) {
        value = instance.value;
      } else {
        value = (raw - instance.previousRaw) * 1000.0 / (asOfMillis - instance.previousMillis);
        instance.previousRaw = raw;
        instance.previousMillis = asOfMillis;
      }
    }
    instance.value = value;
    if (rule.kind().equals(AlertRule.RATE) && Double.isNaN(value)) {
      return; // no rate yet (the first value since the start): nothing is known to have changed
    }
    boolean holds = rule.holds(value);
    switch (instance.state) {
      case INACTIVE, RESOLVED -> {
        if (holds) {
          instance.activeSinceMillis = nowMillis;
          change(rule, instance, AlertState.PENDING, nowMillis);
          if (rule.forMillis() == 0) {
            fire(rule, instance, nowMillis);
          }
        }
      }
      case PENDING -> {
        if (!holds) {
          change(rule, instance, AlertState.INACTIVE, nowMillis);
        } else if (nowMillis - instance.activeSinceMillis >= rule.forMillis()) {
          fire(rule, instance, nowMillis);
        }
      }
      case FIRING -> {
        if (!holds) {
          instance.resolvedAtMillis = nowMillis;
          change(rule, instance, AlertState.RESOLVED, nowMillis);
          notifyIfDue(rule, instance, nowMillis);
        }
      }
    }
  }

  /** An instance with no lines left that has nothing more to say. Single rules keep theirs. */
  private static boolean forgettable(AlertRule rule, Instance instance, long nowMillis) {
    if (rule.isSingle()) {
      return false;
    }
    return instance.state == AlertState.INACTIVE
        || (instance.state == AlertState.RESOLVED
            && nowMillis - instance.resolvedAtMillis
                >= AnalyticsLimits.RESOLVED_RETENTION.toMillis());
  }

  private void fire(AlertRule rule, Instance instance, long nowMillis) {
    instance.firedAtMillis = nowMillis;
    instance.resolvedAtMillis = 0;
    long startMillis = Math.min(instance.activeSinceMillis, nowMillis - rule.rangeMillis());
    instance.evidence = evidence(rule, instance, startMillis, nowMillis);
    change(rule, instance, AlertState.FIRING, nowMillis);
    notifyIfDue(rule, instance, nowMillis);
  }

  /** Evidence of the instance's own lines; an alert fires even when its evidence cannot be read. */
  private Alert.Evidence evidence(
      AlertRule rule, Instance instance, long startMillis, long nowMillis) {
    String query = AlertScope.query(source.query(rule), instance.group);
    String link = exploreUrl(query, startMillis, nowMillis);
    try {
      return new Alert.Evidence(
          source.lines(rule, query, startMillis, nowMillis, AnalyticsLimits.EVIDENCE_LINES),
          source.patterns(rule, query, startMillis, nowMillis, AnalyticsLimits.EVIDENCE_PATTERNS),
          link);
    } catch (RuntimeException failure) {
      LOG.warn(
          "alert evidence not read; notifying without it rule={} labels={} error={}",
          rule.name(),
          instance.labels,
          failure.getMessage());
      return new Alert.Evidence(List.of(), List.of(), link);
    }
  }

  /** The rule's labels and {@code alertname}, then each group value under its label name. */
  private static Map<String, String> labels(AlertRule rule, SortedMap<String, String> group) {
    TreeMap<String, String> labels = new TreeMap<>(rule.alertLabels());
    group.forEach((field, value) -> labels.put(AlertScope.labelName(field), value));
    return Map.copyOf(labels);
  }

  /** The rule's annotations over the pattern's {@code template} and {@code first_seen}. */
  private static Map<String, String> patternAnnotations(
      AlertRule rule, AlertSource.NewPattern pattern) {
    TreeMap<String, String> annotations = new TreeMap<>();
    annotations.put("template", pattern.template());
    annotations.put("first_seen", Timestamps.format(pattern.firstSeenNanos()));
    annotations.putAll(rule.annotations());
    return Map.copyOf(annotations);
  }

  private static Instance idle(AlertRule rule) {
    return new Instance(new TreeMap<>(), rule.alertLabels(), rule.annotations());
  }

  /**
   * {@code {externalUrl}/#q=...&from=...&to=...&tab=logs}: the web UI's explore view of the exact
   * query and range (the URL-hash shape of docs/UI.md, with absolute RFC 3339 bounds).
   */
  String exploreUrl(String query, long startMillis, long endMillis) {
    return externalUrl
        + "/#q="
        + URLEncoder.encode(query, StandardCharsets.UTF_8).replace("+", "%20")
        + "&from="
        + Instant.ofEpochMilli(startMillis)
        + "&to="
        + Instant.ofEpochMilli(endMillis)
        + "&tab=logs";
  }

  /**
   * Hands the instance to the notifier when its receivers have not yet been told its state and no
   * silence covers it: a firing instance they were not told of (it started firing under a silence
   * that has ended since), or the resolution of one they were told fires. A resolution of an
   * instance whose firing was never notified is not sent: nobody was told it fired.
   */
  private void notifyIfDue(AlertRule rule, Instance instance, long nowMillis) {
    boolean due =
        instance.state == AlertState.FIRING
            ? instance.notified != AlertState.FIRING
            : instance.state == AlertState.RESOLVED && instance.notified == AlertState.FIRING;
    if (!due) {
      return;
    }
    Alert alert = alert(rule, instance, nowMillis);
    if (!alert.silenced()) {
      notifier.submit(alert, nowMillis);
      instance.notified = instance.state;
      saveFiring();
    }
  }

  /** The instances receivers were told fire, for a restart ({@link #restore}). */
  private void saveFiring() {
    List<Notified> firing = new ArrayList<>();
    for (RuleAlerts ruleAlerts : rules.values()) {
      for (Instance instance : ruleAlerts.instances.values()) {
        if (instance.notified == AlertState.FIRING && instance.state == AlertState.FIRING) {
          firing.add(
              new Notified(
                  ruleAlerts.rule.name(),
                  instance.group,
                  instance.labels,
                  instance.annotations,
                  instance.value,
                  instance.activeSinceMillis,
                  instance.firedAtMillis));
        }
      }
    }
    try {
      save(FIRING_FILE, firing);
    } catch (LoupeException failure) {
      LOG.warn("cannot save the firing alerts error={}", failure.getMessage());
    }
  }

  private Alert alert(AlertRule rule, Instance instance, long nowMillis) {
    boolean silenced =
        silences.stream().anyMatch(silence -> silence.covers(instance.labels, nowMillis));
    return new Alert(
        rule.name(),
        instance.state,
        instance.labels,
        instance.annotations,
        instance.value,
        instance.activeSinceMillis,
        instance.firedAtMillis,
        instance.resolvedAtMillis,
        silenced,
        instance.state == AlertState.FIRING || instance.state == AlertState.RESOLVED
            ? instance.evidence
            : null,
        instance.group);
  }

  private void change(AlertRule rule, Instance instance, AlertState to, long nowMillis) {
    Change change =
        new Change(nowMillis, rule.name(), instance.state, to, instance.value, instance.labels);
    instance.state = to;
    remember(change);
    try {
      Files.writeString(
          directory.resolve(HISTORY_FILE),
          JSON.writeValueAsString(change) + "\n",
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      historyLinesInFile++;
      compactHistoryIfLong();
    } catch (IOException | LoupeException failure) {
      LOG.warn("cannot append alert history error={}", failure.toString());
    }
    LOG.info(
        "alert state rule={} labels={} from={} to={} value={}",
        rule.name(),
        instance.labels,
        change.from(),
        to,
        instance.value);
  }

  private void remember(Change change) {
    history.addLast(change);
    while (history.size() > AnalyticsLimits.MAX_ALERT_HISTORY) {
      history.removeFirst();
    }
  }

  /**
   * Rewrites the history file with the changes kept in memory once it holds twice as many: the file
   * stays bounded, and is rewritten once every {@link AnalyticsLimits#MAX_ALERT_HISTORY} changes.
   */
  private void compactHistoryIfLong() throws IOException {
    if (historyLinesInFile <= 2 * AnalyticsLimits.MAX_ALERT_HISTORY) {
      return;
    }
    StringBuilder text = new StringBuilder();
    for (Change kept : history) {
      text.append(JSON.writeValueAsString(kept)).append('\n');
    }
    Path temporary = directory.resolve(HISTORY_FILE + ".tmp");
    Files.writeString(temporary, text);
    Files.move(
        temporary,
        directory.resolve(HISTORY_FILE),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
    historyLinesInFile = history.size();
  }

  /** Written to a temporary file and renamed: a crash leaves the old or the new file. */
  private void save(String name, Object value) {
    try {
      Path temporary = directory.resolve(name + ".tmp");
      JSON.writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(), value);
      Files.move(
          temporary,
          directory.resolve(name),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException failure) {
      throw new LoupeException(
          ErrorCode.INTERNAL,
          "cannot save " + name + " in " + directory + ": " + failure.getMessage());
    }
  }
}
