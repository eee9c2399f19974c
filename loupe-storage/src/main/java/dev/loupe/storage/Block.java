package dev.loupe.storage;

import java.util.Set;

/**
 * The decoded rows of one block, sorted by time ascending. Read-only; not thread-safe only in the
 * sense that nobody should mutate the arrays it hands out.
 */
public interface Block {

  BlockRef ref();

  int rowCount();

  long timeNanos(int row);

  /** The decoded column names (those asked for that exist in the block). */
  Set<String> columnNames();

  /**
   * The value of {@code column} in {@code row}, or null when the row has none. {@code _msg}, {@code
   * _stream} and {@code _stream_id} are columns like the others; {@code _time} is given as RFC 3339
   * text here and as a number by {@link #timeNanos}.
   */
  String value(String column, int row);
}
