package dev.loupe.ingest.decode;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import dev.loupe.ingest.Limits;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Splits a body into lines on bytes, without decoding characters and without holding more than one
 * line (plus one read) in memory.
 *
 * <p>Design note: the reader keeps one buffer, starting at {@link Limits#READ_BUFFER_BYTES}. It
 * reads into the free tail, hands every complete line to the consumer as a slice of the buffer (no
 * copy), then moves the unfinished last line to the front. The buffer grows only when one
 * unfinished line fills it, and never beyond {@code maxLineBytes + 2} (the line, a {@code \r}, and
 * room to read its {@code \n}). A line that is found to be longer than the limit is reported once
 * and its remaining bytes are discarded as they arrive until the next {@code \n}, so an endless
 * line costs time but no memory. Lines end at {@code \n} (found eight bytes at a time, {@link
 * Newlines}); a {@code \r} before it is removed; the last line needs no terminator. The body size
 * is counted here, where every byte passes.
 *
 * <p>Not thread-safe: one reader per body, used by the decoding thread.
 */
final class LineReader {
  private final InputStream input;
  private final long maxBodyBytes;
  private final int maxLineBytes;
  private final LongSupplier recordsStored;
  private byte[] buffer = new byte[Limits.READ_BUFFER_BYTES];

  /** Bytes {@code [0, bufferedEnd)} are the start of the current, unfinished line. */
  private int bufferedEnd;

  private long bodyBytes;
  private long lineNumber = 1;
  private boolean discardingLongLine;

  /** Receives the lines of a body in order, on the thread that calls {@link #readAll}. */
  interface LineConsumer {
    /**
     * A non-empty line without its terminator. The bytes belong to the reader and change after the
     * call returns: copy what must be kept.
     */
    void line(byte[] bytes, int offset, int length, long lineNumber) throws IOException;

    /** The line is longer than the limit; none of it is passed to {@link #line}. */
    void lineTooLong(long lineNumber) throws IOException;
  }

  /**
   * @param recordsStored how many records are already stored, quoted when the body is too large
   */
  LineReader(InputStream input, long maxBodyBytes, int maxLineBytes, LongSupplier recordsStored) {
    this.input = requireNonNull(input, "input is null");
    this.maxBodyBytes = maxBodyBytes;
    this.maxLineBytes = maxLineBytes;
    this.recordsStored = requireNonNull(recordsStored, "recordsStored is null");
  }

  /** Reads the body to its end, calling {@code consumer} for each line; call once. */
  void readAll(LineConsumer consumer) throws IOException {
    while (true) {
      if (bufferedEnd == buffer.length) {
        growBuffer();
      }
      int count = read(buffer, bufferedEnd, buffer.length - bufferedEnd);
      if (count < 0) {
        finishLastLine(consumer);
        return;
      }
      countBodyBytes(count);
      int scanFrom = bufferedEnd;
      bufferedEnd += count;
      consumeCompleteLines(consumer, scanFrom);
    }
  }

  private void consumeCompleteLines(LineConsumer consumer, int scanFrom) throws IOException {
    byte[] bytes = buffer;
    int end = bufferedEnd;
    int lineStart = 0;
    int searchFrom = scanFrom;
    int newline;
    while ((newline = Newlines.indexOf(bytes, searchFrom, end)) >= 0) {
      if (discardingLongLine) {
        discardingLongLine = false;
      } else {
        emitLine(consumer, lineStart, newline);
      }
      lineNumber++;
      lineStart = newline + 1;
      searchFrom = lineStart;
    }
    keepUnfinishedLine(consumer, lineStart);
  }

  private void keepUnfinishedLine(LineConsumer consumer, int lineStart) throws IOException {
    int unfinishedLength = bufferedEnd - lineStart;
    if (discardingLongLine) {
      bufferedEnd = 0;
      return;
    }
    // One byte of slack: the line may still end with "\r\n", and the \r does not count.
    if (unfinishedLength > maxLineBytes + 1) {
      consumer.lineTooLong(lineNumber);
      discardingLongLine = true;
      bufferedEnd = 0;
      return;
    }
    System.arraycopy(buffer, lineStart, buffer, 0, unfinishedLength);
    bufferedEnd = unfinishedLength;
  }

  private void finishLastLine(LineConsumer consumer) throws IOException {
    if (discardingLongLine || bufferedEnd == 0) {
      return;
    }
    emitLine(consumer, 0, bufferedEnd);
  }

  private void emitLine(LineConsumer consumer, int start, int end) throws IOException {
    int length = end - start;
    if (length > 0 && buffer[end - 1] == '\r') {
      length--;
    }
    if (length == 0) {
      return;
    }
    if (length > maxLineBytes) {
      consumer.lineTooLong(lineNumber);
      return;
    }
    consumer.line(buffer, start, length, lineNumber);
  }

  /** Only called when one unfinished line fills the buffer, so it is at most maxLineBytes + 1. */
  private void growBuffer() {
    int newLength = (int) Math.min(2L * buffer.length, maxLineBytes + 2L);
    buffer = Arrays.copyOf(buffer, newLength);
  }

  private int read(byte[] target, int offset, int length) throws IOException {
    try {
      return input.read(target, offset, length);
    } catch (LoupeException error) {
      // The body stream enforces its own size limit (RequestBodies); say what was stored here.
      if (error.code() != ErrorCode.PAYLOAD_TOO_LARGE) {
        throw error;
      }
      throw tooLarge(error.getMessage(), error);
    }
  }

  private void countBodyBytes(int count) {
    bodyBytes += count;
    if (bodyBytes <= maxBodyBytes) {
      return;
    }
    throw tooLarge(
        "request body is larger than "
            + maxBodyBytes
            + " bytes after decompression; send it in smaller requests or raise the body size limit",
        null);
  }

  private LoupeException tooLarge(String detail, Throwable cause) {
    String message =
        detail
            + "; the "
            + recordsStored.getAsLong()
            + " records handed to storage before the limit are stored, the rest of the body was"
            + " not read";
    return cause == null
        ? new LoupeException(ErrorCode.PAYLOAD_TOO_LARGE, message)
        : new LoupeException(ErrorCode.PAYLOAD_TOO_LARGE, message, cause);
  }
}
