package dev.loupe.query.exec;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import dev.loupe.core.TimeRange;
import dev.loupe.core.Timestamps;
import dev.loupe.query.QueryLimits;
import dev.loupe.query.QuerySettings;
import dev.loupe.query.filter.BlockVerdict;
import dev.loupe.query.filter.Filter;
import dev.loupe.query.filter.FilterAnd;
import dev.loupe.query.filter.FilterTime;
import dev.loupe.query.filter.FilterTimeRelative;
import dev.loupe.query.lang.Query;
import dev.loupe.query.pipe.Pipe;
import dev.loupe.query.pipe.PipeContext;
import dev.loupe.query.pipe.PipeHead;
import dev.loupe.query.pipe.PipeStats;
import dev.loupe.query.pipe.PipeWhere;
import dev.loupe.storage.BlockRef;
import dev.loupe.storage.Snapshot;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a query over a storage snapshot and streams the matching rows, newest first.
 *
 * <p>Design note. The point is to read little: first every block the snapshot lists for the time
 * range is judged from its header alone (time range, stream labels, and per-column bloom filters
 * for each token of each positive word and phrase; see {@link BlockVerdict}), which for a needle
 * search rules out almost every block without decompressing anything. The blocks that remain are
 * scanned in parallel, newest {@code maxTime} first, by {@link NewestFirstSearch}, which sends rows
 * to the sink as soon as no unscanned block can hold a newer one and stops once the limit is
 * reached. See {@link BlockScan} for which columns are decoded when.
 *
 * <p>Threads: {@link #search} may be called from many threads at once; each call runs on its
 * caller's thread, uses the shared pool for block scans, and calls the sink only from the caller's
 * thread. The pool belongs to the caller (sized to the cores: scans are CPU-bound decoding and
 * matching).
 */
public final class QueryExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(QueryExecutor.class);

  private final ExecutorService pool;
  private final int parallelism;
  private final Clock clock;
  private final QuerySettings settings;
  private final PatternNames patternNames;

  /** Scans on {@code pool}, assuming it has a thread per available core. */
  public QueryExecutor(ExecutorService pool) {
    this(pool, Runtime.getRuntime().availableProcessors());
  }

  /**
   * Relative times ({@code _time:5m}) of the overloads without a {@code nowNanos} are resolved
   * against the system clock.
   */
  public QueryExecutor(ExecutorService pool, int parallelism) {
    this(pool, parallelism, Clock.systemUTC());
  }

  /**
   * @param pool where block scans run; owned by the caller
   * @param parallelism the pool's threads: a search keeps {@code parallelism * }{@link
   *     QueryLimits#BLOCKS_IN_FLIGHT_PER_THREAD} blocks in flight
   * @param clock the "now" of relative times ({@code _time:5m}) for the overloads without one
   */
  public QueryExecutor(ExecutorService pool, int parallelism, Clock clock) {
    this(pool, parallelism, clock, QueryLimits.DEFAULT_QUERY_TIMEOUT);
  }

  /**
   * As {@link #QueryExecutor(ExecutorService, int, Clock)}, with a timeout: a search, stats or
   * export still running {@code queryTimeout} after it started on {@code clock} fails with {@code
   * LIMIT_EXCEEDED} at its next block (checked between blocks). Zero fails a query at its first
   * check (tests).
   */
  public QueryExecutor(ExecutorService pool, int parallelism, Clock clock, Duration queryTimeout) {
    this(
        pool,
        parallelism,
        clock,
        QuerySettings.defaults().withTimeout(requireNonNull(queryTimeout, "queryTimeout is null")));
  }

  /**
   * As {@link #QueryExecutor(ExecutorService, int, Clock, Duration)}, with every per-query limit:
   * timeout, memory budget and row cap ({@link QuerySettings}).
   */
  public QueryExecutor(ExecutorService pool, int parallelism, Clock clock, QuerySettings settings) {
    this.pool = requireNonNull(pool, "pool is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.settings = requireNonNull(settings, "settings is null");
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be positive: " + parallelism);
    }
    this.parallelism = parallelism;
    this.patternNames = PatternNames.NONE;
  }

  private QueryExecutor(QueryExecutor base, PatternNames patternNames) {
    this.pool = base.pool;
    this.parallelism = base.parallelism;
    this.clock = base.clock;
    this.settings = base.settings;
    this.patternNames = requireNonNull(patternNames, "patternNames is null");
  }

  /**
   * This executor with the templates of pattern ids for {@code | patterns} (the server passes the
   * pattern registry); without it that pipe shows ids and counts only.
   */
  public QueryExecutor withPatternNames(PatternNames names) {
    return new QueryExecutor(this, names);
  }

  /**
   * Finds the newest rows of {@code snapshot} in {@code range} that match {@code query}, at most
   * {@code limit}, and hands them to {@code sink} newest first as soon as each is final. The
   * query's own top-level {@code _time} range, if any, narrows {@code range}. Equal times come in a
   * fixed order: by stream id, then block, then later row first.
   *
   * @param limit 1 to the settings' {@link QuerySettings#maxRows()}; callers default to {@link
   *     QueryLimits#DEFAULT_LIMIT}
   * @return what the search did; {@code rowsReturned} counts the rows the sink took
   * @throws LoupeException {@code BAD_REQUEST} for a limit below 1, {@code LIMIT_EXCEEDED} above
   *     the maximum, {@code CORRUPT_DATA} when a block fails its checksum, {@code UNAVAILABLE} when
   *     the calling thread is interrupted (the interrupt flag stays set)
   */
  public QueryStats search(
      Snapshot snapshot, Query query, TimeRange range, int limit, RowSink sink) {
    return search(snapshot, query, range, limit, sink, nowNanos());
  }

  /**
   * As {@link #search(Snapshot, Query, TimeRange, int, RowSink)}, with relative times of the query
   * ({@code _time:5m}) resolved against {@code nowNanos} instead of the executor's clock: the
   * caller fixes "now" once, so a query that is paged or re-run sees the same window.
   */
  public QueryStats search(
      Snapshot snapshot, Query query, TimeRange range, int limit, RowSink sink, long nowNanos) {
    requireNonNull(snapshot, "snapshot is null");
    requireNonNull(query, "query is null");
    requireNonNull(range, "range is null");
    requireNonNull(sink, "sink is null");
    QueryBudget budget = QueryBudget.start(settings, clock);
    checkLimit(limit, budget.maxRows());
    return searchNewestFirst(snapshot, query, range, limit, sink, nowNanos, budget);
  }

  /** {@link #search} after the checks; {@code limit} may exceed the maximum for a sort's input. */
  private QueryStats searchNewestFirst(
      Snapshot snapshot,
      Query query,
      TimeRange range,
      int limit,
      RowSink sink,
      long nowNanos,
      QueryBudget budget) {
    long startedNanos = System.nanoTime(); // elapsed time for the stats, not logic: no clock needed
    Filter filter = FilterTimeRelative.resolveAll(query.filter(), nowNanos);
    TimeRange scanRange = narrowToQueryTime(range, filter);
    List<BlockRef> listed = snapshot.blocks(range);
    List<Candidate> candidates = selectCandidates(listed, filter, scanRange);
    long blocksSkipped = listed.size() - candidates.size();
    Set<String> filterColumns = new HashSet<>();
    filter.collectColumns(filterColumns);
    ScanPlan plan = new ScanPlan(filter, scanRange, filterColumns);
    NewestFirstSearch search =
        new NewestFirstSearch(
            pool,
            parallelism * QueryLimits.BLOCKS_IN_FLIGHT_PER_THREAD,
            plan,
            candidates,
            limit,
            sink,
            budget);
    search.run();
    QueryStats stats =
        new QueryStats(
            search.rowsReturned(),
            search.rowsScanned(),
            listed.size(),
            search.blocksScanned(),
            blocksSkipped,
            search.bytesRead(),
            System.nanoTime() - startedNanos);
    LOG.debug("search done: query={} range={} limit={} stats={}", query, range, limit, stats);
    return stats;
  }

  /**
   * Runs {@code query} with its pipes: the entry point for any query. Without pipes it is {@link
   * #search}. With pipes, rows flow through the {@link Pipeline}: from the newest-first search when
   * the first pipe works row by row ({@code fields}, {@code head}; a {@code head} caps how many
   * rows the search looks for), or from a parallel aggregation over every matching row when the
   * first pipe is {@code stats} (no row limit applies to its input; {@code limit} does not cap its
   * output, which {@code QueryLimits.MAX_STATS_GROUPS} bounds).
   *
   * @param limit as for {@link #search}: the most rows the newest-first search returns
   * @return what the query did; {@code rowsReturned} counts the rows the sink took
   * @throws LoupeException as {@link #search}, and {@code LIMIT_EXCEEDED} when {@code stats} finds
   *     too many groups
   */
  public QueryStats run(Snapshot snapshot, Query query, TimeRange range, int limit, RowSink sink) {
    return run(snapshot, query, range, limit, sink, nowNanos());
  }

  /**
   * As {@link #run(Snapshot, Query, TimeRange, int, RowSink)}, relative times at {@code nowNanos}.
   */
  public QueryStats run(
      Snapshot snapshot, Query query, TimeRange range, int limit, RowSink sink, long nowNanos) {
    requireNonNull(query, "query is null");
    if (query.pipes().isEmpty()) {
      return search(snapshot, query, range, limit, sink, nowNanos);
    }
    requireNonNull(snapshot, "snapshot is null");
    requireNonNull(range, "range is null");
    requireNonNull(sink, "sink is null");
    QueryBudget budget = QueryBudget.start(settings, clock);
    checkLimit(limit, budget.maxRows());
    List<Pipe> pipes = Pipeline.resolveTimes(Pipeline.expand(query.pipes()), nowNanos);
    Filter filter = query.filter();
    // A where before any pipe that changes rows is the query's filter: run it as one, so that it
    // skips blocks by their headers and the stats path stays parallel.
    while (!pipes.isEmpty() && pipes.getFirst() instanceof PipeWhere where) {
      filter = Pipeline.and(filter, where.filter());
      pipes = pipes.subList(1, pipes.size());
    }
    if (pipes.isEmpty()) {
      return searchNewestFirst(snapshot, new Query(filter), range, limit, sink, nowNanos, budget);
    }
    Pipeline.End end = new Pipeline.End(sink);
    if (pipes.getFirst() instanceof PipeContext context) {
      return runContext(
          snapshot,
          filter,
          context,
          pipes.subList(1, pipes.size()),
          range,
          limit,
          end,
          nowNanos,
          budget);
    }
    if (Pipeline.firstStats(pipes) == 0) {
      return aggregate(snapshot, filter, pipes, range, end, nowNanos, budget);
    }
    long startedNanos = System.nanoTime();
    List<Pipe> outputCapped = new ArrayList<>(pipes);
    outputCapped.add(new PipeHead(limit));
    Pipeline.Stage chain = Pipeline.chain(outputCapped, end, budget, patternNames);
    int searchLimit = Pipeline.searchLimit(pipes, limit, budget.maxRows());
    QueryStats searched =
        searchNewestFirst(snapshot, new Query(filter), range, searchLimit, chain, nowNanos, budget);
    chain.finish();
    return new QueryStats(
        end.rows(),
        searched.rowsScanned(),
        searched.blocksTotal(),
        searched.blocksScanned(),
        searched.blocksSkipped(),
        searched.bytesRead(),
        System.nanoTime() - startedNanos);
  }

  /**
   * {@code | context}: the newest {@code limit} hits first, then each one's neighbours in its
   * stream ({@link ContextRows}), then the pipes after it on those rows. The request's limit caps
   * the hits, not the rows around them, which {@code QueryLimits.MAX_CONTEXT_RESULT_ROWS} bounds.
   */
  private QueryStats runContext(
      Snapshot snapshot,
      Filter filter,
      PipeContext context,
      List<Pipe> rest,
      TimeRange range,
      int limit,
      Pipeline.End end,
      long nowNanos,
      QueryBudget budget) {
    long startedNanos = System.nanoTime();
    List<ResultRow> hits = new ArrayList<>();
    QueryStats searched =
        searchNewestFirst(snapshot, new Query(filter), range, limit, hits::add, nowNanos, budget);
    Pipeline.Stage chain = Pipeline.chain(rest, end, budget, patternNames);
    Pipeline.emit(new ContextRows(snapshot, context, budget.memory()).around(hits), chain);
    return new QueryStats(
        end.rows(),
        searched.rowsScanned(),
        searched.blocksTotal(),
        searched.blocksScanned(),
        searched.blocksSkipped(),
        searched.bytesRead(),
        System.nanoTime() - startedNanos);
  }

  private QueryStats aggregate(
      Snapshot snapshot,
      Filter queryFilter,
      List<Pipe> pipes,
      TimeRange range,
      Pipeline.End end,
      long nowNanos,
      QueryBudget budget) {
    long startedNanos = System.nanoTime();
    Filter filter = FilterTimeRelative.resolveAll(queryFilter, nowNanos);
    TimeRange scanRange = narrowToQueryTime(range, filter);
    List<BlockRef> listed = snapshot.blocks(range);
    List<Candidate> candidates = selectCandidates(listed, filter, scanRange);
    Set<String> filterColumns = new HashSet<>();
    filter.collectColumns(filterColumns);
    ScanPlan plan = new ScanPlan(filter, scanRange, filterColumns);
    StatsAggregation aggregation =
        new StatsAggregation(
            pool,
            parallelism * QueryLimits.BLOCKS_IN_FLIGHT_PER_THREAD,
            plan,
            candidates,
            (PipeStats) pipes.getFirst(),
            end,
            budget);
    GroupTable table = aggregation.run();
    if (table != null) {
      Pipeline.emit(
          table.rows(), Pipeline.chain(pipes.subList(1, pipes.size()), end, budget, patternNames));
    }
    QueryStats stats =
        new QueryStats(
            end.rows(),
            aggregation.rowsScanned(),
            listed.size(),
            aggregation.blocksScanned(),
            listed.size() - candidates.size(),
            aggregation.bytesRead(),
            System.nanoTime() - startedNanos);
    LOG.debug("stats done: filter={} pipes={} range={} stats={}", filter, pipes, range, stats);
    return stats;
  }

  /**
   * Every row of {@code snapshot} in {@code range} that matches {@code query}'s filter, newest
   * first, with no limit: the streaming export. The order is the search's (a true newest-first
   * merge across streams); memory does not grow with the result but with how many blocks overlap in
   * time, since a finished block's rows wait until no unscanned block can hold a newer one.
   *
   * @throws LoupeException {@code BAD_REQUEST} when the query has pipes (export the rows, then
   *     transform them), else as {@link #search}
   */
  public QueryStats export(
      Snapshot snapshot, Query query, TimeRange range, RowSink sink, long nowNanos) {
    requireNonNull(snapshot, "snapshot is null");
    requireNonNull(query, "query is null");
    requireNonNull(range, "range is null");
    requireNonNull(sink, "sink is null");
    if (!query.pipes().isEmpty()) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST,
          "export takes filters only, got pipes in '"
              + query
              + "'; run piped queries on /api/v1/query");
    }
    return searchNewestFirst(
        snapshot,
        query,
        range,
        Integer.MAX_VALUE,
        sink,
        nowNanos,
        QueryBudget.start(settings, clock));
  }

  /**
   * The plan of {@code query} and an estimate of its cost from block headers only: the same header
   * checks as a search (time, stream, blooms, integer ranges), without reading any block.
   */
  public QueryPlan explain(Snapshot snapshot, Query query, TimeRange range) {
    return explain(snapshot, query, range, nowNanos());
  }

  /**
   * As {@link #explain(Snapshot, Query, TimeRange)}, relative times resolved at {@code nowNanos}.
   */
  public QueryPlan explain(Snapshot snapshot, Query query, TimeRange range, long nowNanos) {
    requireNonNull(snapshot, "snapshot is null");
    requireNonNull(query, "query is null");
    requireNonNull(range, "range is null");
    Filter filter = FilterTimeRelative.resolveAll(query.filter(), nowNanos);
    TimeRange scanRange = narrowToQueryTime(range, filter);
    List<BlockRef> listed = snapshot.blocks(range);
    List<Candidate> candidates = selectCandidates(listed, filter, scanRange);
    long rows = 0;
    long bytes = 0;
    for (Candidate candidate : candidates) {
      rows += candidate.ref().rowCount();
      bytes += candidate.ref().storedBytes();
    }
    return new QueryPlan(
        query.toString(),
        QueryPlan.describeFilters(query.filter()),
        QueryPlan.describePipes(query.pipes()),
        listed.size(),
        candidates.size(),
        rows,
        bytes);
  }

  /**
   * Counts the rows of {@code snapshot} in {@code range} that match {@code query}, on all cores.
   * Blocks whose header proves that every row matches are counted without being read.
   *
   * @throws LoupeException {@code CORRUPT_DATA} when a block fails its checksum, {@code
   *     UNAVAILABLE} when the calling thread is interrupted
   */
  public HitCount count(Snapshot snapshot, Query query, TimeRange range) {
    return count(snapshot, query, range, nowNanos());
  }

  /** As {@link #count(Snapshot, Query, TimeRange)}, relative times resolved at {@code nowNanos}. */
  public HitCount count(Snapshot snapshot, Query query, TimeRange range, long nowNanos) {
    requireNonNull(snapshot, "snapshot is null");
    requireNonNull(query, "query is null");
    requireNonNull(range, "range is null");
    long startedNanos = System.nanoTime();
    Filter filter = FilterTimeRelative.resolveAll(query.filter(), nowNanos);
    TimeRange scanRange = narrowToQueryTime(range, filter);
    List<BlockRef> listed = snapshot.blocks(range);
    List<Candidate> candidates = selectCandidates(listed, filter, scanRange);
    Set<String> filterColumns = new HashSet<>();
    filter.collectColumns(filterColumns);
    ScanPlan plan = new ScanPlan(filter, scanRange, filterColumns);
    return HitCounter.count(pool, plan, candidates, listed.size(), startedNanos);
  }

  private long nowNanos() {
    return Timestamps.toNanos(clock.instant());
  }

  private static void checkLimit(int limit, int maxRows) {
    if (limit < 1) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST,
          "limit must be at least 1, got "
              + limit
              + "; leave it out for the default of "
              + QueryLimits.DEFAULT_LIMIT);
    }
    if (limit > maxRows) {
      throw new LoupeException(
          ErrorCode.LIMIT_EXCEEDED,
          "limit "
              + limit
              + " is above the maximum of "
              + maxRows
              + " (--query-max-rows); narrow the time range or the query and page through the"
              + " results, or use the export API for every row");
    }
  }

  /**
   * {@code range} intersected with the {@code _time} filters that every match must satisfy (the
   * filter itself, or children of a top-level conjunction). A time filter under OR or NOT is left
   * to the per-block and per-row checks.
   */
  static TimeRange narrowToQueryTime(TimeRange range, Filter filter) {
    if (filter instanceof FilterTime time) {
      return range.intersect(time.range());
    }
    TimeRange narrowed = range;
    if (filter instanceof FilterAnd and) {
      for (Filter child : and.children()) {
        if (child instanceof FilterTime time) {
          narrowed = narrowed.intersect(time.range());
        }
      }
    }
    return narrowed;
  }

  /**
   * The blocks that may hold a match, newest first: not outside {@code scanRange}, and not ruled
   * out by their header. Sequential: a header check costs a few bloom probes, far less than handing
   * it to another thread.
   */
  private static List<Candidate> selectCandidates(
      List<BlockRef> listed, Filter filter, TimeRange scanRange) {
    boolean emptyRange = scanRange.startNanos() >= scanRange.endNanos();
    List<Candidate> surviving = new ArrayList<>();
    for (BlockRef block : listed) {
      if (emptyRange || !scanRange.overlaps(block.minTimeNanos(), block.maxTimeNanos())) {
        continue;
      }
      BlockVerdict verdict = filter.verdict(block);
      if (verdict != BlockVerdict.NO_ROWS) {
        surviving.add(new Candidate(block, verdict, surviving.size()));
      }
    }
    surviving.sort(Comparator.comparing(Candidate::ref, Candidate.NEWEST_FIRST));
    List<Candidate> candidates = new ArrayList<>(surviving.size());
    for (Candidate candidate : surviving) {
      candidates.add(new Candidate(candidate.ref(), candidate.verdict(), candidates.size()));
    }
    return candidates;
  }
}
