package dev.loupe.ingest.decode;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds the next {@code \n} in a byte array, eight bytes at a time.
 *
 * <p>Design note: every body is split into lines before anything else happens to it, so this loop
 * touches every byte ingested over HTTP; a profile of the Elasticsearch {@code _bulk} path showed
 * the byte-at-a-time scan at about a quarter of the decoder's time. This reads eight bytes as one
 * little-endian {@code long}, XORs it with eight newlines so that newline bytes become zero, and
 * tests for a zero byte with the carry trick of "Bit Twiddling Hacks" (Sean Eron Anderson,
 * "Determine if a word has a zero byte"): {@code (x - 0x01..01) & ~x & 0x80..80} is nonzero exactly
 * when a byte of {@code x} is zero, and its lowest set bit marks the first such byte (borrows can
 * only flag bytes above a true zero, never below it), so {@code numberOfTrailingZeros / 8} is its
 * index. The tail shorter than eight bytes is scanned one byte at a time. The JDK offers no public
 * vectorised byte search on arrays (the Vector API is an incubator module); this is the same
 * technique as {@link Utf8#isValid}'s ASCII test. Stateless and thread-safe.
 */
final class Newlines {
  private static final VarHandle LONG_VIEW =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;

  private Newlines() {}

  /** The index of the first {@code \n} in {@code bytes[from, end)}, or -1. */
  static int indexOf(byte[] bytes, int from, int end) {
    int index = from;
    while (index + Long.BYTES <= end) {
      long word = (long) LONG_VIEW.get(bytes, index) ^ NEWLINES;
      long zeroBytes = (word - ONES) & ~word & HIGH_BITS;
      if (zeroBytes != 0) {
        return index + (Long.numberOfTrailingZeros(zeroBytes) >>> 3);
      }
      index += Long.BYTES;
    }
    while (index < end) {
      if (bytes[index] == '\n') {
        return index;
      }
      index++;
    }
    return -1;
  }
}
