package dev.loupe.storage.part;

import dev.loupe.core.FieldNames;
import dev.loupe.storage.Block;
import dev.loupe.storage.BlockRef;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The decoded rows of one block of a part, as arrays: {@link #times()} and one {@code String[]} per
 * column read ({@link #values}), indexed by row, null where a row has no value. Scans that touch
 * every row should take the arrays once rather than call {@link #value} per row (a map lookup each
 * time). The arrays are shared: never modify them. Immutable; thread-safe.
 */
public final class PartBlock implements Block {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final PartBlockRef ref;
  private final long[] times;
  private final Map<String, String[]> columns;
  private final Set<String> columnNames;

  PartBlock(
      PartBlockRef ref, long[] times, Map<String, String[]> columns, Set<String> columnNames) {
    this.ref = ref;
    this.times = times;
    this.columns = columns;
    this.columnNames = columnNames;
  }

  @Override
  public BlockRef ref() {
    return ref;
  }

  @Override
  public int rowCount() {
    return times.length;
  }

  @Override
  public long timeNanos(int row) {
    return times[row];
  }

  /** Every row's time in nanoseconds, ascending. Do not modify. */
  public long[] times() {
    return times;
  }

  /**
   * The values of a column that was read, one per row (null where absent); null when the column was
   * not read or the block lacks it. {@code _time}, {@code _stream}, {@code _stream_id} and {@code
   * _tenant} have no array: use {@link #times()} and {@link #ref()}. Do not modify.
   */
  public String[] values(String column) {
    return columns.get(column);
  }

  @Override
  public Set<String> columnNames() {
    return columnNames;
  }

  /**
   * {@inheritDoc}
   *
   * <p>The stream columns and {@code _time} are always available. A column the block has but that
   * was not named in {@link BlockRef#read} is a caller bug, reported as such rather than passed off
   * as absent.
   *
   * @throws IllegalArgumentException when {@code column} is in the block but was not read
   */
  @Override
  public String value(String column, int row) {
    Objects.checkIndex(row, times.length);
    String[] values = columns.get(column);
    if (values != null) {
      return values[row];
    }
    return switch (column) {
      case FieldNames.TIME -> formatTime(times[row]);
      case FieldNames.STREAM -> ref.stream().canonicalLabels();
      case FieldNames.STREAM_ID -> ref.header().stream().idHex();
      case FieldNames.TENANT -> ref.stream().tenant();
      default -> absentOrNotRead(column);
    };
  }

  private String absentOrNotRead(String column) {
    if (ref.hasColumn(column)) {
      throw new IllegalArgumentException(
          "column " + column + " of " + ref + " was not read: name it in BlockRef.read");
    }
    return null;
  }

  /** RFC 3339 in UTC with nanoseconds as needed ({@code DateTimeFormatter.ISO_INSTANT}). */
  static String formatTime(long timeNanos) {
    return Instant.ofEpochSecond(
            Math.floorDiv(timeNanos, NANOS_PER_SECOND), Math.floorMod(timeNanos, NANOS_PER_SECOND))
        .toString();
  }
}
