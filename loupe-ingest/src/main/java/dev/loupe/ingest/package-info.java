/**
 * The public surface of ingest: what a protocol adapter (the HTTP layer, the CLI) hands in and gets
 * back. {@link dev.loupe.ingest.IngestParameters} says how to read one request, {@link
 * dev.loupe.ingest.IngestLimits} bounds it, a {@link dev.loupe.ingest.Decoder} turns its body into
 * batches of records for a {@link dev.loupe.ingest.BatchSink}, and {@link
 * dev.loupe.ingest.IngestResult} reports what was kept and what was rejected. {@link
 * dev.loupe.ingest.StreamCache} is shared by every request. {@link dev.loupe.ingest.Limits} holds
 * every default with its reason. {@link dev.loupe.ingest.IngestPipeline} runs the {@link
 * dev.loupe.ingest.IngestStage}s ({@link dev.loupe.ingest.StageLevels}) between decoders and
 * storage. {@link dev.loupe.ingest.MultilineJoiner} joins multi-line events by a {@link
 * dev.loupe.ingest.MultilineRule}, for plain-text bodies and for tailed files.
 *
 * <p>Sub-packages: {@code decode} (one decoder a wire format: JSON lines, logfmt, access logs,
 * plain text) and {@code body} (request body decompression and size limits). Both depend on this
 * package; this package depends on neither, and nothing in ingest depends on storage or on the
 * server.
 */
package dev.loupe.ingest;
