package dev.loupe.analytics.metrics;

import static java.util.Objects.requireNonNull;

import dev.loupe.analytics.AnalyticsLimits;
import dev.loupe.core.ErrorCode;
import dev.loupe.core.LogRecord;
import dev.loupe.core.LoupeException;
import dev.loupe.core.TimeRange;
import dev.loupe.query.filter.Filter;
import dev.loupe.query.filter.FilterTimeRelative;
import dev.loupe.query.filter.RecordFilter;
import dev.loupe.storage.Block;
import dev.loupe.storage.BlockRef;
import dev.loupe.storage.RecordBlocks;
import dev.loupe.storage.Snapshot;
import dev.loupe.storage.Storage;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates metric rules on the ingest stream, exactly once per record across restarts.
 *
 * <p>Design: the storage append listener (called under the append lock) only offers the batch to a
 * bounded queue; one engine thread takes batches, splits each into runs of one stream in time order
 * (blocks, as queries see them), judges each run with each rule's filter through the same {@link
 * RecordFilter} the live tail uses, and adds matching records to the tumbling window of their
 * {@code _time}, per group-by label set. A window {@code [s, s+w)} closes once the clock passes
 * {@code s + w + grace}; closing writes the window's points and the new "closed through" time of
 * the rule in one checksummed frame to the {@link MetricStore}.
 *
 * <p>Exactly once: on start, each rule's closed-through time is read from the store, and {@link
 * Storage#snapshotAndListen} gives a snapshot plus a listener that together see every batch once.
 * The still-open windows (records at or after closed-through) are recomputed from the snapshot,
 * then new batches follow from the listener. A record whose window was already closed is late:
 * counted in {@link #lateRecords()}, not added (it was either counted before a restart or arrived
 * after its window's grace). Trade-off: a full queue drops batches for metrics rather than block
 * ingest ({@link #droppedRecords()}); a rule change starts a fresh series from the current window.
 *
 * <p>Threads: {@link #start} once; {@link #setRules}, {@link #sync}, {@link #rules} and the readers
 * from any thread; rule state is touched by the engine thread only.
 */
public final class MetricEngine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MetricEngine.class);

  /** Longest span recomputed at start: a node down for days catches up this far, no further. */
  static final long MAX_RECOMPUTE_MILLIS = Duration.ofHours(6).toMillis();

  private static final long IDLE_POLL_MILLIS = 200;
  private static final long RETENTION_EVERY_MILLIS = Duration.ofHours(1).toMillis();

  /**
   * @param queueBatches batches waiting for evaluation before new ones are dropped for metrics
   * @param grace how long after its end a window takes late records
   */
  public record Settings(int queueBatches, Duration grace) {
    public Settings {
      requireNonNull(grace, "grace is null");
      if (queueBatches < 1) {
        throw new IllegalArgumentException("queueBatches must be positive: " + queueBatches);
      }
      if (grace.isNegative()) {
        throw new IllegalArgumentException("grace must not be negative: " + grace);
      }
    }

    public static Settings defaults() {
      return new Settings(
          AnalyticsLimits.DEFAULT_METRIC_QUEUE_BATCHES, AnalyticsLimits.DEFAULT_METRIC_GRACE);
    }
  }

  private record Batch(LogRecord[] records) {}

  private record Command(Runnable action, CompletableFuture<Void> done) {}

  private final MetricStore store;
  private final InstantSource clock;
  private final Settings settings;
  private final BlockingQueue<Object> queue;
  private final Map<String, RuleState> states = new LinkedHashMap<>();
  private final LongAdder lateRecords = new LongAdder();
  private final LongAdder droppedRecords = new LongAdder();
  private final LongAdder evaluatedRecords = new LongAdder();
  private final LongAdder overflowGroups = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final AtomicLong evaluationNanos = new AtomicLong();
  private volatile List<MetricRule> rules = List.of();
  private volatile boolean running = true;
  private final dev.loupe.storage.AppendListener listener = this::appended;
  private Storage storage;
  private Thread worker;
  private int[] scratchRows = new int[256];
  private long lastRetentionMillis;
  private boolean recomputing;

  private MetricEngine(MetricStore store, InstantSource clock, Settings settings) {
    this.store = requireNonNull(store, "store is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.settings = requireNonNull(settings, "settings is null");
    this.queue = new ArrayBlockingQueue<>(settings.queueBatches());
  }

  /**
   * Starts evaluating {@code initialRules} on {@code storage}: recomputes the open windows from a
   * snapshot, then follows appended batches on the engine thread.
   */
  public static MetricEngine start(
      Storage storage,
      MetricStore store,
      List<MetricRule> initialRules,
      InstantSource clock,
      Settings settings) {
    MetricEngine engine = new MetricEngine(store, clock, settings);
    engine.storage = storage;
    checkRules(initialRules);
    long nowMillis = clock.millis();
    for (MetricRule rule : initialRules) {
      RuleState state = new RuleState(rule);
      Long stored = store.closedThrough(rule.name(), state.fingerprint);
      long current = state.closedThroughAt(nowMillis, settings.grace());
      state.closedThrough =
          stored == null ? current : Math.max(stored, current - MAX_RECOMPUTE_MILLIS);
      engine.states.put(rule.name(), state);
    }
    engine.rules = List.copyOf(initialRules);
    long started = System.nanoTime(); // elapsed time for a log line, not logic
    try (Snapshot snapshot = storage.snapshotAndListen(engine.listener)) {
      long recomputed = engine.recompute(snapshot);
      LOG.info(
          "metric rules started rules={} recomputedRecords={} millis={}",
          initialRules.size(),
          recomputed,
          (System.nanoTime() - started) / 1_000_000);
    }
    engine.worker = Thread.ofPlatform().name("loupe-metrics").daemon().start(engine::run);
    return engine;
  }

  /** The append listener: hands the batch over, never blocks (called under the append lock). */
  private void appended(long walPosition, List<LogRecord> records) {
    if (!queue.offer(new Batch(records.toArray(LogRecord[]::new)))) {
      droppedRecords.add(records.size());
    }
  }

  /** Replaces the rule set; unchanged rules keep their open windows, changed ones start afresh. */
  public void setRules(List<MetricRule> newRules) {
    checkRules(newRules);
    List<MetricRule> copy = List.copyOf(newRules);
    runOnEngine(
        () -> {
          Map<String, RuleState> kept = new HashMap<>(states);
          states.clear();
          long nowMillis = clock.millis();
          for (MetricRule rule : copy) {
            RuleState old = kept.get(rule.name());
            if (old != null && old.rule.equals(rule)) {
              states.put(rule.name(), old);
              continue;
            }
            RuleState fresh = new RuleState(rule);
            Long stored = store.closedThrough(rule.name(), fresh.fingerprint);
            long current = fresh.closedThroughAt(nowMillis, settings.grace());
            fresh.closedThrough = stored == null ? current : Math.max(stored, current);
            states.put(rule.name(), fresh);
          }
          rules = copy;
        });
  }

  /** The rules in force. */
  public List<MetricRule> rules() {
    return rules;
  }

  /** The rule of this name in force, or null. */
  public MetricRule rule(String name) {
    for (MetricRule rule : rules) {
      if (rule.name().equals(name)) {
        return rule;
      }
    }
    return null;
  }

  /**
   * Waits until every batch appended before this call has been evaluated and the windows due by the
   * clock are closed and stored. For tests and orderly shutdown.
   */
  public void sync() {
    runOnEngine(() -> closeDue(clock.millis()));
  }

  /** Closed points of the rule in force named {@code name}, windows starting in the range. */
  public List<MetricPoint> points(String name, long startMillis, long endMillis) {
    MetricRule rule = rule(name);
    if (rule == null) {
      throw new LoupeException(
          ErrorCode.NOT_FOUND,
          "no metric rule named " + name + "; GET /api/v1/metrics/rules lists them");
    }
    return store.points(name, rule.fingerprint(), startMillis, endMillis);
  }

  /**
   * The end of the newest window of the rule in force named {@code name} whose points are stored
   * and final at {@code nowMillis}: the stored closed-through time, but never past the windows due
   * by the clock (the engine may lag; a window it has not closed yet has no points). Alerts on a
   * metric sum the windows just before it, so their value covers whole windows and changes only
   * when a window closes.
   */
  public long closedThrough(String name, long nowMillis) {
    MetricRule rule = rule(name);
    if (rule == null) {
      throw new LoupeException(
          ErrorCode.NOT_FOUND,
          "no metric rule named " + name + "; GET /api/v1/metrics/rules lists them");
    }
    long windowMillis = rule.windowMillis();
    long due = Math.floorDiv(nowMillis - settings.grace().toMillis(), windowMillis) * windowMillis;
    Long stored = store.closedThrough(name, rule.fingerprint());
    return stored == null ? due : Math.min(stored, due);
  }

  /** The newest closed window's points of each rule in force, by rule. */
  public Map<MetricRule, List<MetricPoint>> latest() {
    Map<MetricRule, List<MetricPoint>> latest = new LinkedHashMap<>();
    for (MetricRule rule : rules) {
      latest.put(rule, store.latest(rule.name(), rule.fingerprint()));
    }
    return latest;
  }

  public long lateRecords() {
    return lateRecords.sum();
  }

  public long droppedRecords() {
    return droppedRecords.sum();
  }

  public long evaluatedRecords() {
    return evaluatedRecords.sum();
  }

  public long overflowGroups() {
    return overflowGroups.sum();
  }

  public long errors() {
    return errors.sum();
  }

  public long evaluationNanos() {
    return evaluationNanos.get();
  }

  public int queuedBatches() {
    return queue.size();
  }

  @Override
  public void close() {
    if (storage != null) {
      storage.removeAppendListener(listener);
    }
    if (worker == null) {
      return;
    }
    try {
      sync();
    } catch (RuntimeException failure) {
      LOG.warn("metrics: last close of windows failed error={}", failure.toString());
    }
    running = false;
    worker.interrupt();
    try {
      worker.join(5_000);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static void checkRules(List<MetricRule> rules) {
    if (rules.size() > AnalyticsLimits.MAX_METRIC_RULES) {
      throw new LoupeException(
          ErrorCode.LIMIT_EXCEEDED,
          rules.size()
              + " metric rules is more than the limit of "
              + AnalyticsLimits.MAX_METRIC_RULES
              + "; remove some");
    }
    Set<String> names = new HashSet<>();
    for (MetricRule rule : rules) {
      if (!names.add(rule.name())) {
        throw new LoupeException(
            ErrorCode.BAD_REQUEST, "metric rule " + rule.name() + " is defined twice");
      }
    }
  }

  private void runOnEngine(Runnable action) {
    if (worker == null || !running) {
      action.run();
      return;
    }
    Command command = new Command(action, new CompletableFuture<>());
    try {
      queue.put(command);
      command.done().get();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new LoupeException(ErrorCode.UNAVAILABLE, "interrupted waiting for the metric engine");
    } catch (ExecutionException failed) {
      if (failed.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new LoupeException(ErrorCode.INTERNAL, "metric engine: " + failed.getCause());
    }
  }

  private void run() {
    while (running) {
      Object item;
      try {
        item = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException interrupted) {
        if (!running) {
          return;
        }
        continue;
      }
      handle(item);
    }
  }

  private void handle(Object item) {
    try {
      if (item instanceof Batch batch) {
        long started = System.nanoTime(); // cost accounting for /metrics, not logic
        evaluate(batch.records());
        evaluationNanos.addAndGet(System.nanoTime() - started);
      } else if (item instanceof Command command) {
        try {
          command.action().run();
          command.done().complete(null);
        } catch (RuntimeException | Error failure) {
          command.done().completeExceptionally(failure);
          throw failure;
        }
      }
      closeDue(clock.millis());
    } catch (RuntimeException | AssertionError failure) {
      // One bad batch or rule must not stop the engine: counted, logged, and the next goes on.
      errors.increment();
      LOG.error("metric engine error (the batch is skipped) error={}", failure.toString(), failure);
    }
  }

  /** Evaluates the records of a snapshot at or after the earliest closed-through time. */
  private long recompute(Snapshot snapshot) {
    long fromMillis = Long.MAX_VALUE;
    for (RuleState state : states.values()) {
      fromMillis = Math.min(fromMillis, state.closedThrough);
    }
    if (states.isEmpty()) {
      return 0;
    }
    long fromNanos = fromMillis <= 0 ? 0 : Math.multiplyExact(fromMillis, 1_000_000L);
    long records = 0;
    recomputing = true;
    for (BlockRef block : snapshot.blocks(new TimeRange(fromNanos, Long.MAX_VALUE))) {
      Block rows = block.read(null);
      evaluateBlock(block, rows);
      records += rows.rowCount();
    }
    recomputing = false;
    return records;
  }

  /**
   * Groups the batch by stream first (shippers interleave services in one request), so each block
   * is a long run and every rule judges a stream's header once, not once a line.
   */
  private void evaluate(LogRecord[] records) {
    Map<dev.loupe.core.Stream, List<LogRecord>> byStream = new LinkedHashMap<>();
    for (LogRecord record : records) {
      byStream.computeIfAbsent(record.stream(), stream -> new ArrayList<>()).add(record);
    }
    for (List<LogRecord> streamRecords : byStream.values()) {
      evaluateRuns(streamRecords.toArray(LogRecord[]::new));
    }
    evaluatedRecords.add(records.length);
  }

  /** Splits one stream's records into time-ordered runs, each judged as a block. */
  private void evaluateRuns(LogRecord[] records) {
    int runStart = 0;
    for (int index = 1; index <= records.length; index++) {
      if (index == records.length || records[index].timeNanos() < records[index - 1].timeNanos()) {
        BlockRef block = RecordBlocks.of(records, runStart, index);
        evaluateBlock(block, block.read(null));
        runStart = index;
      }
    }
  }

  private void evaluateBlock(BlockRef block, Block rows) {
    if (scratchRows.length < rows.rowCount()) {
      scratchRows = new int[Math.max(rows.rowCount(), scratchRows.length * 2)];
    }
    String tenant = block.stream().tenant();
    for (RuleState state : states.values()) {
      if (!state.rule.tenant().equals(tenant)) {
        continue;
      }
      Filter filter =
          state.relativeTime
              ? FilterTimeRelative.resolveAll(state.filter, clock.millis() * 1_000_000L)
              : state.filter;
      int matching = RecordFilter.matchingRows(filter, block, rows, scratchRows);
      for (int index = 0; index < matching; index++) {
        add(state, block, rows, scratchRows[index]);
      }
    }
  }

  private void add(RuleState state, BlockRef block, Block rows, int row) {
    long timeMillis = Math.floorDiv(rows.timeNanos(row), 1_000_000L);
    long windowStart = Math.floorDiv(timeMillis, state.windowMillis) * state.windowMillis;
    if (windowStart + state.windowMillis <= state.closedThrough) {
      if (!recomputing) {
        lateRecords.increment(); // at start, blocks overlap closed windows: those were counted
      }
      return;
    }
    double value = 0;
    if (state.field != null) {
      String text = rows.value(state.field, row);
      if (text == null) {
        return;
      }
      try {
        value = Double.parseDouble(text);
      } catch (NumberFormatException notANumber) {
        return;
      }
      if (Double.isNaN(value)) {
        return;
      }
    }
    Map<List<String>, Accumulator> groups =
        state.open.computeIfAbsent(windowStart, start -> new HashMap<>());
    List<String> key = state.groupKey(block, rows, row);
    Accumulator accumulator = groups.get(key);
    if (accumulator == null) {
      if (groups.size() >= AnalyticsLimits.MAX_GROUPS_PER_WINDOW) {
        overflowGroups.increment();
        return;
      }
      accumulator = new Accumulator();
      groups.put(key, accumulator);
    }
    if (state.field == null) {
      accumulator.addCount();
    } else {
      accumulator.add(value, state.aggregation.kind() == Aggregation.Kind.QUANTILE);
    }
  }

  /** Closes every window whose grace has passed at {@code nowMillis}, one frame a rule. */
  private void closeDue(long nowMillis) {
    List<MetricStore.Frame> frames = new ArrayList<>();
    for (RuleState state : states.values()) {
      long newClosedThrough = state.closedThroughAt(nowMillis, settings.grace());
      if (newClosedThrough <= state.closedThrough) {
        continue;
      }
      List<MetricPoint> points = new ArrayList<>();
      NavigableMap<Long, Map<List<String>, Accumulator>> due =
          state.open.headMap(newClosedThrough - state.windowMillis, true);
      for (Map.Entry<Long, Map<List<String>, Accumulator>> window : due.entrySet()) {
        long start = window.getKey();
        for (Map.Entry<List<String>, Accumulator> group : window.getValue().entrySet()) {
          double value = group.getValue().value(state.aggregation);
          if (!Double.isNaN(value)) {
            points.add(
                new MetricPoint(
                    start, start + state.windowMillis, state.labels(group.getKey()), value));
          }
        }
      }
      due.clear();
      frames.add(
          new MetricStore.Frame(state.rule.name(), state.fingerprint, newClosedThrough, points));
      state.closedThrough = newClosedThrough;
    }
    if (!frames.isEmpty()) {
      store.append(frames);
    }
    if (lastRetentionMillis == 0 || nowMillis - lastRetentionMillis >= RETENTION_EVERY_MILLIS) {
      lastRetentionMillis = nowMillis;
      store.applyRetention(java.time.Instant.ofEpochMilli(nowMillis));
    }
  }

  /** A rule compiled for evaluation, with its open windows. Engine thread only. */
  private static final class RuleState {
    final MetricRule rule;
    final Filter filter;
    final boolean relativeTime;
    final Aggregation aggregation;
    final String field;
    final String[] by;
    final long windowMillis;
    final int fingerprint;
    final TreeMap<Long, Map<List<String>, Accumulator>> open = new TreeMap<>();
    long closedThrough;

    RuleState(MetricRule rule) {
      this.rule = rule;
      this.filter = rule.filter();
      this.relativeTime = !FilterTimeRelative.resolveAll(filter, 0).equals(filter);
      this.aggregation = rule.parsedAggregation();
      this.field = aggregation.needsField() ? rule.field() : null;
      this.by = rule.by().toArray(String[]::new);
      this.windowMillis = rule.windowMillis();
      this.fingerprint = rule.fingerprint();
    }

    /** The end of the last window whose grace has passed at {@code nowMillis}. */
    long closedThroughAt(long nowMillis, Duration grace) {
      return Math.floorDiv(nowMillis - grace.toMillis(), windowMillis) * windowMillis;
    }

    List<String> groupKey(BlockRef block, Block rows, int row) {
      if (by.length == 0) {
        return List.of();
      }
      String[] values = new String[by.length];
      for (int index = 0; index < by.length; index++) {
        String value = rows.value(by[index], row);
        if (value == null) {
          value = StreamLabels.value(block.stream(), by[index]);
        }
        values[index] = value == null ? "" : value;
      }
      return List.of(values);
    }

    java.util.SortedMap<String, String> labels(List<String> key) {
      TreeMap<String, String> labels = new TreeMap<>();
      for (int index = 0; index < by.length; index++) {
        labels.put(by[index], key.get(index));
      }
      return labels;
    }
  }
}
