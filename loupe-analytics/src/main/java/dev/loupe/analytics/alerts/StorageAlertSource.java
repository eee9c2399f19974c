package dev.loupe.analytics.alerts;

import dev.loupe.analytics.metrics.MetricEngine;
import dev.loupe.analytics.metrics.MetricPoint;
import dev.loupe.analytics.metrics.MetricRule;
import dev.loupe.core.FieldNames;
import dev.loupe.core.TimeRange;
import dev.loupe.core.Timestamps;
import dev.loupe.query.exec.QueryExecutor;
import dev.loupe.query.lang.Query;
import dev.loupe.query.lang.QueryParser;
import dev.loupe.storage.Snapshot;
import dev.loupe.storage.Storage;
import java.util.ArrayList;
import java.util.List;

/**
 * Alert values and evidence from the store: a query rule counts its tenant's matching lines over
 * the range with the query executor; a metric rule sums the points of its metric rule's windows
 * that start in the range. Evidence lines are the newest matching lines, as {@code time message}.
 */
public final class StorageAlertSource implements AlertSource {
  private final Storage storage;
  private final QueryExecutor executor;
  private final MetricEngine metrics;

  public StorageAlertSource(Storage storage, QueryExecutor executor, MetricEngine metrics) {
    this.storage = storage;
    this.executor = executor;
    this.metrics = metrics;
  }

  @Override
  public double value(AlertRule rule, long nowMillis) {
    long startMillis = nowMillis - rule.rangeMillis();
    if (rule.metric() != null) {
      double sum = 0;
      for (MetricPoint point : metrics.points(rule.metric(), startMillis, nowMillis)) {
        sum += point.value();
      }
      return sum;
    }
    try (Snapshot snapshot = storage.snapshot().forTenant(rule.tenant())) {
      return executor
          .count(
              snapshot,
              QueryParser.parse(rule.query()),
              range(startMillis, nowMillis),
              nowMillis * 1_000_000L)
          .hits();
    }
  }

  @Override
  public String query(AlertRule rule) {
    if (rule.query() != null) {
      return rule.query();
    }
    MetricRule metric = metrics.rule(rule.metric());
    return metric == null ? "*" : metric.query();
  }

  @Override
  public List<String> lines(AlertRule rule, long startMillis, long endMillis, int limit) {
    Query query = QueryParser.parse(query(rule));
    List<String> lines = new ArrayList<>();
    try (Snapshot snapshot = storage.snapshot().forTenant(rule.tenant())) {
      executor.search(
          snapshot,
          query,
          range(startMillis, endMillis),
          limit,
          row -> {
            lines.add(Timestamps.format(row.timeNanos()) + " " + row.value(FieldNames.MESSAGE));
            return lines.size() < limit;
          },
          endMillis * 1_000_000L);
    }
    return lines;
  }

  private static TimeRange range(long startMillis, long endMillis) {
    return new TimeRange(startMillis * 1_000_000L, endMillis * 1_000_000L + 999_999L);
  }
}
