package dev.loupe.storage.part;

import dev.loupe.core.Field;
import dev.loupe.core.LogRecord;
import dev.loupe.core.Stream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of the block a {@link PartWriter} is filling, already split into columns: times,
 * messages, and per field the rows that have it with their values. Arrays are reused from block to
 * block and grow only as far as the data needs, so a rare field costs little. Not thread-safe.
 */
final class BlockBuffer {
  /**
   * Column buffers kept between blocks. A part with more distinct field names than this (JSON with
   * dynamic keys) drops them all at the end of a block rather than holding them forever.
   */
  private static final int MAX_POOLED_COLUMNS = 1024;

  private final Map<String, FieldColumn> columnsByName = new HashMap<>();
  private final List<FieldColumn> activeColumns = new ArrayList<>();

  /**
   * The column of the field at each position of the last records: records of one source mostly list
   * the same fields in the same order, so a name compare replaces a hash lookup (which would hash
   * each name anew when the decoder makes fresh strings). Always a subset of {@link
   * #columnsByName}'s values, and cleared with it.
   */
  private FieldColumn[] columnsByPosition = new FieldColumn[16];

  private Stream stream;
  private int rowCount;
  private long[] times = new long[64];
  private String[] messages = new String[64];
  private long textBytes;

  Stream stream() {
    return stream;
  }

  int rowCount() {
    return rowCount;
  }

  long[] times() {
    return times;
  }

  String[] messages() {
    return messages;
  }

  /** The fields with a value in at least one row of this block, in order of first appearance. */
  List<FieldColumn> activeColumns() {
    return activeColumns;
  }

  /** UTF-8 bytes of messages, field names and values, plus 8 per row: see {@link PartInfo}. */
  long textBytes() {
    return textBytes;
  }

  void add(LogRecord record) {
    if (rowCount == times.length) {
      times = Arrays.copyOf(times, rowCount * 2);
      messages = Arrays.copyOf(messages, rowCount * 2);
    }
    stream = record.stream();
    times[rowCount] = record.timeNanos();
    messages[rowCount] = record.message();
    textBytes += Long.BYTES + utf8Length(record.message());
    List<Field> fields = record.fields();
    for (int position = 0; position < fields.size(); position++) {
      addField(fields.get(position), position);
    }
    rowCount++;
  }

  private void addField(Field field, int position) {
    FieldColumn column = columnAt(field.name(), position);
    if (column.count == 0) {
      activeColumns.add(column);
    } else if (column.rows[column.count - 1] == rowCount) {
      return; // the name twice in one record: the first wins, as in LogRecord.field
    }
    column.append(rowCount, field.value());
    textBytes += column.nameBytes + utf8Length(field.value());
  }

  private FieldColumn columnAt(String name, int position) {
    if (position < columnsByPosition.length) {
      FieldColumn cached = columnsByPosition[position];
      if (cached != null && (cached.name == name || cached.name.equals(name))) {
        return cached;
      }
    } else {
      columnsByPosition = Arrays.copyOf(columnsByPosition, Math.max(position + 1, position * 2));
    }
    FieldColumn column = columnsByName.get(name);
    if (column == null) {
      column = new FieldColumn(name);
      columnsByName.put(name, column);
    }
    columnsByPosition[position] = column;
    return column;
  }

  void clear() {
    for (FieldColumn column : activeColumns) {
      column.clear();
    }
    activeColumns.clear();
    if (columnsByName.size() > MAX_POOLED_COLUMNS) {
      columnsByName.clear();
      Arrays.fill(columnsByPosition, null);
    }
    Arrays.fill(messages, 0, rowCount, null);
    rowCount = 0;
    textBytes = 0;
    stream = null;
  }

  /** Bytes of {@code text} in UTF-8, without encoding it. */
  static int utf8Length(String text) {
    int length = text.length();
    int bytes = length;
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        if (c < 0x800) {
          bytes += 1;
        } else if (Character.isHighSurrogate(c)
            && i + 1 < length
            && Character.isLowSurrogate(text.charAt(i + 1))) {
          bytes += 2; // 4 bytes for 2 chars
          i++;
        } else if (!Character.isSurrogate(c)) {
          bytes += 2;
        }
      }
    }
    return bytes;
  }

  /** One field's values in this block: the rows that have it, ascending, and their values. */
  static final class FieldColumn {
    final String name;
    final int nameBytes;
    int count;
    int[] rows = new int[8];
    String[] values = new String[8];

    FieldColumn(String name) {
      this.name = name;
      this.nameBytes = utf8Length(name);
    }

    void append(int row, String value) {
      if (count == rows.length) {
        rows = Arrays.copyOf(rows, count * 2);
        values = Arrays.copyOf(values, count * 2);
      }
      rows[count] = row;
      values[count] = value;
      count++;
    }

    void clear() {
      Arrays.fill(values, 0, count, null);
      count = 0;
    }
  }
}
