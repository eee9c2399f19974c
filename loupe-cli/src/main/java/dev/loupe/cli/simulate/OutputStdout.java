package dev.loupe.cli.simulate;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code --output -}: the shipped form of each line (see {@link Formats#ndjson}) on a stream,
 * normally stdout. Text gathers in a buffer of {@value #BUFFER_CHARS} characters and is encoded and
 * written in one go; {@link #tick} pushes it out after the flush interval, so a pipe sees a slow
 * stream live. The stream is flushed, not closed, at the end.
 */
final class OutputStdout implements Output {
  private static final int BUFFER_CHARS = 1 << 16;

  private final OutputStream out;
  private final long flushIntervalNanos;
  private final Formats formats = new Formats();
  private final StringBuilder buffer = new StringBuilder(BUFFER_CHARS + 4_096);
  private long lines;
  private long lastFlushNanos = Long.MIN_VALUE;

  OutputStdout(OutputStream out, long flushIntervalNanos) {
    this.out = out;
    this.flushIntervalNanos = flushIntervalNanos;
  }

  @Override
  public void write(Line line) throws IOException {
    formats.ndjson(buffer, line);
    lines++;
    if (buffer.length() >= BUFFER_CHARS) {
      drain();
    }
  }

  @Override
  public void tick(long wallNanos) throws IOException {
    if (lastFlushNanos == Long.MIN_VALUE) {
      lastFlushNanos = wallNanos;
    }
    if (wallNanos - lastFlushNanos >= flushIntervalNanos) {
      drain();
      out.flush();
      lastFlushNanos = wallNanos;
    }
  }

  private void drain() throws IOException {
    if (buffer.isEmpty()) {
      return;
    }
    out.write(buffer.toString().getBytes(StandardCharsets.UTF_8));
    buffer.setLength(0);
  }

  @Override
  public void close() throws IOException {
    drain();
    out.flush();
  }

  @Override
  public String summary() {
    return String.format(java.util.Locale.ROOT, "stdout: %,d lines", lines);
  }
}
