package dev.loupe.query.exec;

import dev.loupe.core.StreamId;
import java.util.Comparator;

/**
 * A result row with the keys that order it among all rows of a search.
 *
 * @param row the row
 * @param streamId its stream, first tie-breaker for equal times
 * @param blockOrder its block's place in the scan order, second tie-breaker
 * @param rowIndex its row in the block, last tie-breaker (later rows first)
 */
record RankedRow(ResultRow row, StreamId streamId, int blockOrder, int rowIndex) {

  /**
   * Newest first; equal times by stream id, then block, then the later row first, so the order is
   * the same on every run over the same snapshot.
   */
  static final Comparator<RankedRow> NEWEST_FIRST =
      Comparator.comparingLong((RankedRow ranked) -> ranked.row().timeNanos())
          .reversed()
          .thenComparing(RankedRow::streamId)
          .thenComparingInt(RankedRow::blockOrder)
          .thenComparing(Comparator.comparingInt(RankedRow::rowIndex).reversed());

  long timeNanos() {
    return row.timeNanos();
  }
}
