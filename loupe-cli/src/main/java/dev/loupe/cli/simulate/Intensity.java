package dev.loupe.cli.simulate;

/**
 * How many lines per simulated second the world writes at a given time: a constant, or with {@code
 * --diurnal} a day's shape, {@code 1 + 0.6 cos(2 pi (hour - 15) / 24)}: busiest at 15:00 UTC (1.6
 * times the mean), quietest at 03:00 (0.4 times), averaging the constant over a day. A cosine
 * rather than a recorded traffic curve: smooth, one parameter, and its mean is exact, so {@code
 * --rate} stays the day's average.
 */
final class Intensity {
  static final double DIURNAL_AMPLITUDE = 0.6;
  static final int DIURNAL_PEAK_HOUR = 15;

  private static final double NANOS_PER_DAY = 86_400e9;

  private final double linesPerSecond;
  private final boolean diurnal;

  Intensity(double linesPerSecond, boolean diurnal) {
    if (!(linesPerSecond > 0) || Double.isInfinite(linesPerSecond)) {
      throw new IllegalArgumentException("lines per second must be positive: " + linesPerSecond);
    }
    this.linesPerSecond = linesPerSecond;
    this.diurnal = diurnal;
  }

  /** Lines per simulated second at {@code timeNanos}. */
  double at(long timeNanos) {
    return diurnal ? linesPerSecond * shape(timeNanos) : linesPerSecond;
  }

  /** The day's shape at {@code timeNanos}: 0.4 to 1.6, mean 1 over a UTC day. */
  static double shape(long timeNanos) {
    double dayFraction = Math.floorMod(timeNanos, (long) NANOS_PER_DAY) / NANOS_PER_DAY;
    return 1 + DIURNAL_AMPLITUDE * Math.cos(2 * Math.PI * (dayFraction - DIURNAL_PEAK_HOUR / 24.0));
  }
}
