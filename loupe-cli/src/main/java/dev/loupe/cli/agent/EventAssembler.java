package dev.loupe.cli.agent;

import static java.util.Objects.requireNonNull;

import dev.loupe.ingest.MultilineJoiner;
import dev.loupe.ingest.MultilineRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Turns the lines of one file into events with the server's {@link MultilineJoiner}, so a file
 * tailed by the agent and a plain-text body sent over HTTP are joined by one rule ({@link
 * MultilineRule}: stack traces of Java, Python and Go and indented lines by default, or a
 * start-of-event pattern, or none), within the same limits of lines and bytes an event.
 *
 * <p>What the agent adds to the joiner: file offsets and time. Each event carries the offset just
 * after its last line, and {@link #pendingStartOffset} says where the event still being joined
 * starts, so that reading resumes there after a restart and nothing is shipped twice or lost. The
 * joiner numbers lines; this class keeps the offsets of the line being added and of the one before
 * it, which is all an event's end can be: an event is handed on either when a line that does not
 * continue it arrives (it ends at the line before), or at once with the line itself (every line an
 * event, or a line too long to join), or by a flush (it ends at the last line added). A pending
 * event is handed on after {@code idleTimeoutNanos} without a new line ({@code --event-timeout}),
 * so the last event of a file that stopped growing is not held until the next line comes.
 *
 * <p>Empty lines are skipped, as in plain-text bodies: they never end an event. Lines arrive
 * decoded (invalid UTF-8 already replaced), so their text passes through unchanged.
 *
 * <p>Not thread-safe: one instance a file, used by the reader thread.
 */
final class EventAssembler {
  private final MultilineJoiner joiner;
  private final long idleTimeoutNanos;

  /** Number of the last line added, counting only lines given to the joiner. */
  private long lineNumber;

  /** While a line is being added: its end offset; -1 outside {@link #addLine}. */
  private long addingEnd = -1;

  /** The end offset of the last line added (before the one being added, during an add). */
  private long lastEnd;

  private long pendingStart = -1;
  private long lastLineNanos;
  private boolean handedOnDuringAdd;
  private Consumer<FileEvent> sink;

  /**
   * @param rule which lines continue an event
   * @param maxEventLines most lines an event holds; the next line starts a new one
   * @param maxEventBytes most bytes an event holds; the next line starts a new one
   * @param idleTimeoutNanos a pending event is complete after this long without a new line
   */
  EventAssembler(MultilineRule rule, int maxEventLines, int maxEventBytes, long idleTimeoutNanos) {
    requireNonNull(rule, "rule is null");
    if (idleTimeoutNanos <= 0) {
      throw new IllegalArgumentException("idleTimeoutNanos must be positive: " + idleTimeoutNanos);
    }
    this.joiner = new MultilineJoiner(rule, maxEventLines, maxEventBytes, this::handOn);
    this.idleTimeoutNanos = idleTimeoutNanos;
  }

  /** The assembler the settings ask for. */
  static EventAssembler of(AgentSettings settings) {
    return new EventAssembler(
        settings.multiline(),
        settings.maxEventLines(),
        settings.maxEventBytes(),
        settings.eventTimeout().toNanos());
  }

  /**
   * Takes the next line of the file (without its line ending).
   *
   * @param startOffset file offset of the line's first byte
   * @param endOffset file offset just after its line ending
   * @param nowNanos the reader's clock, for the idle timeout
   * @param events receives the events this line completes (usually the one before it)
   */
  void addLine(
      String line, long startOffset, long endOffset, long nowNanos, Consumer<FileEvent> events) {
    if (line.isEmpty()) {
      return;
    }
    lastLineNanos = nowNanos;
    boolean hadPending = joiner.hasPending();
    handedOnDuringAdd = false;
    lineNumber++;
    addingEnd = endOffset;
    sink = events;
    try {
      joiner.add(line, lineNumber);
    } catch (IOException impossible) {
      // handOn throws none; the joiner only passes on what its consumer throws.
      throw new UncheckedIOException(impossible);
    } finally {
      sink = null;
      addingEnd = -1;
    }
    lastEnd = endOffset;
    if (!joiner.hasPending()) {
      pendingStart = -1;
    } else if (!hadPending || handedOnDuringAdd) {
      pendingStart = startOffset;
    }
  }

  /** Hands on the pending event when no line came for the idle timeout. */
  void flushIfIdle(long nowNanos, Consumer<FileEvent> events) {
    if (joiner.hasPending() && nowNanos - lastLineNanos >= idleTimeoutNanos) {
      flush(events);
    }
  }

  /** Hands on the pending event now: the file is closed or was truncated. */
  void flush(Consumer<FileEvent> events) {
    sink = events;
    try {
      joiner.flush();
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    } finally {
      sink = null;
    }
    pendingStart = -1;
  }

  /**
   * The file offset where the pending event starts, or -1 when none is pending. Reading may resume
   * there after a restart: everything before it has been handed on.
   */
  long pendingStartOffset() {
    return pendingStart;
  }

  private void handOn(byte[] bytes, int offset, int length, long firstLineNumber, int lineCount) {
    long lastLine = firstLineNumber + lineCount - 1;
    long end = addingEnd >= 0 && lastLine == lineNumber ? addingEnd : lastEnd;
    handedOnDuringAdd = true;
    sink.accept(new FileEvent(new String(bytes, offset, length, StandardCharsets.UTF_8), end));
  }
}
