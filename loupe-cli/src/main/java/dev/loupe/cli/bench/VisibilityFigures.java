package dev.loupe.cli.bench;

/**
 * What the time-to-visible probe measured during ingest: how many probes it sent, how many were
 * never seen within the probe's patience, and the latencies from acknowledgement (and from send) to
 * the first query that returned the line, and how long the one-line probe request took to be
 * acknowledged while the bulk load ran (the acknowledgement latency a small client sees).
 *
 * @param firstFailure the first error a probe met (ingest or query), or {@code null}
 */
record VisibilityFigures(
    int probes,
    int notVisible,
    long patienceNanos,
    Latencies acknowledgedToVisible,
    Latencies sentToVisible,
    Latencies sentToAcknowledged,
    String firstFailure) {}
