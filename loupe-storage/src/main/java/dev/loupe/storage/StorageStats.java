package dev.loupe.storage;

import java.util.List;

/**
 * A point-in-time summary of the store for {@code /metrics}, health and the benchmark.
 *
 * @param partitions day partitions with at least one part
 * @param parts live parts
 * @param partBytes bytes of all live parts on disk (WAL excluded)
 * @param partRows rows in live parts
 * @param walBytes bytes of WAL segments
 * @param memtableRows rows not yet in a part (memtable and flushes in progress)
 * @param appendedRows rows acknowledged since start
 * @param flushes parts written by flushes since start
 * @param merges merges finished since start
 * @param corruptParts directories of parts that failed validation and are not served
 */
public record StorageStats(
    int partitions,
    int parts,
    long partBytes,
    long partRows,
    long walBytes,
    long memtableRows,
    long appendedRows,
    long flushes,
    long merges,
    List<String> corruptParts) {}
