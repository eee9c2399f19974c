package dev.loupe.storage.part;

/**
 * How one column chunk's values are laid out before compression. The id is on disk. The integer
 * encodings are described in {@link LongCodec}, the string ones in {@link StringCodec}.
 */
enum ColumnEncoding {
  /** Integers: a common scale, the minimum, then {@code (value - min) / scale} bit-packed. */
  INTEGER_FRAME_OF_REFERENCE(1, true),
  /** Integers: the first value, then zigzag varints of {@code (value - previous) / scale}. */
  INTEGER_DELTA(2, true),
  /** Integers: the first value and delta, then zigzag varints of the change of the delta. */
  INTEGER_DELTA_OF_DELTA(3, true),
  /** Strings: every value's UTF-8 length as a varint, then all the bytes. */
  STRING_PLAIN(4, false),
  /** Strings: the distinct values once, then a 0-, 1- or 2-byte index per value. */
  STRING_DICTIONARY(5, false);

  private final int id;
  private final boolean integer;

  ColumnEncoding(int id, boolean integer) {
    this.id = id;
    this.integer = integer;
  }

  int id() {
    return id;
  }

  /** True when the values are 64-bit integers (printed back with {@link Long#toString}). */
  boolean isInteger() {
    return integer;
  }

  static ColumnEncoding fromId(int id) {
    for (ColumnEncoding encoding : values()) {
      if (encoding.id == id) {
        return encoding;
      }
    }
    throw new MalformedPartException("unknown column encoding " + id);
  }
}
