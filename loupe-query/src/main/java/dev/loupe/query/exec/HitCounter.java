package dev.loupe.query.exec;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import dev.loupe.core.TimeRange;
import dev.loupe.query.filter.BlockVerdict;
import dev.loupe.storage.Block;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Counts matching rows over candidate blocks in parallel, without materializing any row.
 *
 * <p>Design note: a block whose header proves every row matches ({@link BlockVerdict#ALL_ROWS}) and
 * whose time range lies inside the requested one is counted from its header alone, so {@code *}
 * over a day costs no decompression at all. Other blocks are read with only the filter's columns,
 * one task per block on the shared pool; the pool's size bounds how many decoded blocks exist at
 * once. Partial counts are summed in the caller's thread.
 */
final class HitCounter {
  private HitCounter() {}

  static HitCount count(
      ExecutorService pool,
      ScanPlan plan,
      List<Candidate> candidates,
      long blocksTotal,
      long started) {
    long hits = 0;
    long bytesRead = 0;
    long rowsScanned = 0;
    long blocksScanned = 0;
    List<Future<long[]>> pending = new ArrayList<>();
    TimeRange range = plan.range();
    for (Candidate candidate : candidates) {
      var ref = candidate.ref();
      boolean inside = range.contains(ref.minTimeNanos()) && range.contains(ref.maxTimeNanos());
      if (candidate.verdict() == BlockVerdict.ALL_ROWS && inside) {
        hits += ref.rowCount();
        continue;
      }
      blocksScanned++;
      bytesRead += ref.storedBytes();
      pending.add(pool.submit(() -> countBlock(plan, candidate)));
    }
    try {
      for (Future<long[]> result : pending) {
        long[] counted = result.get();
        hits += counted[0];
        rowsScanned += counted[1];
      }
    } catch (InterruptedException interrupted) {
      pending.forEach(future -> future.cancel(true));
      Thread.currentThread().interrupt();
      throw new LoupeException(ErrorCode.UNAVAILABLE, "count interrupted (server stopping)");
    } catch (ExecutionException failed) {
      pending.forEach(future -> future.cancel(true));
      if (failed.getCause() instanceof LoupeException loupe) {
        throw loupe;
      }
      throw new LoupeException(
          ErrorCode.INTERNAL, "count failed: " + failed.getCause(), failed.getCause());
    }
    QueryStats stats =
        new QueryStats(
            0,
            rowsScanned,
            blocksTotal,
            blocksScanned,
            blocksTotal - candidates.size(),
            bytesRead,
            System.nanoTime() - started);
    return new HitCount(hits, stats);
  }

  /** Returns {matches, rows looked at}. */
  private static long[] countBlock(ScanPlan plan, Candidate candidate) {
    boolean everyRow = candidate.verdict() == BlockVerdict.ALL_ROWS;
    Block block = candidate.ref().read(plan.filterColumns());
    TimeRange range = plan.range();
    long matches = 0;
    int rows = block.rowCount();
    for (int row = 0; row < rows; row++) {
      if (range.contains(block.timeNanos(row)) && (everyRow || plan.filter().matches(block, row))) {
        matches++;
      }
    }
    return new long[] {matches, rows};
  }
}
