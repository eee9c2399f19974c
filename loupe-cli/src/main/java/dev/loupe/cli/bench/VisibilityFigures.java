package dev.loupe.cli.bench;

/**
 * What the time-to-visible probe measured during ingest: how many probes it sent, how many were
 * never seen within the probe's patience, and the latencies from acknowledgement (and from send) to
 * the first query that returned the line.
 *
 * @param firstFailure the first error a probe met (ingest or query), or {@code null}
 */
record VisibilityFigures(
    int probes,
    int notVisible,
    long patienceNanos,
    Latencies acknowledgedToVisible,
    Latencies sentToVisible,
    String firstFailure) {}
