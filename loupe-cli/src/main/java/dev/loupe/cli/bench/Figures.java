package dev.loupe.cli.bench;

import java.util.Locale;

/**
 * How the report writes numbers: counts with thousands separators, rates with k/M, sizes in decimal
 * units (MB = 10^6 bytes, as MB/s is read) except memory in binary units (MiB, as the JVM's -Xmx
 * counts), durations in the unit that leaves one to three integer digits. Locale-free so that
 * reports compare line by line. Stateless.
 */
final class Figures {
  private Figures() {}

  static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  /** {@code 312.4 k}, {@code 1.25 M}, {@code 950}. */
  static String rate(double perSecond) {
    if (perSecond >= 1e6) {
      return String.format(Locale.ROOT, "%.2f M", perSecond / 1e6);
    }
    if (perSecond >= 1e3) {
      return String.format(Locale.ROOT, "%.1f k", perSecond / 1e3);
    }
    return String.format(Locale.ROOT, "%.0f", perSecond);
  }

  /** Decimal: {@code 512 B}, {@code 12.3 kB}, {@code 45.6 MB}, {@code 1.23 GB}. */
  static String bytes(long bytes) {
    if (bytes < 1_000) {
      return bytes + " B";
    }
    if (bytes < 1_000_000) {
      return String.format(Locale.ROOT, "%.1f kB", bytes / 1e3);
    }
    if (bytes < 1_000_000_000) {
      return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
    return String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
  }

  /** Binary, for memory: {@code 412 MiB}, {@code 1.5 GiB}. */
  static String memory(long bytes) {
    if (bytes < 0) {
      return "n/a";
    }
    double mebibytes = bytes / (double) (1 << 20);
    if (mebibytes >= 1024) {
      return String.format(Locale.ROOT, "%.1f GiB", mebibytes / 1024);
    }
    return String.format(Locale.ROOT, "%.0f MiB", mebibytes);
  }

  /** {@code 850 µs}, {@code 12.3 ms}, {@code 345 ms}, {@code 2.41 s}, {@code 95.0 s}. */
  static String duration(long nanos) {
    if (nanos < 1_000_000) {
      return String.format(Locale.ROOT, "%.0f µs", nanos / 1e3);
    }
    if (nanos < 100_000_000) {
      return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }
    if (nanos < 1_000_000_000) {
      return String.format(Locale.ROOT, "%.0f ms", nanos / 1e6);
    }
    if (nanos < 10_000_000_000L) {
      return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }
    return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
  }

  /** {@code 23.4×}, {@code 0.82×}. */
  static String ratio(double ratio) {
    if (Double.isNaN(ratio) || Double.isInfinite(ratio)) {
      return "n/a";
    }
    return String.format(Locale.ROOT, ratio >= 10 ? "%.1f×" : "%.2f×", ratio);
  }

  /** {@code 12.3}: a plain decimal with one digit, e.g. bytes a line. */
  static String decimal(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }
}
