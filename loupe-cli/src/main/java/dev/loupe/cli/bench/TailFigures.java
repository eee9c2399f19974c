package dev.loupe.cli.bench;

/**
 * What the tail probe measured during ingest: lines sent, lines never received within the patience,
 * lines received before their acknowledgement (counted as 0 ms), events the server dropped for a
 * slow reader, and the latencies from acknowledgement (and from send) to the event.
 *
 * @param firstFailure the first error the probe met (tail or ingest), or {@code null}
 */
record TailFigures(
    int probes,
    int missed,
    int beforeAcknowledgement,
    long dropped,
    long patienceNanos,
    Latencies acknowledgedToReceived,
    Latencies sentToReceived,
    String firstFailure) {}
