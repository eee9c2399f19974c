package dev.loupe.query.filter;

import dev.loupe.core.LogRecord;
import dev.loupe.storage.Block;
import dev.loupe.storage.BlockRef;
import dev.loupe.storage.RecordBlocks;

/**
 * Judges records that are not stored yet with the same filters queries use: the live tail and the
 * derived-metric rules, which both see batches as they are appended. One matcher for both, so a
 * rule and a tail of the same filter select the same lines. Stateless.
 */
public final class RecordFilter {
  private RecordFilter() {}

  /** Whether line {@code index} of {@code records} matches {@code filter} (times resolved). */
  public static boolean matches(Filter filter, LogRecord[] records, int index) {
    BlockRef block = RecordBlocks.of(records, index, index + 1);
    BlockVerdict verdict = filter.verdict(block);
    if (verdict == BlockVerdict.NO_ROWS) {
      return false;
    }
    return verdict == BlockVerdict.ALL_ROWS || filter.matches(block.read(null), 0);
  }

  /**
   * The rows of {@code rows} (the decoded {@code block}) that match {@code filter}, in order,
   * written to {@code into}; returns how many. The block's header is judged once, then each row.
   */
  public static int matchingRows(Filter filter, BlockRef block, Block rows, int[] into) {
    BlockVerdict verdict = filter.verdict(block);
    if (verdict == BlockVerdict.NO_ROWS) {
      return 0;
    }
    int count = 0;
    for (int row = 0; row < rows.rowCount(); row++) {
      if (verdict == BlockVerdict.ALL_ROWS || filter.matches(rows, row)) {
        into[count++] = row;
      }
    }
    return count;
  }
}
