package dev.loupe.query.exec;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.Field;
import dev.loupe.core.FieldNames;
import dev.loupe.core.Stream;
import dev.loupe.core.StreamId;
import dev.loupe.core.Timestamps;
import dev.loupe.storage.Block;
import dev.loupe.storage.BlockRef;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One {@link ResultRow} seen as a one-row block, header and rows at once, so that {@code | where}
 * judges rows with the very filter classes that scan stored blocks: {@link
 * dev.loupe.query.filter.Filter#verdict} first, then {@link dev.loupe.query.filter.Filter#matches}
 * on row 0.
 *
 * <p>The header claims nothing it cannot prove from the row: every token may be present in a column
 * the row has ({@link #mayContainToken}), and there are no integer ranges, so a verdict is only
 * {@code NO_ROWS} when the row really fails (a missing column, time or stream outside the filter).
 * The stream is rebuilt from the row's {@code _stream} and {@code _tenant}; a row without them (a
 * {@code stats} result) belongs to the empty stream {@code {}}.
 *
 * <p>Immutable; one per row, made on the executor's thread.
 */
final class RowBlock implements Block, BlockRef {
  private static final String EMPTY_STREAM = "{}";

  private final ResultRow row;
  private Set<String> columnNames;

  RowBlock(ResultRow row) {
    this.row = requireNonNull(row, "row is null");
  }

  @Override
  public Stream stream() {
    String labels = row.value(FieldNames.STREAM);
    String tenant = row.value(FieldNames.TENANT);
    String canonical = labels != null ? labels : EMPTY_STREAM;
    String owner = tenant != null ? tenant : Stream.DEFAULT_TENANT;
    return new Stream(owner, canonical, StreamId.of(owner, canonical));
  }

  @Override
  public long minTimeNanos() {
    return row.timeNanos();
  }

  @Override
  public long maxTimeNanos() {
    return row.timeNanos();
  }

  @Override
  public int rowCount() {
    return 1;
  }

  @Override
  public Set<String> columnNames() {
    if (columnNames == null) {
      Set<String> names = new LinkedHashSet<>();
      names.add(FieldNames.TIME);
      for (Field field : row.fields()) {
        names.add(field.name());
      }
      columnNames = names;
    }
    return columnNames;
  }

  @Override
  public boolean mayContainToken(String column, long tokenHash) {
    return value(column, 0) != null;
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
  public long timeNanos(int rowIndex) {
    return row.timeNanos();
  }

  @Override
  public String value(String column, int rowIndex) {
    String value = row.value(column);
    if (value == null && column.equals(FieldNames.TIME)) {
      return Timestamps.format(row.timeNanos());
    }
    return value;
  }
}
