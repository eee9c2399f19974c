package dev.loupe.cli.bench;

/**
 * Progress of a long step (generation, ingest), shown by the CLI's progress bar. An interface so
 * that this package does not depend on the CLI's terminal code and tests can pass {@link #NONE}.
 * Called from one thread.
 */
public interface Progress {
  Progress NONE =
      new Progress() {
        @Override
        public void update(long lines, long bytes) {}

        @Override
        public void finish(long lines, long bytes) {}
      };

  void update(long lines, long bytes);

  void finish(long lines, long bytes);

  /** Starts the display of a step of about {@code totalBytes} bytes (below 1: unknown). */
  @FunctionalInterface
  public interface Factory {
    Factory NONE = totalBytes -> Progress.NONE;

    Progress start(long totalBytes);
  }
}
