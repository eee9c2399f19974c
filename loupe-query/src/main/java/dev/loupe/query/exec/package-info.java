/**
 * Runs queries over a storage {@link dev.loupe.storage.Snapshot}: {@link
 * dev.loupe.query.exec.QueryExecutor} picks the blocks the filter can match (time range, stream,
 * bloom filters), scans them in parallel and streams rows newest first to a {@link
 * dev.loupe.query.exec.RowSink}, reporting {@link dev.loupe.query.exec.QueryStats}. Inside: {@code
 * NewestFirstSearch} coordinates one search, {@code BlockScan} scans one block on a worker thread,
 * {@code NewestFirstMerger} keeps the bounded set of best rows and decides which are final. Pipes:
 * {@code Pipeline} chains the row stages, {@code StatsAggregation} runs {@code stats} over every
 * matching row in parallel into {@code GroupTable}s that merge.
 */
package dev.loupe.query.exec;
