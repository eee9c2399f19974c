package dev.loupe.cli.agent;

import java.util.function.Consumer;

/** Every non-blank line is an event of its own ({@code --multiline off}). */
final class EventAssemblerSingleLine implements EventAssembler {
  @Override
  public void addLine(
      String line, long startOffset, long endOffset, long nowNanos, Consumer<FileEvent> sink) {
    if (!line.isBlank()) {
      sink.accept(new FileEvent(line, endOffset));
    }
  }

  @Override
  public void flushIfIdle(long nowNanos, Consumer<FileEvent> sink) {}

  @Override
  public void flush(Consumer<FileEvent> sink) {}

  @Override
  public long pendingStartOffset() {
    return -1;
  }
}
