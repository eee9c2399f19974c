package dev.loupe.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar on stderr: {@code [#####.....] 45% 1.2M lines 310k lines/s 38 MB/s}.
 * Redrawn at most five times a second. Hand-written (30 lines) rather than a library: the libraries
 * for this pull in a terminal stack (JLine) for what a carriage return does here. Without a
 * terminal it prints nothing until {@link #finish}.
 */
final class ProgressBar {
  private static final long REDRAW_NANOS = 200_000_000L;
  private static final int WIDTH = 30;

  private final PrintStream out;
  private final long totalBytes;
  private final boolean interactive;
  private final long startNanos = System.nanoTime();
  private long lastDrawNanos;

  /** {@code totalBytes} below 1 means unknown (stdin): no percentage then. */
  ProgressBar(PrintStream out, long totalBytes) {
    this.out = out;
    this.totalBytes = totalBytes;
    this.interactive = isTerminal();
  }

  /**
   * True when stderr/stdout go to a terminal. On JDK 21 {@code System.console()} is null otherwise;
   * from JDK 22 it is never null and {@code Console.isTerminal()} (not in the 21 API this code
   * compiles against, hence the reflective call) tells.
   */
  static boolean isTerminal() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException olderJdk) {
      return true;
    }
  }

  void update(long lines, long bytes) {
    long now = System.nanoTime();
    if (!interactive || now - lastDrawNanos < REDRAW_NANOS) {
      return;
    }
    lastDrawNanos = now;
    out.print('\r' + line(lines, bytes, now) + "   ");
    out.flush();
  }

  void finish(long lines, long bytes) {
    out.print((interactive ? "\r" : "") + line(lines, bytes, System.nanoTime()) + "\n");
    out.flush();
  }

  private String line(long lines, long bytes, long now) {
    double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
    StringBuilder text = new StringBuilder();
    if (totalBytes > 0) {
      double fraction = Math.min(1.0, (double) bytes / totalBytes);
      int filled = (int) Math.round(fraction * WIDTH);
      text.append('[')
          .append("#".repeat(filled))
          .append(".".repeat(WIDTH - filled))
          .append("] ")
          .append(String.format(Locale.ROOT, "%3d%% ", Math.round(fraction * 100)));
    }
    return text.append(
            String.format(
                Locale.ROOT,
                "%,d lines  %,.0f lines/s  %.1f MB/s  %.1fs",
                lines,
                lines / seconds,
                bytes / seconds / 1e6,
                seconds))
        .toString();
  }
}
