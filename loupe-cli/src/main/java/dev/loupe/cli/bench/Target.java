package dev.loupe.cli.bench;

import static java.util.Objects.requireNonNull;

/**
 * A target of issue 2 for one figure: a limit the figure must reach ({@link #atLeast}) or stay
 * under ({@link #atMost}), with the text the report prints. Immutable.
 *
 * <p>The targets, for a 2-core machine: ingest at least 250 k lines/s; disk no larger than {@code
 * zstd -3} of the raw file; needle search at least 20 times faster than {@code grep -F}; p99 time
 * to visible at most 1 s; acknowledgement p99 at most 20 ms; ready within 2 s of start; server RSS
 * at most 768 MB while ingesting. Issue 3 adds: needle search at most 50 ms warm, {@code stats
 * count() by (status)} over all lines at most 1 s warm, live-tail p99 at most 1 s.
 */
record Target(String text, double limit, boolean atLeast) {
  static final Target INGEST_LINES_PER_SECOND = atLeast("≥ 250 k lines/s", 250_000);
  static final Target DISK_VERSUS_ZSTD_RAW = atMost("≤ 1.00×", 1.0);
  static final Target NEEDLE_SPEEDUP = atLeast("≥ 20×", 20);
  static final Target VISIBLE_P99_NANOS = atMost("p99 ≤ 1 s", 1e9);
  static final Target ACKNOWLEDGEMENT_P99_NANOS = atMost("p99 ≤ 20 ms", 20e6);
  // issue 3: the query language's figures
  static final Target NEEDLE_WARM_NANOS = atMost("≤ 50 ms", 50e6);
  static final Target COUNT_BY_NANOS = atMost("≤ 1 s", 1e9);
  static final Target TAIL_P99_NANOS = atMost("p99 ≤ 1 s", 1e9);
  static final Target READY_NANOS = atMost("≤ 2 s", 2e9);
  // issue 4: syslog over TCP and Elasticsearch _bulk, lines acknowledged and visible a second
  static final Target PROTOCOL_LINES_PER_SECOND = atLeast("≥ 200 k lines/s", 200_000);

  /** 768 MiB: the "768 MB" read the way -Xmx and RSS tools count memory. */
  static final Target RESIDENT_BYTES = atMost("≤ 768 MiB", 768.0 * (1 << 20));

  Target {
    requireNonNull(text, "text is null");
  }

  static Target atLeast(String text, double limit) {
    return new Target(text, limit, true);
  }

  static Target atMost(String text, double limit) {
    return new Target(text, limit, false);
  }

  Verdict judge(double measured) {
    if (Double.isNaN(measured)) {
      return Verdict.NOT_MEASURED;
    }
    boolean met = atLeast ? measured >= limit : measured <= limit;
    return met ? Verdict.MET : Verdict.MISSED;
  }
}
