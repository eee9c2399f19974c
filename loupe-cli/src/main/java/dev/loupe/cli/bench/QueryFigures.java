package dev.loupe.cli.bench;

/**
 * One query of the query step: once cold, then warm ({@code warmClient} is the client's wall time,
 * {@code warmServer} the status's {@code duration_ms}), the rows it returned and what the bench
 * checked the answer against.
 *
 * @param check how the answer was checked, e.g. "counts sum to the 300,000 stored lines"
 */
record QueryFigures(
    String name,
    String query,
    long coldNanos,
    Latencies warmClient,
    Latencies warmServer,
    long rows,
    String check) {}
