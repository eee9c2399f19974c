package dev.loupe.analytics.patterns;

import static java.util.Objects.requireNonNull;

import dev.loupe.analytics.AnalyticsLimits;
import dev.loupe.core.ErrorCode;
import dev.loupe.core.FieldNames;
import dev.loupe.core.LoupeException;
import dev.loupe.core.TimeRange;
import dev.loupe.query.QueryLimits;
import dev.loupe.query.exec.QueryExecutor;
import dev.loupe.query.exec.QueryStats;
import dev.loupe.query.exec.ResultRow;
import dev.loupe.query.lang.Query;
import dev.loupe.query.pipe.Pipe;
import dev.loupe.query.pipe.PipeStats;
import dev.loupe.query.stats.StatsCount;
import dev.loupe.storage.Snapshot;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The patterns of a query's lines in a time range: per pattern, how many lines matched, a count per
 * step (for a sparkline), its template and first-seen time from the registry, and whether it is
 * new. Backs {@code GET /api/v1/patterns}.
 *
 * <p>Design note. The counts come from the stored {@code _pattern} of each matching line, through
 * the query engine ({@code <query> | stats count() by (_pattern, bin(_time, step))}, parallel over
 * every matching block), not from the registry's totals: they answer for exactly the query and
 * range asked, and for lines stored before a restart. The registry adds what only it knows: the
 * template, the first-seen time, samples. A pattern is new when first seen inside the range, and no
 * sooner than {@code newPatternWarmup} after the registry was created (in a fresh store every
 * pattern is new, which is noise). Stateless apart from its collaborators; thread-safe.
 */
public final class PatternReport {
  private static final String HITS = "hits";

  private final QueryExecutor executor;
  private final PatternRegistry registry;

  public PatternReport(QueryExecutor executor, PatternRegistry registry) {
    this.executor = requireNonNull(executor, "executor is null");
    this.registry = requireNonNull(registry, "registry is null");
  }

  /** What was asked: the tenant's query over [startNanos, endNanos) in steps of stepNanos. */
  public record Request(
      String tenant, Query query, long startNanos, long endNanos, long stepNanos, int limit) {
    public Request {
      requireNonNull(tenant, "tenant is null");
      requireNonNull(query, "query is null");
    }
  }

  /** One pattern of the answer. */
  public record Row(
      String id,
      String template,
      long count,
      long[] series,
      Long firstSeenNanos,
      Long lastSeenNanos,
      boolean isNew,
      List<String> samples) {}

  /** The answer: patterns most frequent first, the step used, and what the scan did. */
  public record Result(
      long startNanos, long endNanos, long stepNanos, List<Row> patterns, QueryStats stats) {}

  public Result run(Snapshot snapshot, Request request) {
    requireNonNull(snapshot, "snapshot is null");
    validate(request);
    int points = points(request);
    List<ResultRow> rows = new ArrayList<>();
    QueryStats stats =
        executor.run(
            snapshot,
            countedQuery(request),
            new TimeRange(request.startNanos(), request.endNanos()),
            QueryLimits.DEFAULT_LIMIT,
            rows::add);
    Map<String, long[]> series = new HashMap<>();
    for (ResultRow row : rows) {
      String id = row.value(FieldNames.PATTERN);
      long[] counts = series.computeIfAbsent(id == null ? "" : id, key -> new long[points]);
      int index = (int) ((binStart(row) - request.startNanos()) / request.stepNanos());
      if (index >= 0 && index < points) {
        counts[index] += Long.parseLong(row.value(HITS));
      }
    }
    List<Row> patterns = new ArrayList<>(series.size());
    for (Map.Entry<String, long[]> entry : series.entrySet()) {
      patterns.add(row(request, entry.getKey(), entry.getValue()));
    }
    patterns.sort(Comparator.comparingLong(Row::count).reversed().thenComparing(Row::id));
    List<Row> limited = patterns.subList(0, Math.min(request.limit(), patterns.size()));
    return new Result(
        request.startNanos(), request.endNanos(), request.stepNanos(), List.copyOf(limited), stats);
  }

  /** The step for a range when none is asked: about 60 points, whole seconds. */
  public static long defaultStepNanos(long startNanos, long endNanos) {
    long second = 1_000_000_000L;
    long step = Math.ceilDiv(Math.max(1, endNanos - startNanos), 60L);
    return Math.max(second, Math.ceilDiv(step, second) * second);
  }

  private Row row(Request request, String id, long[] counts) {
    long total = 0;
    for (long count : counts) {
      total += count;
    }
    PatternInfo info = id.isEmpty() ? null : registry.pattern(id);
    if (info == null || !info.tenant().equals(request.tenant())) {
      // lines stored before mining was on have no id; an evicted pattern left only its id
      String template = id.isEmpty() ? null : PatternRegistry.evictedTemplate(id);
      return new Row(id, template, total, counts, null, null, false, List.of());
    }
    long warmupEnd = registry.createdNanos() + registry.config().newPatternWarmup().toNanos();
    boolean isNew =
        info.firstSeenNanos() >= request.startNanos()
            && info.firstSeenNanos() < request.endNanos()
            && info.firstSeenNanos() >= warmupEnd;
    return new Row(
        id,
        info.template(),
        total,
        counts,
        info.firstSeenNanos(),
        info.lastSeenNanos(),
        isNew,
        info.samples());
  }

  /** The request's query with the grouped count appended. */
  private static Query countedQuery(Request request) {
    String step = Duration.ofNanos(request.stepNanos()).toMillis() + "ms";
    List<Pipe> pipes = new ArrayList<>(request.query().pipes());
    pipes.add(
        new PipeStats(
            List.of(new PipeStats.Call(new StatsCount(), HITS)),
            List.of(
                PipeStats.GroupBy.field(FieldNames.PATTERN),
                new PipeStats.GroupBy(FieldNames.TIME, step, request.stepNanos()))));
    return new Query(request.query().filter(), pipes);
  }

  private static long binStart(ResultRow row) {
    String text = row.value(FieldNames.TIME);
    return dev.loupe.core.Timestamps.toNanos(OffsetDateTime.parse(text).toInstant());
  }

  private static int points(Request request) {
    return (int) Math.ceilDiv(request.endNanos() - request.startNanos(), request.stepNanos());
  }

  private static void validate(Request request) {
    if (request.endNanos() <= request.startNanos()) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST, "end must be after start; pass start=1h for the last hour");
    }
    if (request.stepNanos() < 1_000_000L) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST, "step must be at least 1ms; leave it out for about 60 points");
    }
    long points = Math.ceilDiv(request.endNanos() - request.startNanos(), request.stepNanos());
    if (points > AnalyticsLimits.MAX_SERIES_POINTS) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST,
          "step gives "
              + points
              + " points, at most "
              + AnalyticsLimits.MAX_SERIES_POINTS
              + " are allowed; pass a larger step or a shorter range");
    }
    if (request.limit() < 1 || request.limit() > AnalyticsLimits.MAX_REPORT_PATTERNS) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST,
          "limit must be from 1 to "
              + AnalyticsLimits.MAX_REPORT_PATTERNS
              + ": "
              + request.limit());
    }
  }
}
