/**
 * {@code loupe agent}: the file shipper. Tails files by glob, follows them through rotation and
 * truncation, assembles multi-line events, batches them as gzip-compressed JSON lines into a
 * bounded on-disk spool, and ships the spool to a Loupe server's {@code POST /api/v1/ingest} with
 * retries.
 *
 * <p>Two threads: the reader ({@link dev.loupe.cli.agent.Tailer}: discovery, reading, assembly,
 * batching, the state file) and the shipper ({@link dev.loupe.cli.agent.Shipper}: HTTP, backoff).
 * They meet only at the {@link dev.loupe.cli.agent.Spool}. The agent talks to the server over its
 * public HTTP API, like any other shipper; it uses none of the server's classes. Multi-line events
 * are joined by loupe-ingest's {@link dev.loupe.ingest.MultilineJoiner}, the rule the server
 * applies to plain text, through {@link dev.loupe.cli.agent.EventAssembler}.
 */
package dev.loupe.cli.agent;
