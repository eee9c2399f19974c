package dev.loupe.analytics.alerts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.loupe.analytics.Durations;
import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import dev.loupe.core.Stream;
import dev.loupe.query.lang.QueryParser;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * An alert rule: a value (the count of lines matching {@code query} over the last {@code range}, or
 * the sum of metric rule {@code metric}'s windows in that range), a {@code condition} on it ({@code
 * > 10}; with {@code kind: rate}, on its change per second between evaluations), held for {@code
 * for} before it fires; {@code labels} route and group notifications, {@code annotations} describe
 * it.
 *
 * <p>Extension point: {@code kind: new_pattern} ("a new pattern appeared") needs the patterns
 * registry, which has not landed; the kind is refused with a message saying so.
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
    String tenant) {
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
    if ((query == null) == (metric == null)) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST,
          where + ": give exactly one of query (log lines) or metric (a metric rule)");
    }
    if (query != null) {
      try {
        if (!QueryParser.parse(query).pipes().isEmpty()) {
          throw new LoupeException(
              ErrorCode.BAD_REQUEST, where + ": the query must be a filter without pipes");
        }
      } catch (LoupeException syntax) {
        throw new LoupeException(syntax.code(), where + ": query: " + syntax.getMessage());
      }
    }
    range = Durations.format(Durations.parse(range == null ? "5m" : range, where + " range"));
    kind = kind == null ? "threshold" : kind;
    if (kind.equals("new_pattern")) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST,
          where
              + ": kind new_pattern needs the patterns registry, not in this build; use threshold or rate");
    }
    if (!kind.equals("threshold") && !kind.equals("rate")) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST, where + ": kind must be threshold or rate, not " + kind);
    }
    if (condition == null || !CONDITION.matcher(condition).matches()) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST,
          where + ": condition '" + condition + "' must look like '> 10' (>, >=, <, <=, ==, !=)");
    }
    holdFor = Durations.format(Durations.parse(holdFor == null ? "0s" : holdFor, where + " for"));
    labels = labels == null ? Map.of() : Map.copyOf(new TreeMap<>(labels));
    annotations = annotations == null ? Map.of() : Map.copyOf(new TreeMap<>(annotations));
    tenant = tenant == null || tenant.isBlank() ? Stream.DEFAULT_TENANT : tenant;
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

  /** The labels of its alerts: the rule's, plus {@code alertname}. */
  public Map<String, String> alertLabels() {
    TreeMap<String, String> all = new TreeMap<>(labels);
    all.put("alertname", name);
    return all;
  }
}
