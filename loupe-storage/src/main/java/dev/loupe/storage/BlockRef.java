package dev.loupe.storage;

import dev.loupe.core.Stream;
import java.util.Set;

/**
 * The header of one block: what a query can learn about it without reading its rows. All rows of a
 * block belong to one stream. Safe to use from several threads while its snapshot is open.
 */
public interface BlockRef {

  Stream stream();

  /** Smallest {@code _time} of the block, nanoseconds. */
  long minTimeNanos();

  /** Largest {@code _time} of the block, nanoseconds (included). */
  long maxTimeNanos();

  int rowCount();

  /**
   * Names of the columns that have a value in at least one row, reserved names included. A block of
   * the memtable may list more (its stream's): callers use the names to skip a block or a column
   * that cannot have a value, never to conclude that a row has one.
   */
  Set<String> columnNames();

  /**
   * False only when no value of {@code column} in this block contains a token whose {@link
   * dev.loupe.core.Tokens#hash} is {@code tokenHash} (no false negatives). False for a column the
   * block does not have.
   */
  boolean mayContainToken(String column, long tokenHash);

  /**
   * The smallest and largest value of {@code column} when every value it has in this block is a
   * 64-bit integer, else null. Rows without the column are ignored.
   */
  long[] integerRange(String column);

  /** Compressed bytes a full read of this block costs (0 for in-memory blocks). */
  long storedBytes();

  /**
   * Decodes the block, only the named columns ({@code _time} is always there).
   *
   * @param columns names to decode, or null for all
   * @throws dev.loupe.core.LoupeException with {@code CORRUPT_DATA} when a checksum fails
   */
  Block read(Set<String> columns);
}
