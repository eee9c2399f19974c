package dev.loupe.cli.agent;

import java.util.function.Consumer;

/**
 * Turns the lines of one file into events. An implementation decides which lines continue the event
 * before them (a stack trace's frames) and when a pending event is complete.
 *
 * <p>This is the seam for {@code dev.loupe.ingest.MultilineJoiner} (loupe-ingest): once it exists,
 * an adapter implementing this interface replaces {@link EventAssemblerContinuation}, so files and
 * plain-text streams join lines by the same rules.
 *
 * <p>One instance a file; called by the reader thread only.
 */
interface EventAssembler {
  /**
   * Takes the next line of the file (without its line ending).
   *
   * @param startOffset file offset of the line's first byte
   * @param endOffset file offset just after its line ending
   * @param nowNanos the reader's clock, for idle timeouts
   * @param sink receives the events this line completes (usually the one before it)
   */
  void addLine(
      String line, long startOffset, long endOffset, long nowNanos, Consumer<FileEvent> sink);

  /** Emits the pending event when no line came for the assembler's idle timeout. */
  void flushIfIdle(long nowNanos, Consumer<FileEvent> sink);

  /** Emits the pending event now: the file is closed or was truncated. */
  void flush(Consumer<FileEvent> sink);

  /**
   * The file offset where the pending event starts, or -1 when none is pending. Reading may resume
   * there after a restart: everything before it has been emitted.
   */
  long pendingStartOffset();

  /** An assembler per the setting. */
  static EventAssembler of(AgentSettings settings) {
    return switch (settings.multiline()) {
      case CONTINUATION ->
          new EventAssemblerContinuation(
              settings.maxEventBytes(), settings.eventTimeout().toNanos());
      case OFF -> new EventAssemblerSingleLine();
    };
  }
}
