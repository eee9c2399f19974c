package dev.loupe.storage;

import dev.loupe.core.Field;
import dev.loupe.core.FieldNames;
import dev.loupe.core.LogRecord;
import dev.loupe.core.Stream;
import dev.loupe.core.Timestamps;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A block over records still in the memtable: both the header and the decoded rows. It has no bloom
 * filter, so it can never be skipped by tokens; memtables hold about a second of data.
 */
final class MemoryBlock implements BlockRef, Block {
  private final LogRecord[] records;
  private final int from;
  private final int to;
  private volatile Set<String> columnNames;

  /**
   * Rows {@code records[from..to)}, all of one stream and sorted by time; names collected lazily.
   */
  MemoryBlock(LogRecord[] records, int from, int to) {
    this(records, from, to, null);
  }

  /**
   * Rows {@code records[from..to)}, all of one stream and sorted by time; {@code columnNames} those
   * of the stream's records (every name a row of the block has, maybe more), or null to collect the
   * block's own when first asked.
   */
  MemoryBlock(LogRecord[] records, int from, int to, Set<String> columnNames) {
    this.records = records;
    this.from = from;
    this.to = to;
    this.columnNames = columnNames;
  }

  @Override
  public Stream stream() {
    return records[from].stream();
  }

  @Override
  public long minTimeNanos() {
    return records[from].timeNanos();
  }

  @Override
  public long maxTimeNanos() {
    return records[to - 1].timeNanos();
  }

  @Override
  public int rowCount() {
    return to - from;
  }

  /**
   * For a memtable block, the names of its stream's columns in the memtable: a superset of the
   * block's own (a name no row of this block has only makes a filter look at the rows), kept per
   * stream by the memtable so that a query does not read every field of every row to collect them;
   * otherwise ({@link RecordBlocks}) the block's own, collected when first asked.
   */
  @Override
  public Set<String> columnNames() {
    Set<String> names = columnNames;
    if (names != null) {
      return names;
    }
    Set<String> collected = new LinkedHashSet<>();
    collected.add(FieldNames.TIME);
    collected.add(FieldNames.STREAM);
    collected.add(FieldNames.STREAM_ID);
    collected.add(FieldNames.TENANT);
    collected.add(FieldNames.MESSAGE);
    for (int row = from; row < to; row++) {
      for (Field field : records[row].fields()) {
        collected.add(field.name());
      }
    }
    names = Set.copyOf(collected);
    columnNames = names;
    return names;
  }

  @Override
  public boolean mayContainToken(String column, long tokenHash) {
    return columnNames().contains(column);
  }

  @Override
  public long[] integerRange(String column) {
    return null;
  }

  @Override
  public long storedBytes() {
    return 0;
  }

  @Override
  public Block read(Set<String> columns) {
    return this;
  }

  @Override
  public BlockRef ref() {
    return this;
  }

  @Override
  public long timeNanos(int row) {
    return records[from + row].timeNanos();
  }

  @Override
  public String value(String column, int row) {
    LogRecord record = records[from + row];
    return switch (column) {
      case FieldNames.MESSAGE -> record.message();
      case FieldNames.TIME -> Timestamps.format(record.timeNanos());
      case FieldNames.STREAM -> record.stream().canonicalLabels();
      case FieldNames.STREAM_ID -> record.stream().id().toHex();
      case FieldNames.TENANT -> record.stream().tenant();
      default -> record.field(column);
    };
  }
}
