package dev.loupe.cli.simulate;

import java.io.IOException;
import java.util.function.LongSupplier;

/**
 * Holds lines back until their time: a line of simulated time {@code t} is due at wall time {@code
 * wallStart + (t - simulatedStart) / speed}. Waits in slices of at most {@value #SLICE_MILLIS} ms,
 * calling the tick between slices so outputs flush while the simulation waits; a line already due
 * passes at once, and waits shorter than {@value #MIN_WAIT_MICROS} µs are skipped (a sleep that
 * short costs more than it saves), so the pace holds on average. The wall clock and the sleep are
 * injected, so tests run on fake time. Not thread-safe.
 */
final class Pacer {
  static final long SLICE_MILLIS = 100;
  static final long MIN_WAIT_MICROS = 500;

  /** Sleeps for the given nanoseconds. */
  interface Sleeper {
    void sleep(long nanos) throws InterruptedException;
  }

  /** What to do between slices of waiting, with the wall time. */
  interface Tick {
    void run(long wallNanos) throws IOException;
  }

  private final long simulatedStartNanos;
  private final double speed;
  private final LongSupplier wallClock;
  private final Sleeper sleeper;
  private final long wallStartNanos;

  Pacer(long simulatedStartNanos, double speed, LongSupplier wallClock, Sleeper sleeper) {
    if (!(speed > 0)) {
      throw new IllegalArgumentException("speed must be positive: " + speed);
    }
    this.simulatedStartNanos = simulatedStartNanos;
    this.speed = speed;
    this.wallClock = wallClock;
    this.sleeper = sleeper;
    this.wallStartNanos = wallClock.getAsLong();
  }

  /** The wall time at which a line of simulated time {@code simulatedNanos} is due. */
  long dueNanos(long simulatedNanos) {
    return wallStartNanos + (long) ((simulatedNanos - simulatedStartNanos) / speed);
  }

  /** Returns when the line of simulated time {@code simulatedNanos} is due. */
  void await(long simulatedNanos, Tick tick) throws IOException, InterruptedException {
    long due = dueNanos(simulatedNanos);
    while (true) {
      long now = wallClock.getAsLong();
      long wait = due - now;
      if (wait < MIN_WAIT_MICROS * 1_000) {
        return;
      }
      tick.run(now);
      sleeper.sleep(Math.min(wait, SLICE_MILLIS * 1_000_000));
    }
  }
}
