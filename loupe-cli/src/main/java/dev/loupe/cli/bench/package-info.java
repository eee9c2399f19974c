/**
 * {@code loupe bench}: the end-to-end benchmark of issue 2. Owns the seeded data-set generator
 * ({@link dev.loupe.cli.bench.DatasetGenerator} and its line kinds), the child server process, the
 * HTTP load client, the time-to-visible probe, the baselines run through {@code zstd} and {@code
 * grep}, the protocol phase of issue 4 ({@link dev.loupe.cli.bench.ProtocolPhase}: syslog, OTLP,
 * Elasticsearch {@code _bulk} and Kafka clients of the bench's own), and the report (text table and
 * Markdown for {@code docs/BENCHMARKS.md}).
 *
 * <p>Everything here talks to the server over its public protocols on 127.0.0.1, the way any client
 * would; nothing reaches into the server's classes.
 */
package dev.loupe.cli.bench;
