package dev.loupe.query.exec;

import dev.loupe.query.filter.BlockVerdict;
import dev.loupe.storage.BlockRef;
import java.util.Comparator;

/**
 * A block that survived skipping, with what its header said and its place in the scan order.
 *
 * @param ref the block
 * @param verdict {@code SOME_ROWS} (evaluate the filter per row) or {@code ALL_ROWS} (don't)
 * @param order index in the newest-first scan order; breaks ties between equal rows
 */
record Candidate(BlockRef ref, BlockVerdict verdict, int order) {

  /**
   * Scan order: newest {@code maxTime} first, then newest {@code minTime}, then stream id. Blocks
   * equal on all three keep the snapshot's order (the sort is stable).
   */
  static final Comparator<BlockRef> NEWEST_FIRST =
      Comparator.comparingLong(BlockRef::maxTimeNanos)
          .thenComparingLong(BlockRef::minTimeNanos)
          .reversed()
          .thenComparing(block -> block.stream().id());
}
