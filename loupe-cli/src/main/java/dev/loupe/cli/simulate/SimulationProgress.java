package dev.loupe.cli.simulate;

/** Where the simulation reports how far it got; the command shows it as a progress bar. */
public interface SimulationProgress {
  /** Called every few hundred lines from the simulation's thread. */
  void update(long lines, long bytes);

  /** Called once at the end. */
  void finish(long lines, long bytes);

  /** Starts a progress display; {@code totalBytes} below 1 means unknown. */
  interface Factory {
    SimulationProgress start(long totalBytes);
  }
}
