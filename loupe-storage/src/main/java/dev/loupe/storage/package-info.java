/**
 * The storage engine's public surface: {@link dev.loupe.storage.Storage} to append and to take
 * {@link dev.loupe.storage.Snapshot}s, and the read model the query engine scans ({@link
 * dev.loupe.storage.BlockRef}, {@link dev.loupe.storage.Block}). Sub-packages: {@code wal} (the
 * write-ahead log), {@code part} (the immutable part format), {@code engine} (memtable, partitions,
 * flushes, merges, retention).
 */
package dev.loupe.storage;
