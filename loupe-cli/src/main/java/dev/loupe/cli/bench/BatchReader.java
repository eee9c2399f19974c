package dev.loupe.cli.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Cuts a stream of lines into request bodies of {@code linesPerBatch} whole lines each. Works on
 * bytes (no decoding: the body goes out as it was read) with one read buffer. A last line without a
 * newline counts as a line. Not thread-safe: the load client reads from one thread.
 */
final class BatchReader {
  /** One request body and the lines in it. */
  record Batch(byte[] body, int lines) {}

  /** Read size: large reads, few system calls; the file is usually in the page cache. */
  private static final int READ_BUFFER_BYTES = 1 << 20;

  /** First guess of a body's size a line (the data set's NDJSON lines average ~410 bytes). */
  private static final int EXPECTED_LINE_BYTES = 512;

  private final InputStream input;
  private final int linesPerBatch;
  private final byte[] buffer = new byte[READ_BUFFER_BYTES];
  private int position;
  private int limit;
  private boolean endOfInput;

  BatchReader(InputStream input, int linesPerBatch) {
    if (linesPerBatch < 1) {
      throw new IllegalArgumentException("linesPerBatch must be positive: " + linesPerBatch);
    }
    this.input = input;
    this.linesPerBatch = linesPerBatch;
  }

  /** The next batch, or {@code null} at the end of the input. */
  Batch next() throws IOException {
    ByteArrayOutputStream body =
        new ByteArrayOutputStream(Math.min(linesPerBatch, 1 << 16) * EXPECTED_LINE_BYTES);
    int lines = 0;
    boolean partialLine = false;
    while (lines < linesPerBatch && fill()) {
      int newline = indexOfNewline();
      if (newline < 0) {
        body.write(buffer, position, limit - position);
        position = limit;
        partialLine = true;
        continue;
      }
      body.write(buffer, position, newline + 1 - position);
      position = newline + 1;
      lines++;
      partialLine = false;
    }
    if (partialLine) {
      lines++;
    }
    return body.size() == 0 ? null : new Batch(body.toByteArray(), lines);
  }

  /** True when there are bytes to read at {@code position}; reads more when needed. */
  private boolean fill() throws IOException {
    while (position == limit && !endOfInput) {
      int read = input.read(buffer);
      if (read < 0) {
        endOfInput = true;
        return false;
      }
      position = 0;
      limit = read;
    }
    return position < limit;
  }

  private int indexOfNewline() {
    for (int index = position; index < limit; index++) {
      if (buffer[index] == '\n') {
        return index;
      }
    }
    return -1;
  }
}
