package dev.loupe.analytics.alerts;

import dev.loupe.analytics.AnalyticsLimits;
import dev.loupe.analytics.metrics.MetricEngine;
import dev.loupe.analytics.metrics.MetricPoint;
import dev.loupe.analytics.metrics.MetricRule;
import dev.loupe.analytics.patterns.PatternInfo;
import dev.loupe.analytics.patterns.PatternRegistry;
import dev.loupe.core.ErrorCode;
import dev.loupe.core.FieldNames;
import dev.loupe.core.LoupeException;
import dev.loupe.core.TimeRange;
import dev.loupe.core.Timestamps;
import dev.loupe.query.QueryLimits;
import dev.loupe.query.exec.QueryExecutor;
import dev.loupe.query.exec.ResultRow;
import dev.loupe.query.filter.Filter;
import dev.loupe.query.filter.FilterAll;
import dev.loupe.query.filter.FilterAnd;
import dev.loupe.query.filter.FilterExact;
import dev.loupe.query.filter.FilterOr;
import dev.loupe.query.lang.Query;
import dev.loupe.query.lang.QueryParser;
import dev.loupe.query.pipe.PipeStats;
import dev.loupe.query.stats.StatsCount;
import dev.loupe.storage.Snapshot;
import dev.loupe.storage.Storage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Alert values and evidence from the store. A query rule counts its tenant's matching lines over
 * the range with the query executor (from block headers where it can); with {@code by}, it runs
 * {@code <query> | stats count() by (<by>)}. A metric rule sums the points of its metric rule's
 * newest closed windows that cover the range (those starting in {@code [closedThrough − range,
 * closedThrough)}), per value set of the {@code by} labels: whole windows, so the value does not
 * jitter as windows close between evaluations. A {@code new_pattern} rule asks the pattern registry
 * which of the tenant's patterns were first seen in the range (past the warm-up), and only when
 * there are some counts the rule's lines {@code by (_pattern, <by>)}, keeping the new ones.
 * Evidence lines are the newest matching lines, as {@code time message}; top patterns are {@code
 * <query> | stats count() by (_pattern)} with the registry's templates.
 *
 * <p>Thread-safe: stateless apart from its collaborators, which are.
 */
public final class StorageAlertSource implements AlertSource {
  private static final String HITS = "_alert_hits";

  private final Storage storage;
  private final QueryExecutor executor;
  private final MetricEngine metrics;
  private final PatternRegistry patterns;

  /** Without pattern mining: no top patterns, {@code new_pattern} rules refused. */
  public StorageAlertSource(Storage storage, QueryExecutor executor, MetricEngine metrics) {
    this(storage, executor, metrics, null);
  }

  /**
   * @param patterns the pattern registry, or null when mining is off
   */
  public StorageAlertSource(
      Storage storage, QueryExecutor executor, MetricEngine metrics, PatternRegistry patterns) {
    this.storage = storage;
    this.executor = executor;
    this.metrics = metrics;
    this.patterns = patterns;
  }

