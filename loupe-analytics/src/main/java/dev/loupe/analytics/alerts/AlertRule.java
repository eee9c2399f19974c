package dev.loupe.analytics.alerts;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.loupe.analytics.AnalyticsLimits;
import dev.loupe.analytics.Durations;
import dev.loupe.core.ErrorCode;
import dev.loupe.core.FieldNames;
import dev.loupe.core.LoupeException;
import dev.loupe.core.Stream;
import dev.loupe.query.lang.QueryParser;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * An alert rule: a value (the count of lines matching {@code query} over the last {@code range}, or
 * the sum of metric rule {@code metric}'s windows in that range), a {@code condition} on it ({@code
 * > 10}; with {@code kind: rate}, on its change per second between evaluations), held for {@code
 * for} before it fires; {@code labels} route and group notifications, {@code annotations} describe
 * it.
 *
 * <p>{@code by: [service]} makes one alert instance per value set of those fields, each with its
 * own state. {@code kind: new_pattern} fires for each pattern first seen inside {@code range} among
 * the lines of {@code query} (one instance per pattern, its count the value, {@code condition}
 * {@code > 0} by default), unless first seen within {@code warmup} of the pattern registry's
 * warm-up start (default: the server's {@code --new-pattern-warmup}). {@code limit} caps the
 * instances of one rule. The constructor checks everything, so a rule that exists is valid.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AlertRule(
    String name,
    String query,
    String metric,
    String range,
    String kind,
    String condition,
    @JsonProperty("for") String holdFor,
    Map<String, String> labels,
    Map<String, String> annotations,
    String tenant,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> by,
    String warmup,
    Integer limit) {
  public static final String THRESHOLD = "threshold";
  public static final String RATE = "rate";
  public static final String NEW_PATTERN = "new_pattern";

  /** The label that tells the instances of a {@code new_pattern} rule apart. */
  public static final String PATTERN_LABEL = "pattern";

  private static final Pattern NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]{0,99}");
  private static final Pattern CONDITION =
      Pattern.compile("\\s*(>=|<=|>|<|==|!=)\\s*(-?[0-9.]+(?:[eE][-+]?\\d+)?)\\s*");

  public AlertRule {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST,
          "alert rule name '" + name + "' is not valid: use letters, digits and _ (not first)");
    }
    String where = "alert rule " + name;
    kind = kind == null ? THRESHOLD : kind;
    if (!kind.equals(THRESHOLD) && !kind.equals(RATE) && !kind.equals(NEW_PATTERN)) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST,
          where + ": kind must be threshold, rate or new_pattern, not " + kind);
    }
    if (kind.equals(NEW_PATTERN)) {
      if (metric != null) {
        throw new LoupeException(
            ErrorCode.BAD_REQUEST,
            where
                + ": kind new_pattern watches log lines: give a query (or none for all), not a"
                + " metric");
      }
      query = query == null || query.isBlank() ? "*" : query;
      condition = condition == null ? "> 0" : condition;
    } else if (warmup != null) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST, where + ": warmup applies to kind new_pattern only");
    }
    if ((query == null) == (metric == null)) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST,
          where + ": give exactly one of query (log lines) or metric (a metric rule)");
    }
    if (query != null) {
      checkQuery(query, where);
    }
    range = Durations.format(Durations.parse(range == null ? "5m" : range, where + " range"));
    if (condition == null || !CONDITION.matcher(condition).matches()) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST,
          where + ": condition '" + condition + "' must look like '> 10' (>, >=, <, <=, ==, !=)");
    }
    holdFor = Durations.format(Durations.parse(holdFor == null ? "0s" : holdFor, where + " for"));
    labels = labels == null ? Map.of() : Map.copyOf(new TreeMap<>(labels));
    annotations = annotations == null ? Map.of() : Map.copyOf(new TreeMap<>(annotations));
    tenant = tenant == null || tenant.isBlank() ? Stream.DEFAULT_TENANT : tenant;
    by = by == null ? List.of() : List.copyOf(by);
    checkGroups(by, labels, kind, where);
    if (warmup != null) {
      warmup = Durations.format(Durations.parse(warmup, where + " warmup"));
    }
    if (limit != null && (limit < 1 || limit > AnalyticsLimits.MAX_ALERT_INSTANCES)) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST,
          where
              + ": limit "
              + limit
              + " must be from 1 to "
              + AnalyticsLimits.MAX_ALERT_INSTANCES
              + " (alert instances the rule tracks)");
    }
  }

  /** A threshold or rate rule without groups (the shape of the first alert rules). */
  public AlertRule(
      String name,
      String query,
      String metric,
      String range,
      String kind,
      String condition,
      String holdFor,
      Map<String, String> labels,
      Map<String, String> annotations,
      String tenant) {
    this(
        name,
        query,
        metric,
        range,
        kind,
        condition,
        holdFor,
        labels,
        annotations,
        tenant,
        null,
        null,
        null);
  }

  private static void checkQuery(String query, String where) {
    try {
      if (!QueryParser.parse(query).pipes().isEmpty()) {
        throw new LoupeException(
            ErrorCode.BAD_REQUEST, where + ": the query must be a filter without pipes");
      }
    } catch (LoupeException syntax) {
      throw new LoupeException(syntax.code(), where + ": query: " + syntax.getMessage());
    }
  }

  /** Group fields must be names whose labels differ from each other and from the rule's labels. */
  private static void checkGroups(
      List<String> by, Map<String, String> labels, String kind, String where) {
    Set<String> taken = new HashSet<>(labels.keySet());
    taken.add("alertname");
    if (kind.equals(NEW_PATTERN)) {
      taken.add(PATTERN_LABEL);
    }
    for (String field : by) {
      if (field == null || field.isBlank()) {
        throw new LoupeException(ErrorCode.BAD_REQUEST, where + ": an empty name in by");
      }
      if (field.equals(FieldNames.TIME)) {
        throw new LoupeException(
            ErrorCode.BAD_REQUEST,
            where + ": by cannot hold _time: each line would be its own alert; use range");
      }
      String label = AlertScope.labelName(field);
      if (!taken.add(label)) {
        throw new LoupeException(
            ErrorCode.BAD_REQUEST,
            where
                + ": by field "
                + field
                + " gives the label "
                + label
                + ", which another label of the rule already has; rename that label");
      }
    }
  }

  /** Whether {@code value} meets the condition. NaN never does. */
  public boolean holds(double value) {
    if (Double.isNaN(value)) {
      return false;
    }
    var matcher = CONDITION.matcher(condition);
    matcher.matches();
    double threshold = Double.parseDouble(matcher.group(2));
    return switch (matcher.group(1)) {
      case ">" -> value > threshold;
      case ">=" -> value >= threshold;
      case "<" -> value < threshold;
      case "<=" -> value <= threshold;
      case "==" -> value == threshold;
      default -> value != threshold;
    };
  }

  public long rangeMillis() {
    return Durations.parse(range, name).toMillis();
  }

  public long forMillis() {
    return Durations.parse(holdFor, name).toMillis();
  }

  /** The warm-up of a {@code new_pattern} rule, or {@code fallback} when the rule gives none. */
  public Duration warmupOr(Duration fallback) {
    return warmup == null ? fallback : Durations.parse(warmup, name);
  }

  /** The most instances (label sets) the rule tracks. */
  @JsonIgnore
  public int instanceLimit() {
    return limit == null ? AnalyticsLimits.DEFAULT_ALERT_INSTANCES : limit;
  }

  @JsonIgnore
  public boolean isNewPattern() {
    return kind.equals(NEW_PATTERN);
  }

  /** Whether the rule has one instance only (no groups, not a pattern rule). */
  @JsonIgnore
  public boolean isSingle() {
    return by.isEmpty() && !isNewPattern();
  }

  /** The labels its alerts share: the rule's, plus {@code alertname}. */
  public Map<String, String> alertLabels() {
    TreeMap<String, String> all = new TreeMap<>(labels);
    all.put("alertname", name);
    return all;
  }
}
