package dev.loupe.storage.part;

/**
 * Which rows of a block have a value in a column: one bit a row, least significant bit first, a set
 * bit meaning present. Written only when some rows lack the column; a column present in every row
 * (always {@code _time} and {@code _msg}) stores no bitmap. Values are stored for present rows
 * only, so the bitmap costs rows/8 bytes and absent rows cost nothing else.
 *
 * <p>Stateless; thread-safe.
 */
final class PresenceBitmap {
  private PresenceBitmap() {}

  static int bytesFor(int rowCount) {
    return (rowCount + 7) >>> 3;
  }

  /** Appends the bitmap of {@code rows[0, count)} (ascending row numbers) over {@code rowCount}. */
  static void write(int[] rows, int count, int rowCount, ByteSink sink) {
    int length = bytesFor(rowCount);
    sink.ensureCapacity(length);
    int start = sink.size();
    for (int i = 0; i < length; i++) {
      sink.writeByte(0);
    }
    byte[] bytes = sink.array();
    for (int i = 0; i < count; i++) {
      int row = rows[i];
      bytes[start + (row >>> 3)] |= (byte) (1 << (row & 7));
    }
  }

  /**
   * Moves {@code values[0, presentCount)} to the rows the bitmap at {@code data[offset]} marks,
   * filling the other rows of {@code values[0, rowCount)} with null. In place, from the end: a
   * value never moves to a lower row, so nothing is overwritten before it is moved.
   */
  static <T> void scatter(byte[] data, int offset, int rowCount, int presentCount, T[] values) {
    int setBits = 0;
    for (int row = 0; row < rowCount; row++) {
      setBits += (data[offset + (row >>> 3)] >>> (row & 7)) & 1;
    }
    if (setBits != presentCount) {
      throw new MalformedPartException(
          "presence bitmap marks " + setBits + " rows but the column has " + presentCount);
    }
    int next = presentCount - 1;
    for (int row = rowCount - 1; row >= 0; row--) {
      boolean present = ((data[offset + (row >>> 3)] >>> (row & 7)) & 1) != 0;
      values[row] = present ? values[next--] : null;
    }
  }
}
