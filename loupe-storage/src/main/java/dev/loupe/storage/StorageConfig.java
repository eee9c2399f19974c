package dev.loupe.storage;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Every storage setting; {@link #defaults(Path)} runs on a 2-core laptop.
 *
 * @param dataDirectory where the WAL and partitions live
 * @param retention age after which a whole day partition is dropped; zero keeps forever
 * @param maxDiskBytes total size of parts beyond which the oldest partitions are dropped; zero
 *     means no limit
 * @param minFreeDiskBytes ingest is refused (HTTP 507) while the file system has less free space
 * @param flushInterval how often the memtable is written to a part
 * @param memtableMaxBytes the memtable is flushed early when it holds this much
 * @param blockRows rows per block in a part
 * @param zstdLevel compression level of column data
 * @param mergeThreads background merge workers
 */
public record StorageConfig(
    Path dataDirectory,
    Duration retention,
    long maxDiskBytes,
    long minFreeDiskBytes,
    Duration flushInterval,
    long memtableMaxBytes,
    int blockRows,
    int zstdLevel,
    int mergeThreads) {

  public StorageConfig {
    requireNonNull(dataDirectory, "dataDirectory is null");
    requireNonNull(retention, "retention is null");
    requireNonNull(flushInterval, "flushInterval is null");
    if (blockRows < 1) {
      throw new IllegalArgumentException("blockRows must be positive: " + blockRows);
    }
  }

  public static StorageConfig defaults(Path dataDirectory) {
    return new StorageConfig(
        dataDirectory,
        Duration.ZERO,
        0,
        StorageLimits.DEFAULT_MIN_FREE_DISK_BYTES,
        StorageLimits.DEFAULT_FLUSH_INTERVAL,
        StorageLimits.DEFAULT_MEMTABLE_MAX_BYTES,
        StorageLimits.DEFAULT_BLOCK_ROWS,
        StorageLimits.DEFAULT_ZSTD_LEVEL,
        1);
  }

  public StorageConfig withRetention(Duration newRetention) {
    return new StorageConfig(
        dataDirectory,
        newRetention,
        maxDiskBytes,
        minFreeDiskBytes,
        flushInterval,
        memtableMaxBytes,
        blockRows,
        zstdLevel,
        mergeThreads);
  }

  public StorageConfig withMaxDiskBytes(long newMaxDiskBytes) {
    return new StorageConfig(
        dataDirectory,
        retention,
        newMaxDiskBytes,
        minFreeDiskBytes,
        flushInterval,
        memtableMaxBytes,
        blockRows,
        zstdLevel,
        mergeThreads);
  }

  public StorageConfig withMinFreeDiskBytes(long newMinFreeDiskBytes) {
    return new StorageConfig(
        dataDirectory,
        retention,
        maxDiskBytes,
        newMinFreeDiskBytes,
        flushInterval,
        memtableMaxBytes,
        blockRows,
        zstdLevel,
        mergeThreads);
  }

  public StorageConfig withFlushInterval(Duration newFlushInterval) {
    return new StorageConfig(
        dataDirectory,
        retention,
        maxDiskBytes,
        minFreeDiskBytes,
        newFlushInterval,
        memtableMaxBytes,
        blockRows,
        zstdLevel,
        mergeThreads);
  }

  public StorageConfig withBlockRows(int newBlockRows) {
    return new StorageConfig(
        dataDirectory,
        retention,
        maxDiskBytes,
        minFreeDiskBytes,
        flushInterval,
        memtableMaxBytes,
        newBlockRows,
        zstdLevel,
        mergeThreads);
  }
}
