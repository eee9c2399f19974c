package dev.loupe.cli.agent;

import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The default multi-line rule: a line continues the event before it when it starts with a space or
 * a tab (stack frames, indented continuation lines), with {@code Caused by:} (a chained Java
 * exception), or with {@code ... N more} (its elided frames). Any other line starts a new event.
 * Blank lines are dropped. A pending event is emitted when the next event starts, when it would
 * exceed the size limit, or when no line came for the idle timeout (the last event of a burst).
 *
 * <p>Design note: a deliberately small rule, the one Filebeat's and Fluent Bit's Java examples use,
 * enough for Java, Scala and Kotlin traces and most indented formats. Python tracebacks end with an
 * unindented {@code ValueError: ...} line, which becomes an event of its own here. The full
 * configurable joiner is {@code dev.loupe.ingest.MultilineJoiner}; see {@link EventAssembler}.
 *
 * <p>Not thread-safe: one instance a file, used by the reader thread.
 */
final class EventAssemblerContinuation implements EventAssembler {
  private static final Pattern ELIDED_FRAMES = Pattern.compile("\\.\\.\\. \\d+ more\\b.*");

  private final int maxEventBytes;
  private final long idleTimeoutNanos;
  private final StringBuilder pending = new StringBuilder();
  private long pendingStart = -1;
  private long pendingEnd;
  private long pendingBytes;
  private long lastLineNanos;

  EventAssemblerContinuation(int maxEventBytes, long idleTimeoutNanos) {
    if (maxEventBytes <= 0 || idleTimeoutNanos <= 0) {
      throw new IllegalArgumentException("limits must be positive");
    }
    this.maxEventBytes = maxEventBytes;
    this.idleTimeoutNanos = idleTimeoutNanos;
  }

  /** Whether {@code line} continues the event before it. */
  static boolean continues(String line) {
    if (line.isEmpty()) {
      return false;
    }
    char first = line.charAt(0);
    return first == ' '
        || first == '\t'
        || line.startsWith("Caused by:")
        || ELIDED_FRAMES.matcher(line).matches();
  }

  @Override
  public void addLine(
      String line, long startOffset, long endOffset, long nowNanos, Consumer<FileEvent> sink) {
    lastLineNanos = nowNanos;
    long lineBytes = endOffset - startOffset;
    boolean hasPending = pendingStart >= 0;
    if (hasPending && continues(line) && pendingBytes + lineBytes <= maxEventBytes) {
      pending.append('\n').append(line);
      pendingEnd = endOffset;
      pendingBytes += lineBytes;
      return;
    }
    if (line.isBlank()) {
      // Dropped; it ends nothing, so a trace with a blank line in it stays one event.
      if (!hasPending) {
        return;
      }
      pendingEnd = endOffset;
      return;
    }
    flush(sink);
    pending.append(line);
    pendingStart = startOffset;
    pendingEnd = endOffset;
    pendingBytes = lineBytes;
  }

  @Override
  public void flushIfIdle(long nowNanos, Consumer<FileEvent> sink) {
    if (pendingStart >= 0 && nowNanos - lastLineNanos >= idleTimeoutNanos) {
      flush(sink);
    }
  }

  @Override
  public void flush(Consumer<FileEvent> sink) {
    if (pendingStart < 0) {
      return;
    }
    sink.accept(new FileEvent(pending.toString(), pendingEnd));
    pending.setLength(0);
    if (pending.capacity() > 64 << 10) {
      pending.trimToSize(); // do not keep a huge buffer after one huge event
    }
    pendingStart = -1;
  }

  @Override
  public long pendingStartOffset() {
    return pendingStart;
  }
}
