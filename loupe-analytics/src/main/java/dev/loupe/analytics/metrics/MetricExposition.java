package dev.loupe.analytics.metrics;

import java.util.List;
import java.util.Map;

/**
 * The derived series and the engine's own counters in the Prometheus text format (0.0.4), to be
 * appended to the server's {@code /metrics}. Each rule is a gauge {@code loupe_rule_<name>} with
 * the value of its newest closed window and that window's end as the sample timestamp.
 */
public final class MetricExposition {
  private MetricExposition() {}

  public static void append(StringBuilder text, MetricEngine engine) {
    counter(
        text,
        "loupe_metrics_late_records_total",
        "records not counted because their window had closed, once for each rule they match",
        engine.lateRecords());
    counter(
        text,
        "loupe_metrics_dropped_records_total",
        "records not evaluated because the engine queue was full",
        engine.droppedRecords());
    counter(
        text,
        "loupe_metrics_evaluated_records_total",
        "records evaluated by metric rules",
        engine.evaluatedRecords());
    counter(
        text,
        "loupe_metrics_overflow_groups_total",
        "groups not kept (too many label sets in a window)",
        engine.overflowGroups());
    counter(text, "loupe_metrics_errors_total", "batches the engine failed on", engine.errors());
    text.append("# HELP loupe_metrics_evaluation_seconds_total time spent evaluating rules\n")
        .append("# TYPE loupe_metrics_evaluation_seconds_total counter\n")
        .append("loupe_metrics_evaluation_seconds_total ")
        .append(engine.evaluationNanos() / 1e9)
        .append('\n');
    gauge(
        text,
        "loupe_metrics_queued_batches",
        "batches waiting for the metric engine",
        engine.queuedBatches());
    gauge(text, "loupe_metrics_rules", "metric rules in force", engine.rules().size());
    for (Map.Entry<MetricRule, List<MetricPoint>> rule : engine.latest().entrySet()) {
      String name = "loupe_rule_" + rule.getKey().name();
      String help =
          rule.getKey().description() == null ? rule.getKey().query() : rule.getKey().description();
      text.append("# HELP ")
          .append(name)
          .append(' ')
          .append(help.replace('\n', ' '))
          .append(" (")
          .append(rule.getKey().aggregation())
          .append(" per ")
          .append(rule.getKey().window())
          .append(")\n");
      text.append("# TYPE ").append(name).append(" gauge\n");
      for (MetricPoint point : rule.getValue()) {
        text.append(name);
        if (!point.labels().isEmpty()) {
          text.append('{');
          boolean first = true;
          for (Map.Entry<String, String> label : point.labels().entrySet()) {
            if (!first) {
              text.append(',');
            }
            first = false;
            text.append(labelName(label.getKey())).append("=\"");
            escape(text, label.getValue());
            text.append('"');
          }
          text.append('}');
        }
        text.append(' ')
            .append(format(point.value()))
            .append(' ')
            .append(point.endMillis())
            .append('\n');
      }
    }
  }

  /** Prometheus label names are {@code [a-zA-Z_][a-zA-Z0-9_]*}: other characters become _. */
  static String labelName(String name) {
    StringBuilder clean = new StringBuilder(name.length());
    for (int index = 0; index < name.length(); index++) {
      char c = name.charAt(index);
      boolean ok =
          c == '_' || Character.isLetter(c) && c < 128 || Character.isDigit(c) && index > 0;
      clean.append(ok ? c : '_');
    }
    return clean.isEmpty() ? "_" : clean.toString();
  }

  private static void escape(StringBuilder text, String value) {
    for (int index = 0; index < value.length(); index++) {
      char c = value.charAt(index);
      switch (c) {
        case '\\' -> text.append("\\\\");
        case '"' -> text.append("\\\"");
        case '\n' -> text.append("\\n");
        default -> text.append(c);
      }
    }
  }

  private static String format(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : Double.toString(value);
  }

  private static void counter(StringBuilder text, String name, String help, long value) {
    text.append("# HELP ")
        .append(name)
        .append(' ')
        .append(help)
        .append('\n')
        .append("# TYPE ")
        .append(name)
        .append(" counter\n")
        .append(name)
        .append(' ')
        .append(value)
        .append('\n');
  }

  private static void gauge(StringBuilder text, String name, String help, long value) {
    text.append("# HELP ")
        .append(name)
        .append(' ')
        .append(help)
        .append('\n')
        .append("# TYPE ")
        .append(name)
        .append(" gauge\n")
        .append(name)
        .append(' ')
        .append(value)
        .append('\n');
  }
}
