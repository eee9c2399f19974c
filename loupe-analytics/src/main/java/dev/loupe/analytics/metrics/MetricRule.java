package dev.loupe.analytics.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.loupe.analytics.AnalyticsLimits;
import dev.loupe.analytics.Durations;
import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import dev.loupe.core.Stream;
import dev.loupe.query.filter.Filter;
import dev.loupe.query.lang.Query;
import dev.loupe.query.lang.QueryParser;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A metric rule as users write it (JSON or YAML): the records of {@code tenant} matching {@code
 * query} (a filter, no pipes), aggregated by {@code aggregation} over {@code field}, grouped by the
 * {@code by} fields, in tumbling windows of {@code window} by record time. Missing parts take
 * defaults: query {@code *}, aggregation {@code count}, no grouping, window {@code 10s}, tenant
 * {@code default}. The constructor checks everything, so a rule that exists is valid.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MetricRule(
    String name,
    String query,
    String aggregation,
    String field,
    List<String> by,
    String window,
    String tenant,
    String description) {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]{0,99}");

  public MetricRule {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST,
          "metric rule name '"
              + name
              + "' is not valid: use letters, digits and _ (not first), up to 100 characters");
    }
    String where = "metric rule " + name;
    query = query == null || query.isBlank() ? "*" : query.strip();
    aggregation = Aggregation.parse(aggregation, where).toString();
    by = by == null ? List.of() : List.copyOf(by);
    window = Durations.format(Durations.parse(window == null ? "10s" : window, where + " window"));
    tenant = tenant == null || tenant.isBlank() ? Stream.DEFAULT_TENANT : tenant;
    Duration length = Durations.parse(window, where);
    if (length.compareTo(AnalyticsLimits.MIN_WINDOW) < 0
        || length.compareTo(AnalyticsLimits.MAX_WINDOW) > 0) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST, where + ": window " + window + " must be between 1s and 1d");
    }
    if (Aggregation.parse(aggregation, where).needsField() && (field == null || field.isBlank())) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST,
          where + ": aggregation " + aggregation + " needs a numeric field; add field: <name>");
    }
    for (String label : by) {
      if (label == null || label.isBlank()) {
        throw new LoupeException(ErrorCode.BAD_REQUEST, where + ": an empty name in by");
      }
    }
    parseFilter(name, query);
  }

  /** A count rule. */
  public static MetricRule count(String name, String query, List<String> by, String window) {
    return new MetricRule(name, query, "count", null, by, window, null, null);
  }

  public Aggregation parsedAggregation() {
    return Aggregation.parse(aggregation, name);
  }

  public long windowMillis() {
    return Durations.parse(window, name).toMillis();
  }

  public Filter filter() {
    return parseFilter(name, query);
  }

  /**
   * Identifies the definition: a changed rule under the same name gets a new fingerprint and starts
   * a fresh series.
   */
  public int fingerprint() {
    return List.of(query, aggregation, field == null ? "" : field, by, window, tenant).hashCode();
  }

  private static Filter parseFilter(String name, String query) {
    Query parsed;
    try {
      parsed = QueryParser.parse(query);
    } catch (LoupeException syntax) {
      throw new LoupeException(
          ErrorCode.QUERY_SYNTAX, "metric rule " + name + ": query: " + syntax.getMessage());
    }
    if (!parsed.pipes().isEmpty()) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST,
          "metric rule "
              + name
              + ": the query must be a filter without pipes (drop '| ...'); "
              + "group with by: and aggregate with aggregation:");
    }
    return parsed.filter();
  }
}
