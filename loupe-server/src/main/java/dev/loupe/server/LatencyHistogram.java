package dev.loupe.server;

import java.util.concurrent.atomic.LongAdder;

/**
 * A Prometheus histogram of durations with fixed buckets (seconds), lock-free: each observation
 * adds to one bucket and the sum. The buckets span a needle search in a few milliseconds to a scan
 * at the query timeout's scale; Prometheus' {@code histogram_quantile} reads percentiles from them.
 * Thread-safe.
 */
final class LatencyHistogram {
  /** Upper bounds in seconds; the last bucket, {@code +Inf}, is implicit. */
  static final double[] BOUNDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};

  private final LongAdder[] buckets = new LongAdder[BOUNDS.length + 1];
  private final LongAdder sumNanos = new LongAdder();

  LatencyHistogram() {
    for (int index = 0; index < buckets.length; index++) {
      buckets[index] = new LongAdder();
    }
  }

  void observe(long nanos) {
    long clamped = Math.max(0, nanos);
    double seconds = clamped / 1e9;
    int bucket = 0;
    while (bucket < BOUNDS.length && seconds > BOUNDS[bucket]) {
      bucket++;
    }
    buckets[bucket].increment();
    sumNanos.add(clamped);
  }

  /** Writes the series: cumulative {@code _bucket{le=...}}, {@code _sum} and {@code _count}. */
  void write(StringBuilder text, String name, String help) {
    text.append("# HELP ").append(name).append(' ').append(help).append('\n');
    text.append("# TYPE ").append(name).append(" histogram\n");
    long cumulative = 0;
    for (int index = 0; index < buckets.length; index++) {
      cumulative += buckets[index].sum();
      String bound = index < BOUNDS.length ? Double.toString(BOUNDS[index]) : "+Inf";
      text.append(name)
          .append("_bucket{le=\"")
          .append(bound)
          .append("\"} ")
          .append(cumulative)
          .append('\n');
    }
    text.append(name).append("_sum ").append(sumNanos.sum() / 1e9).append('\n');
    text.append(name).append("_count ").append(cumulative).append('\n');
  }
}
