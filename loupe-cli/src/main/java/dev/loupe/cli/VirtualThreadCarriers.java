package dev.loupe.cli;

/**
 * How many carrier (platform) threads run the server's virtual threads.
 *
 * <p>Design note. Helidon serves every HTTP request on a virtual thread, and the JDK runs virtual
 * threads on as many carriers as there are cores, never preempting one: while ingest requests
 * decode their bodies (CPU-bound, tens of milliseconds for a 1 MB body), every carrier is taken,
 * and a small query waits for one to come free. On 2 cores under saturated ingest, a line was
 * visible to a query 200–300 ms (p50) and 0.8–2.3 s (p99) after it was acknowledged. With more
 * carriers than cores, the operating system time-slices them, so a query gets a core within a
 * scheduler quantum: with 4 a core, 50–57 ms and 266–331 ms in the same bench. The trade-off is
 * throughput under full load (context switches, and the query and merge work that now gets its
 * share): 1 M-line runs gave about 7 % fewer lines/s with 4 carriers a core than with 1 (82.5 k
 * against 88.6 k lines/s, noisy), 12 % with 8 a core. The JDK reads {@code
 * jdk.virtualThreadScheduler.parallelism} once, when the first virtual thread starts, so this must
 * run before the server starts; a value the user set with {@code -D} wins.
 */
final class VirtualThreadCarriers {
  static final String PROPERTY = "jdk.virtualThreadScheduler.parallelism";

  /** Carriers a core by default: enough that a request finds one while ingest decodes. */
  static final int DEFAULT_PER_CORE = 4;

  private VirtualThreadCarriers() {}

  /**
   * Sets the carrier count to {@code requested} (null: {@link #DEFAULT_PER_CORE} a core) unless the
   * JVM was started with the property; returns the count in force.
   */
  static int configure(Integer requested, int cores) {
    String given = System.getProperty(PROPERTY);
    if (given != null) {
      return Integer.parseInt(given.strip());
    }
    int carriers = requested != null ? requested : DEFAULT_PER_CORE * cores;
    if (carriers < 1) {
      throw new IllegalArgumentException(
          "--virtual-thread-carriers must be at least 1: " + carriers);
    }
    System.setProperty(PROPERTY, Integer.toString(carriers));
    return carriers;
  }
}
