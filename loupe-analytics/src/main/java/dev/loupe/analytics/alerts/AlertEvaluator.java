package dev.loupe.analytics.alerts;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.analytics.AnalyticsLimits;
import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates alert rules on a schedule (the caller's, with its injected clock): INACTIVE → PENDING
 * when the condition holds → FIRING once it held for {@code for} → RESOLVED when it stops; PENDING
 * returns to INACTIVE if the condition stops before. Every change is kept in the history ({@code
 * <data>/alerts/history.jsonl}); rules made through the API and silences are kept in {@code
 * rules.json} and {@code silences.json} beside it. Firing and resolving alerts not covered by a
 * silence go to the {@link Notifier}; a firing one carries evidence.
 *
 * <p>Threads: every method is synchronized; {@link #evaluate} runs on the scheduler's thread.
 */
public final class AlertEvaluator {
  private static final Logger LOG = LoggerFactory.getLogger(AlertEvaluator.class);
  public static final String DIRECTORY = "alerts";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One state change, as kept in the history. */
  public record Change(long atMillis, String rule, AlertState from, AlertState to, double value) {}

  private static final class RuleState {
    AlertState state = AlertState.INACTIVE;
    double value = Double.NaN;
    long activeSinceMillis;
    long firedAtMillis;
    long resolvedAtMillis;
    double previousRaw = Double.NaN;
    long previousMillis;
    Alert.Evidence evidence;
  }

  private final Path directory;
  private final AlertSource source;
  private final Notifier notifier;
  private final String externalUrl;
  private final Map<String, AlertRule> rules = new LinkedHashMap<>();
  private final Map<String, RuleState> states = new LinkedHashMap<>();
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
      if (Files.exists(directory.resolve("rules.json"))) {
        for (AlertRule rule :
            JSON.readValue(
                directory.resolve("rules.json").toFile(),
                new TypeReference<List<AlertRule>>() {})) {
          rules.put(rule.name(), rule);
        }
      }
      if (Files.exists(directory.resolve("silences.json"))) {
        silences.addAll(
            JSON.readValue(
                directory.resolve("silences.json").toFile(),
                new TypeReference<List<Silence>>() {}));
      }
      if (Files.exists(directory.resolve("history.jsonl"))) {
        for (String line : Files.readAllLines(directory.resolve("history.jsonl"))) {
          if (!line.isBlank()) {
            remember(JSON.readValue(line, Change.class));
          }
        }
      }
    } catch (IOException failure) {
      throw new LoupeException(
          ErrorCode.INTERNAL,
          "cannot read alert state in " + directory + ": " + failure.getMessage());
    }
  }

  public synchronized List<AlertRule> rules() {
    return List.copyOf(rules.values());
  }

  public synchronized void putRule(AlertRule rule) {
    rules.put(rule.name(), rule);
    states.remove(rule.name()); // a changed rule starts from INACTIVE
    save("rules.json", new ArrayList<>(rules.values()));
  }

  public synchronized boolean deleteRule(String name) {
    boolean removed = rules.remove(name) != null;
    states.remove(name);
    if (removed) {
      save("rules.json", new ArrayList<>(rules.values()));
    }
    return removed;
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

  /** Every rule's alert as it stands, silenced ones flagged. */
  public synchronized List<Alert> alerts(long nowMillis) {
    List<Alert> alerts = new ArrayList<>();
    for (AlertRule rule : rules.values()) {
      alerts.add(
          alert(rule, states.computeIfAbsent(rule.name(), name -> new RuleState()), nowMillis));
    }
    return alerts;
  }

  /** Evaluates every rule at {@code nowMillis}, then sends the notifications due. */
  public synchronized void evaluate(long nowMillis) {
    for (AlertRule rule : rules.values()) {
      RuleState state = states.computeIfAbsent(rule.name(), name -> new RuleState());
      try {
        step(rule, state, nowMillis);
      } catch (RuntimeException failure) {
        LOG.warn("alert rule not evaluated rule={} error={}", rule.name(), failure.getMessage());
      }
    }
    notifier.dispatchDue(nowMillis);
  }

  private void step(AlertRule rule, RuleState state, long nowMillis) {
    double raw = source.value(rule, nowMillis);
    double value = raw;
    if (rule.kind().equals("rate")) {
      value =
          Double.isNaN(state.previousRaw) || nowMillis <= state.previousMillis
              ? Double.NaN
              : (raw - state.previousRaw) * 1000.0 / (nowMillis - state.previousMillis);
      state.previousRaw = raw;
      state.previousMillis = nowMillis;
    }
    state.value = value;
    boolean holds = rule.holds(value);
    switch (state.state) {
      case INACTIVE, RESOLVED -> {
        if (holds) {
          state.activeSinceMillis = nowMillis;
          change(rule, state, AlertState.PENDING, nowMillis);
          if (rule.forMillis() == 0) {
            fire(rule, state, nowMillis);
          }
        }
      }
      case PENDING -> {
        if (!holds) {
          change(rule, state, AlertState.INACTIVE, nowMillis);
        } else if (nowMillis - state.activeSinceMillis >= rule.forMillis()) {
          fire(rule, state, nowMillis);
        }
      }
      case FIRING -> {
        if (!holds) {
          state.resolvedAtMillis = nowMillis;
          change(rule, state, AlertState.RESOLVED, nowMillis);
          notifyUnlessSilenced(rule, state, nowMillis);
        }
      }
    }
  }

  private void fire(AlertRule rule, RuleState state, long nowMillis) {
    state.firedAtMillis = nowMillis;
    state.resolvedAtMillis = 0;
    long startMillis = Math.min(state.activeSinceMillis, nowMillis - rule.rangeMillis());
    List<String> lines = source.lines(rule, startMillis, nowMillis, AnalyticsLimits.EVIDENCE_LINES);
    state.evidence =
        new Alert.Evidence(
            lines, source.patterns(lines), exploreUrl(source.query(rule), startMillis, nowMillis));
    change(rule, state, AlertState.FIRING, nowMillis);
    notifyUnlessSilenced(rule, state, nowMillis);
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

  private void notifyUnlessSilenced(AlertRule rule, RuleState state, long nowMillis) {
    Alert alert = alert(rule, state, nowMillis);
    if (!alert.silenced()) {
      notifier.submit(alert, nowMillis);
    }
  }

  private Alert alert(AlertRule rule, RuleState state, long nowMillis) {
    Map<String, String> labels = rule.alertLabels();
    boolean silenced = silences.stream().anyMatch(silence -> silence.covers(labels, nowMillis));
    return new Alert(
        rule.name(),
        state.state,
        labels,
        rule.annotations(),
        state.value,
        state.activeSinceMillis,
        state.firedAtMillis,
        state.resolvedAtMillis,
        silenced,
        state.state == AlertState.FIRING || state.state == AlertState.RESOLVED
            ? state.evidence
            : null);
  }

  private void change(AlertRule rule, RuleState state, AlertState to, long nowMillis) {
    Change change = new Change(nowMillis, rule.name(), state.state, to, state.value);
    state.state = to;
    remember(change);
    try {
      Files.writeString(
          directory.resolve("history.jsonl"),
          JSON.writeValueAsString(change) + "\n",
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException failure) {
      LOG.warn("cannot append alert history error={}", failure.toString());
    }
    LOG.info(
        "alert state rule={} from={} to={} value={}", rule.name(), change.from(), to, state.value);
  }

  private void remember(Change change) {
    history.addLast(change);
    while (history.size() > AnalyticsLimits.MAX_ALERT_HISTORY) {
      history.removeFirst();
    }
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
