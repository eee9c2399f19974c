package dev.loupe.query.exec;

import dev.loupe.storage.Block;
import dev.loupe.storage.BlockRef;
import java.util.HashSet;
import java.util.Set;

/**
 * Two decodings of the same block, with different columns, seen as one: the filter's columns read
 * first, the rest read only once some row matched. Avoids decoding the filter's columns twice. Both
 * decodings hold the same rows in the same order (one block, decoded twice).
 */
final class CombinedBlock implements Block {
  private final Block first;
  private final Block second;
  private final Set<String> columnNames;

  CombinedBlock(Block first, Block second) {
    if (first.rowCount() != second.rowCount()) {
      throw new IllegalStateException(
          "two reads of one block disagree: "
              + first.rowCount()
              + " rows then "
              + second.rowCount());
    }
    this.first = first;
    this.second = second;
    Set<String> union = new HashSet<>(first.columnNames());
    union.addAll(second.columnNames());
    this.columnNames = Set.copyOf(union);
  }

  @Override
  public BlockRef ref() {
    return first.ref();
  }

  @Override
  public int rowCount() {
    return first.rowCount();
  }

  @Override
  public long timeNanos(int row) {
    return first.timeNanos(row);
  }

  @Override
  public Set<String> columnNames() {
    return columnNames;
  }

  @Override
  public String value(String column, int row) {
    return first.columnNames().contains(column)
        ? first.value(column, row)
        : second.value(column, row);
  }
}
