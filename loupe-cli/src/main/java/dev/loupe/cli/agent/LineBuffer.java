package dev.loupe.cli.agent;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * Cuts the bytes of one file into lines, remembering where each starts and ends in the file. Bytes
 * after the last newline are kept as a fragment until more arrive ({@link #flushFragment} ships one
 * that waited too long). A line longer than the limit is cut into pieces at the limit (backed off
 * to a UTF-8 character boundary), so that memory stays bounded and nothing is dropped.
 *
 * <p>Lines are decoded as UTF-8; invalid bytes become U+FFFD. A {@code \r} before the newline is
 * dropped. Offsets are in bytes, and always the file's: they are what the state file stores.
 *
 * <p>Not thread-safe: one reader thread owns it.
 */
final class LineBuffer {
  /** Receives each line with the file offsets of its first byte and of the byte after its end. */
  interface LineSink {
    void line(String text, long startOffset, long endOffset);
  }

  private final int maxLineBytes;
  private byte[] fragment = new byte[256];
  private int fragmentLength;
  private long fragmentStart;

  /**
   * @param maxLineBytes longest line; longer ones are cut
   * @param startOffset the file offset of the first byte that will be appended
   */
  LineBuffer(int maxLineBytes, long startOffset) {
    if (maxLineBytes < 4) {
      throw new IllegalArgumentException("maxLineBytes must be at least 4: " + maxLineBytes);
    }
    this.maxLineBytes = maxLineBytes;
    this.fragmentStart = startOffset;
  }

  /** The file offset of the next byte to append: where reading continues. */
  long nextOffset() {
    return fragmentStart + fragmentLength;
  }

  /** Where the kept fragment starts: every byte before it has been handed out as a line. */
  long fragmentStart() {
    return fragmentStart;
  }

  boolean hasFragment() {
    return fragmentLength > 0;
  }

  /**
   * Splits {@code data} (the bytes at {@link #nextOffset}) into lines; keeps the rest. Before each
   * line it asks {@code full}: when true it stops, and the bytes from that line on stay unconsumed
   * in {@code data} (its position is left at them) to be read again later.
   */
  void append(ByteBuffer data, LineSink sink, BooleanSupplier full) {
    byte[] bytes = data.array();
    int base = data.arrayOffset();
    int position = base + data.position();
    int end = base + data.limit();
    while (position < end) {
      int newline = indexOfNewline(bytes, position, end);
      if (newline < 0) {
        keep(bytes, position, end, sink);
        position = end;
        break;
      }
      if (full.getAsBoolean()) {
        break;
      }
      if (fragmentLength == 0) {
        emitWhole(bytes, position, newline, sink);
      } else {
        keep(bytes, position, newline, sink);
        emitFragment(sink, 1);
      }
      position = newline + 1;
    }
    data.position(position - base);
  }

  /** Hands out the fragment as a line even though its newline has not come (it waited long). */
  void flushFragment(LineSink sink) {
    if (fragmentLength > 0) {
      emitFragment(sink, 0);
    }
  }

  /** Forgets the fragment and continues at {@code offset} (after a truncation). */
  void reset(long offset) {
    fragmentLength = 0;
    fragmentStart = offset;
  }

  /** A line from the read buffer without copying it into the fragment. */
  private void emitWhole(byte[] bytes, int from, int newline, LineSink sink) {
    int start = from;
    while (newline - start > maxLineBytes) {
      int cut = characterBoundary(bytes, start, start + maxLineBytes);
      sink.line(decode(bytes, start, cut), fragmentStart, fragmentStart + (cut - start));
      fragmentStart += cut - start;
      start = cut;
    }
    long lineEnd = fragmentStart + (newline - start) + 1;
    sink.line(decode(bytes, start, newline), fragmentStart, lineEnd);
    fragmentStart = lineEnd;
  }

  /** Adds bytes to the fragment, handing out full pieces when it reaches the line limit. */
  private void keep(byte[] bytes, int from, int to, LineSink sink) {
    int position = from;
    while (position < to) {
      int room = maxLineBytes - fragmentLength;
      int take = Math.min(room, to - position);
      ensureCapacity(fragmentLength + take);
      System.arraycopy(bytes, position, fragment, fragmentLength, take);
      fragmentLength += take;
      position += take;
      if (fragmentLength == maxLineBytes && position < to) {
        emitPiece(sink, bytes[position]);
      }
    }
  }

  /**
   * Hands out the full fragment as a piece of a long line; when {@code nextByte} continues a UTF-8
   * sequence, the piece ends before that sequence's first byte, which stays in the fragment.
   */
  private void emitPiece(LineSink sink, byte nextByte) {
    int cut = fragmentLength;
    if (isContinuation(nextByte)) {
      for (int index = fragmentLength - 1; index > fragmentLength - 4 && index > 0; index--) {
        if (!isContinuation(fragment[index])) {
          cut = index;
          break;
        }
      }
    }
    sink.line(decode(fragment, 0, cut), fragmentStart, fragmentStart + cut);
    fragmentStart += cut;
    System.arraycopy(fragment, cut, fragment, 0, fragmentLength - cut);
    fragmentLength -= cut;
  }

  /** Hands out the whole fragment; {@code terminatorBytes} is 1 when a newline ended it. */
  private void emitFragment(LineSink sink, int terminatorBytes) {
    long lineEnd = fragmentStart + fragmentLength + terminatorBytes;
    sink.line(decode(fragment, 0, fragmentLength), fragmentStart, lineEnd);
    fragmentStart = lineEnd;
    fragmentLength = 0;
    if (fragment.length > 64 << 10) {
      fragment = new byte[256]; // do not keep a huge buffer for one long line
    }
  }

  /**
   * The largest cut at or before {@code limit} that does not split a UTF-8 sequence: continuation
   * bytes look like {@code 10xxxxxx}. Invalid input may have no boundary nearby; cut at the limit
   * then.
   */
  private static int characterBoundary(byte[] bytes, int start, int limit) {
    for (int cut = limit; cut > limit - 4 && cut > start; cut--) {
      if (!isContinuation(bytes[cut])) {
        return cut;
      }
    }
    return limit;
  }

  private static boolean isContinuation(byte value) {
    return (value & 0xC0) == 0x80;
  }

  private void ensureCapacity(int needed) {
    if (needed > fragment.length) {
      fragment = Arrays.copyOf(fragment, Math.max(needed, fragment.length * 2));
    }
  }

  private static int indexOfNewline(byte[] bytes, int from, int to) {
    for (int index = from; index < to; index++) {
      if (bytes[index] == '\n') {
        return index;
      }
    }
    return -1;
  }

  private static String decode(byte[] bytes, int from, int to) {
    int end = to > from && bytes[to - 1] == '\r' ? to - 1 : to;
    return new String(bytes, from, end - from, StandardCharsets.UTF_8);
  }
}
