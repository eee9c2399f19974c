package dev.loupe.analytics.dashboards;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.loupe.analytics.AnalyticsLimits;
import dev.loupe.analytics.Durations;
import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A dashboard: panels sharing one time range ({@code from}, e.g. {@code 1h} back from now) and an
 * auto-refresh interval ({@code refresh}, {@code 0s} for none).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Dashboard(String id, String title, String from, String refresh, List<Panel> panels) {
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
  static final Set<String> PANEL_TYPES = Set.of("timeseries", "bars", "table", "value", "logs");

  /**
   * One panel: a {@code type} (timeseries, bars, table, value, logs) showing a log {@code query} or
   * a {@code metric} (a metric rule's name), optionally grouped {@code by} labels (metric panels
   * only: a query groups with its own {@code stats … by}).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Panel(String title, String type, String query, String metric, List<String> by) {
    /** The keys of a panel document. */
    static final List<String> KEYS = List.of("title", "type", "query", "metric", "by");

    public Panel {
      by = by == null ? List.of() : List.copyOf(by);
    }

    /** Refuses a panel that cannot be drawn; {@code number} counts from 1, for the message. */
    void check(int number) {
      String which = "panel " + number + (title == null ? "" : " (" + title + ")");
      if (type == null || !PANEL_TYPES.contains(type)) {
        throw new LoupeException(
            ErrorCode.BAD_REQUEST,
            which + ": type must be one of " + PANEL_TYPES + ", not " + type);
      }
      if ((query == null) == (metric == null)) {
        throw new LoupeException(
            ErrorCode.BAD_REQUEST,
            which + ": give exactly one of query (log lines) or metric (a metric rule's name)");
      }
      if (query != null && !by.isEmpty()) {
        throw new LoupeException(
            ErrorCode.BAD_REQUEST,
            which
                + ": by groups a metric's labels; a query groups with its own '| stats ... by"
                + " (...)'");
      }
    }
  }

  /** The keys of a dashboard document. */
  static final List<String> KEYS = List.of("id", "title", "from", "refresh", "panels");

  public Dashboard {
    if (id == null || !ID.matcher(id).matches()) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST,
          "dashboard id '" + id + "' is not valid: lower-case letters, digits, _ and -, up to 64");
    }
    title = title == null || title.isBlank() ? id : title;
    from = Durations.format(Durations.parse(from == null ? "1h" : from, "from"));
    refresh = Durations.format(Durations.parse(refresh == null ? "0s" : refresh, "refresh"));
    panels = panels == null ? List.of() : List.copyOf(panels);
    for (int index = 0; index < panels.size(); index++) {
      if (panels.get(index) == null) {
        throw new LoupeException(
            ErrorCode.BAD_REQUEST, "panel " + (index + 1) + " is null; a panel is an object");
      }
      panels.get(index).check(index + 1);
    }
    if (panels.size() > AnalyticsLimits.MAX_PANELS) {
      throw new LoupeException(
          ErrorCode.LIMIT_EXCEEDED,
          "dashboard " + id + " has more than " + AnalyticsLimits.MAX_PANELS + " panels");
    }
  }
}
