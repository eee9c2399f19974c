package dev.loupe.query.exec;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import dev.loupe.core.TimeRange;
import dev.loupe.query.filter.BlockVerdict;
import dev.loupe.query.filter.FieldAccess;
import dev.loupe.query.pipe.PipeStats;
import dev.loupe.storage.Block;
import dev.loupe.storage.BlockRef;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Runs a {@link PipeStats} over every matching row of the candidate blocks, in parallel.
 *
 * <p>Design note (see also {@link PipeStats}). One task per candidate block on the shared pool
 * reads only the columns the filter and the functions need and fills its own {@link GroupTable}; no
 * state is shared between tasks. The caller merges the tables in candidate order, so the result
 * does not depend on which thread finished first. At most {@code window} tasks are in flight
 * (started and not yet merged), which bounds memory to {@code window} decoded blocks and {@code
 * window} partial tables whatever the number of blocks. When the pipe only counts rows without
 * groups, a block whose header proves every row matches and that lies inside the range is counted
 * from its header, as {@link HitCounter} does.
 *
 * <p>Threads: {@link #run()} on the caller's thread, once; tasks on the pool. {@link #run()}
 * returns only after every task it started has finished, so no worker reads the snapshot after it
 * returns.
 */
final class StatsAggregation {
  /** Rows between two checks of the stop flag inside a block. */
  private static final int STOP_CHECK_INTERVAL_MASK = 1023;

  private final ExecutorService pool;
  private final int window;
  private final ScanPlan plan;
  private final List<Candidate> candidates;
  private final PipeStats pipe;
  private final RowSink cancellation;
  private final Set<String> columns;
  private final Deadline deadline;
  private final MemoryBudget memory;
  private volatile boolean stopped;

  private long blocksScanned;
  private long rowsScanned;
  private long bytesRead;

  StatsAggregation(
      ExecutorService pool,
      int window,
      ScanPlan plan,
      List<Candidate> candidates,
      PipeStats pipe,
      RowSink cancellation,
      QueryBudget budget) {
    this.deadline = budget.deadline();
    this.memory = budget.memory();
    this.pool = requireNonNull(pool, "pool is null");
    this.window = window;
    this.plan = requireNonNull(plan, "plan is null");
    this.candidates = List.copyOf(candidates);
    this.pipe = requireNonNull(pipe, "pipe is null");
    this.cancellation = requireNonNull(cancellation, "cancellation is null");
    Set<String> needed = new HashSet<>(plan.filterColumns());
    for (PipeStats.Call call : pipe.functions()) {
      call.function().fields().stream().filter(FieldAccess::isColumn).forEach(needed::add);
    }
    for (PipeStats.GroupBy group : pipe.groupBy()) {
      if (FieldAccess.isColumn(group.field())) {
        needed.add(group.field());
      }
    }
    this.columns = Set.copyOf(needed);
  }

  /** Aggregates every candidate; the merged table, or null when the sink cancelled. */
  GroupTable run() {
    GroupTable total = new GroupTable(pipe, memory);
    ArrayDeque<Future<GroupTable>> pending = new ArrayDeque<>();
    try {
      for (Candidate candidate : candidates) {
        deadline.check();
        if (countFromHeader(candidate)) {
          total.addCountedRows(candidate.ref().rowCount());
          continue;
        }
        blocksScanned++;
        bytesRead += candidate.ref().storedBytes();
        rowsScanned += candidate.ref().rowCount();
        pending.add(pool.submit(() -> aggregateBlock(candidate)));
        while (pending.size() >= window) {
          total.merge(pending.poll().get());
        }
        if (cancellation.cancelled()) {
          return null;
        }
      }
      while (!pending.isEmpty()) {
        total.merge(pending.poll().get());
      }
      return total;
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new LoupeException(ErrorCode.UNAVAILABLE, "stats interrupted (server stopping)");
    } catch (ExecutionException failed) {
      if (failed.getCause() instanceof LoupeException loupe) {
        throw loupe;
      }
      throw new LoupeException(
          ErrorCode.INTERNAL, "stats failed: " + failed.getCause(), failed.getCause());
    } finally {
      stopped = true;
      awaitAll(pending);
    }
  }

  long blocksScanned() {
    return blocksScanned;
  }

  long rowsScanned() {
    return rowsScanned;
  }

  long bytesRead() {
    return bytesRead;
  }

  private boolean countFromHeader(Candidate candidate) {
    BlockRef ref = candidate.ref();
    TimeRange range = plan.range();
    return pipe.onlyCountsAllRows()
        && candidate.verdict() == BlockVerdict.ALL_ROWS
        && range.contains(ref.minTimeNanos())
        && range.contains(ref.maxTimeNanos());
  }

  private GroupTable aggregateBlock(Candidate candidate) {
    GroupTable table = new GroupTable(pipe, memory);
    if (stopped) {
      return table;
    }
    Block block = candidate.ref().read(columns);
    boolean everyRow = candidate.verdict() == BlockVerdict.ALL_ROWS;
    TimeRange range = plan.range();
    BlockRow row = new BlockRow(block);
    int rows = block.rowCount();
    for (int index = 0; index < rows; index++) {
      if ((index & STOP_CHECK_INTERVAL_MASK) == 0 && stopped) {
        break;
      }
      if (!range.contains(block.timeNanos(index))) {
        continue;
      }
      if (everyRow || plan.filter().matches(block, index)) {
        row.index = index;
        table.add(row);
      }
    }
    table.settle();
    return table;
  }

  /** Waits for tasks still running after a failure or cancellation; their results are dropped. */
  private static void awaitAll(ArrayDeque<Future<GroupTable>> pending) {
    boolean interrupted = Thread.interrupted(); // else get() would throw at once, forever
    for (Future<GroupTable> future : pending) {
      while (true) {
        try {
          future.get();
          break;
        } catch (InterruptedException again) {
          interrupted = true;
        } catch (ExecutionException ignored) {
          break; // the first failure is the one reported
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** One row of a block, reused for every row of it: no allocation per row. */
  private static final class BlockRow implements GroupTable.RowAccess {
    private final Block block;
    private int index;

    BlockRow(Block block) {
      this.block = block;
    }

    @Override
    public String value(String field) {
      return FieldAccess.value(field, block, index);
    }

    @Override
    public long timeNanos() {
      return block.timeNanos(index);
    }
  }
}
