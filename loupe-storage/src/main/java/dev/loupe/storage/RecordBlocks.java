package dev.loupe.storage;

import dev.loupe.core.LogRecord;

/**
 * Blocks over records that are not stored yet, for code that must judge single records with the
 * same filters queries use (live tail). No bloom filters: such a block is never skipped by token.
 */
public final class RecordBlocks {
  private RecordBlocks() {}

  /**
   * A block over {@code records[from..to)}, which must all belong to one stream and be sorted by
   * time. The returned object is both the header and the decoded rows ({@code read} returns it).
   */
  public static BlockRef of(LogRecord[] records, int from, int to) {
    if (from < 0 || to > records.length || from >= to) {
      throw new IllegalArgumentException(
          "bad record range [" + from + ", " + to + ") of " + records.length);
    }
    return new MemoryBlock(records, from, to);
  }
}
