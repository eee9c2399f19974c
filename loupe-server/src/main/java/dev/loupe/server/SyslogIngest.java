package dev.loupe.server;

import static java.util.Objects.requireNonNull;

import dev.loupe.ingest.BatchSink;
import dev.loupe.ingest.IngestLimits;
import dev.loupe.ingest.StreamCache;
import dev.loupe.ingest.decode.DecoderSyslog;
import java.time.InstantSource;

/**
 * What every syslog listener shares: the settings, where records go, the clock and the counters.
 * Immutable; {@link #newBatch} gives each connection (or the UDP socket) its own decoder and batch.
 *
 * @param pipeline the server's one ingest pipeline
 */
record SyslogIngest(
    SyslogConfig config,
    IngestLimits limits,
    StreamCache streams,
    BatchSink pipeline,
    InstantSource clock,
    ServerMetrics metrics) {
  SyslogIngest {
    requireNonNull(config, "config is null");
    requireNonNull(limits, "limits is null");
    requireNonNull(streams, "streams is null");
    requireNonNull(pipeline, "pipeline is null");
    requireNonNull(clock, "clock is null");
    requireNonNull(metrics, "metrics is null");
  }

  /** A batch for the messages of one connection; {@code peer} names it in logs. */
  SyslogBatch newBatch(String peer) {
    return new SyslogBatch(
        new DecoderSyslog(config.options(), limits, streams), pipeline, clock, metrics, peer);
  }
}
