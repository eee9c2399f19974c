package dev.loupe.cli.bench;

import java.io.IOException;
import java.util.Map;

/**
 * Reads {@code /health} every {@value #INTERVAL_MILLIS} ms while the load runs and keeps the
 * largest resident set and heap in use it saw. The server's own peaks ({@code rss_peak_bytes}, the
 * kernel's high-water mark) are exact; these samples show how close to that peak the server stays
 * while ingesting. Runs on its own thread: {@link #start}, then {@link #stop}.
 */
final class HealthSampler {
  static final long INTERVAL_MILLIS = 250;

  private final LoupeHttp http;
  private volatile boolean stopped;
  private volatile long maxResidentBytes = -1;
  private volatile long maxHeapUsedBytes = -1;
  private volatile int samples;
  private Thread thread;

  HealthSampler(LoupeHttp http) {
    this.http = http;
  }

  void start() {
    thread = Thread.ofPlatform().name("bench-health").daemon().start(this::loop);
  }

  void stop() throws InterruptedException {
    stopped = true;
    thread.interrupt();
    thread.join();
  }

  long maxResidentBytes() {
    return maxResidentBytes;
  }

  long maxHeapUsedBytes() {
    return maxHeapUsedBytes;
  }

  int samples() {
    return samples;
  }

  private void loop() {
    while (!stopped) {
      try {
        sample();
        Thread.sleep(INTERVAL_MILLIS);
      } catch (InterruptedException interrupted) {
        return;
      }
    }
  }

  private void sample() throws InterruptedException {
    try {
      Map<String, String> health = http.health();
      maxResidentBytes = Math.max(maxResidentBytes, valueOf(health, "rss_bytes"));
      maxHeapUsedBytes = Math.max(maxHeapUsedBytes, valueOf(health, "heap_used_bytes"));
      samples++;
    } catch (IOException | RuntimeException skipped) {
      // a busy server may be slow to answer: a missed sample is not a failure of the run
    }
  }

  private static long valueOf(Map<String, String> health, String name) {
    String value = health.get(name);
    return value == null ? -1 : (long) Double.parseDouble(value);
  }
}
