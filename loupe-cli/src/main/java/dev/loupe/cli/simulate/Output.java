package dev.loupe.cli.simulate;

import java.io.IOException;

/**
 * Where generated lines go. All calls come from the simulation's thread, in this order: {@link
 * #write} for each line (in time order) with {@link #tick} in between, then {@link #close} once. An
 * output may hand work to threads of its own (HTTP sends); it reports their failures on a later
 * call.
 */
interface Output extends AutoCloseable {
  /** Takes one line; may buffer it. */
  void write(Line line) throws IOException;

  /**
   * Called at least every few hundred milliseconds of wall time, also while the simulation waits
   * for its pace: sends or flushes what has waited longer than the output's flush interval, so a
   * slow stream still shows up promptly.
   */
  void tick(long wallNanos) throws IOException;

  /** Sends or flushes everything, waits for it, and releases the output's resources. */
  @Override
  void close() throws IOException;

  /** One line for the end-of-run summary, e.g. {@code http://...: 1,000 accepted, 0 rejected}. */
  String summary();
}