  @Override
  public void check(AlertRule rule) {
    String where = "alert rule " + rule.name();
    if (rule.isNewPattern() && patterns == null) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST,
          where
              + ": kind new_pattern needs pattern mining, which is off on this server"
              + " (--max-patterns 0); turn it on or use threshold");
    }
    if (rule.metric() == null) {
      return;
    }
    MetricRule metric = metrics.rule(rule.metric());
    if (metric == null) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST,
          where
              + ": no metric rule named "
              + rule.metric()
              + "; GET /api/v1/metrics/rules lists them");
    }
    for (String field : rule.by()) {
      if (!metric.by().contains(field)) {
        throw new LoupeException(
            ErrorCode.BAD_REQUEST,
            where
                + ": by "
                + field
                + " is not a label of metric rule "
                + metric.name()
                + ", which groups by "
                + metric.by()
                + "; group by those or watch a query");
      }
    }
  }

  @Override
  public List<Sample> samples(AlertRule rule, long nowMillis) {
    return samples(rule, nowMillis, asOf(rule, nowMillis));
  }

  @Override
  public List<Sample> samples(AlertRule rule, long nowMillis, long asOfMillis) {
    long startMillis = nowMillis - rule.rangeMillis();
    if (rule.isNewPattern()) {
      return newPatterns(rule, startMillis, nowMillis);
    }
    if (rule.metric() != null) {
      return metricSamples(rule, asOfMillis - rule.rangeMillis(), asOfMillis);
    }
    Query query = QueryParser.parse(rule.query());
    if (rule.by().isEmpty()) {
      try (Snapshot snapshot = storage.snapshot().forTenant(rule.tenant())) {
        long hits =
            executor
                .count(snapshot, query, range(startMillis, nowMillis), nowMillis * 1_000_000L)
                .hits();
        return List.of(new Sample(new TreeMap<>(), hits, null));
      }
    }
    List<Sample> samples = new ArrayList<>();
    for (ResultRow row : counts(rule, query.filter(), rule.by(), startMillis, nowMillis)) {
      samples.add(new Sample(group(row, rule.by()), hits(row), null));
    }
    return samples;
  }

  @Override
  public long asOf(AlertRule rule, long nowMillis) {
    return rule.metric() == null ? nowMillis : metrics.closedThrough(rule.metric(), nowMillis);
  }

  /** Sums of the points of windows starting in {@code [startMillis, endMillis)}, per group. */
  private List<Sample> metricSamples(AlertRule rule, long startMillis, long endMillis) {
    Map<SortedMap<String, String>, Double> sums = new LinkedHashMap<>();
    if (rule.by().isEmpty()) {
      sums.put(new TreeMap<>(), 0.0);
    }
    for (MetricPoint point : metrics.points(rule.metric(), startMillis, endMillis)) {
      TreeMap<String, String> group = new TreeMap<>();
      for (String field : rule.by()) {
        group.put(field, point.labels().getOrDefault(field, ""));
      }
      sums.merge(group, point.value(), Double::sum);
    }
    List<Sample> samples = new ArrayList<>();
    sums.forEach((group, sum) -> samples.add(new Sample(group, sum, null)));
    return samples;
  }

  /**
   * The registry knows each pattern's first-seen time (by the lines' own times) for the whole
   * store; the query engine knows which of the rule's lines are in the range. The registry is asked
   * first, so a rule costs a scan only when a pattern is new.
   */
  private List<Sample> newPatterns(AlertRule rule, long startMillis, long nowMillis) {
    if (patterns == null) {
      check(rule);
    }
    long warmupEnd =
        patterns.warmupStartNanos() + rule.warmupOr(patterns.config().newPatternWarmup()).toNanos();
    long startNanos = startMillis * 1_000_000L;
    long endNanos = nowMillis * 1_000_000L + 999_999L;
    Map<String, PatternInfo> fresh = new HashMap<>();
    for (PatternInfo info : patterns.patterns(rule.tenant())) {
      long first = info.firstSeenNanos();
      if (first >= startNanos && first <= endNanos && first >= warmupEnd) {
        fresh.put(info.id(), info);
      }
    }
    if (fresh.isEmpty()) {
      return List.of();
    }
    Filter filter = QueryParser.parse(rule.query()).filter();
    if (fresh.size() <= AnalyticsLimits.MAX_NEW_PATTERN_FILTERS) {
      filter = and(filter, onlyPatterns(fresh.keySet().stream().sorted().toList()));
    }
    List<String> fields = new ArrayList<>();
    fields.add(FieldNames.PATTERN);
    fields.addAll(rule.by());
    List<Sample> samples = new ArrayList<>();
    for (ResultRow row : counts(rule, filter, fields, startMillis, nowMillis)) {
      PatternInfo info = fresh.get(row.value(FieldNames.PATTERN));
      if (info == null) {
        continue;
      }
      samples.add(
          new Sample(
              group(row, fields),
              hits(row),
              new NewPattern(info.id(), info.template(), info.firstSeenNanos())));
    }
    return samples;
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
  public List<String> lines(
      AlertRule rule, String query, long startMillis, long endMillis, int limit) {
    Query parsed = QueryParser.parse(query);
    List<String> lines = new ArrayList<>();
    try (Snapshot snapshot = storage.snapshot().forTenant(rule.tenant())) {
      executor.search(
          snapshot,
          parsed,
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

  @Override
  public List<Alert.PatternCount> patterns(
      AlertRule rule, String query, long startMillis, long endMillis, int limit) {
    if (patterns == null) {
      return List.of();
    }
    List<Alert.PatternCount> counted = new ArrayList<>();
    Filter filter = QueryParser.parse(query).filter();
    for (ResultRow row :
        counts(rule, filter, List.of(FieldNames.PATTERN), startMillis, endMillis)) {
      String id = row.value(FieldNames.PATTERN);
      if (id == null || id.isEmpty()) {
        continue; // lines stored before mining was on
      }
      counted.add(new Alert.PatternCount(id, patterns.template(id), hits(row)));
    }
    counted.sort(
        Comparator.comparingLong(Alert.PatternCount::count)
            .reversed()
            .thenComparing(Alert.PatternCount::id));
    return List.copyOf(counted.subList(0, Math.min(limit, counted.size())));
  }

  /** {@code <filter> | stats count() as _alert_hits by (<fields>)} over the range. */
  private List<ResultRow> counts(
      AlertRule rule, Filter filter, List<String> fields, long startMillis, long endMillis) {
    Query counted =
        new Query(
            filter,
            List.of(
                new PipeStats(
                    List.of(new PipeStats.Call(new StatsCount(), HITS)),
                    fields.stream().map(PipeStats.GroupBy::field).toList())));
    List<ResultRow> rows = new ArrayList<>();
    try (Snapshot snapshot = storage.snapshot().forTenant(rule.tenant())) {
      executor.run(
          snapshot,
          counted,
          range(startMillis, endMillis),
          QueryLimits.DEFAULT_LIMIT,
          row -> {
            rows.add(row);
            return true;
          },
          endMillis * 1_000_000L);
    }
    return rows;
  }

  private static SortedMap<String, String> group(ResultRow row, List<String> fields) {
    TreeMap<String, String> group = new TreeMap<>();
    for (String field : fields) {
      String value = row.value(field);
      group.put(field, value == null ? "" : value);
    }
    return group;
  }

  private static long hits(ResultRow row) {
    return Long.parseLong(row.value(HITS));
  }

  private static Filter onlyPatterns(List<String> ids) {
    List<Filter> each = new ArrayList<>();
    for (String id : ids) {
      each.add(new FilterExact(FieldNames.PATTERN, id));
    }
    return each.size() == 1 ? each.get(0) : new FilterOr(each);
  }

  private static Filter and(Filter left, Filter right) {
    return left instanceof FilterAll ? right : new FilterAnd(List.of(left, right));
  }

  private static TimeRange range(long startMillis, long endMillis) {
    return new TimeRange(startMillis * 1_000_000L, endMillis * 1_000_000L + 999_999L);
  }
}
