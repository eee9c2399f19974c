package dev.loupe.cli.bench;

import java.util.Arrays;

/**
 * Collects durations from many threads (every ingest request, every probe) and summarises them. All
 * values are kept: a bench run has at most a few thousand requests. Thread-safe.
 */
final class LatencyRecorder {
  private long[] values = new long[1024];
  private int count;

  synchronized void record(long nanos) {
    if (count == values.length) {
      values = Arrays.copyOf(values, count * 2);
    }
    values[count++] = nanos;
  }

  synchronized Latencies summary() {
    return Latencies.of(Arrays.copyOf(values, count));
  }
}
