package dev.loupe.query.exec;

import static java.util.Objects.requireNonNull;

import java.util.TreeSet;

/**
 * The best rows seen so far of a newest-first search with a limit, and which of them are final.
 *
 * <p>Design note. Blocks finish in any order, so a row cannot be sent when it is found: a block not
 * yet scanned might hold a newer one. This keeps the rows not yet sent in an ordered set bounded by
 * what the limit still allows ({@code limit - emitted}): a new row enters only if it ranks before
 * the oldest kept one, which it then evicts. A kept row is final, and is sent, once it is newer
 * than every block not yet scanned ({@code time > frontier}, the largest {@code maxTime} among
 * them), or once no block is left. Rows at exactly the frontier time wait: a tie from an unscanned
 * block could rank first. Memory is bounded by the limit, whatever the data.
 *
 * <p>This is the k-way top-k merge of log search engines (Loki's and VictoriaLogs' newest-first
 * queries work the same way): the trade-off is that a block far older than the rows already kept
 * still has to finish before the frontier passes it, which the executor avoids by scanning blocks
 * in {@code maxTime} order and never starting one that cannot beat the oldest kept row.
 *
 * <p>Not thread-safe: used by the search's coordinating thread only.
 */
final class NewestFirstMerger {
  private final int limit;
  private final TreeSet<RankedRow> pending = new TreeSet<>(RankedRow.NEWEST_FIRST);
  private int emitted;

  NewestFirstMerger(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive: " + limit);
    }
    this.limit = limit;
  }

  /** Rows the search may still send: kept plus not yet found. */
  int capacity() {
    return limit - emitted;
  }

  int emitted() {
    return emitted;
  }

  /** True when the limit is reached: every row has been sent. */
  boolean isDone() {
    return emitted == limit;
  }

  /** True when a new row must beat the oldest kept one to enter. */
  boolean isFull() {
    return pending.size() >= capacity();
  }

  /**
   * The time below which no row can enter any more; {@link Long#MIN_VALUE} while there is room. A
   * row at exactly this time may still enter, by the tie-breakers. Never decreases once full.
   */
  long admissionThresholdNanos() {
    if (!isFull() || pending.isEmpty()) {
      return Long.MIN_VALUE;
    }
    return pending.last().timeNanos();
  }

  /**
   * Keeps {@code row} if it ranks among the best {@link #capacity()}.
   *
   * @return the row that is not kept: {@code row} itself when it does not rank, the kept row it
   *     evicted, or null when it entered without evicting any
   */
  RankedRow offer(RankedRow row) {
    requireNonNull(row, "row is null");
    if (capacity() == 0) {
      return row;
    }
    if (pending.size() < capacity()) {
      pending.add(row);
      return null;
    }
    if (RankedRow.NEWEST_FIRST.compare(row, pending.last()) >= 0) {
      return row;
    }
    RankedRow evicted = pending.pollLast();
    pending.add(row);
    return evicted;
  }

  /**
   * Sends, newest first, every kept row that is final: newer than {@code frontierNanos}, or all of
   * them when {@code noBlockLeft}.
   *
   * @param memory where the rows' bytes were reserved; released as they leave
   * @return false when the sink asked to stop
   */
  boolean emitFinal(boolean noBlockLeft, long frontierNanos, RowSink sink, MemoryBudget memory) {
    while (!pending.isEmpty() && (noBlockLeft || pending.first().timeNanos() > frontierNanos)) {
      RankedRow row = pending.pollFirst();
      memory.release(MemoryBudget.bytesOf(row.row()));
      emitted++;
      if (!sink.accept(row.row())) {
        return false;
      }
    }
    return true;
  }
}
