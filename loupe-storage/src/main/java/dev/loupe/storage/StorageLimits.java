package dev.loupe.storage;

import java.time.Duration;

/** Every default and hard limit of the storage layer, each with the reason for its value. */
public final class StorageLimits {
  /**
   * Rows per block. A few thousand rows make zstd frames of ~100-500 KB for typical lines, where
   * the ratio is close to whole-file compression (STACK.md), while a needle search still skips at
   * that granularity.
   */
  public static final int DEFAULT_BLOCK_ROWS = 4096;

  /** zstd level 3: ratio within 2 % of level 1 at ~470 MB/s per core here (STACK.md). */
  public static final int DEFAULT_ZSTD_LEVEL = 3;

  /** The design promises a flush every second: bounds both replay time and memtable size. */
  public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);

  /** 64 MB of records in memory before an early flush: a 2-core laptop's heap holds it easily. */
  public static final long DEFAULT_MEMTABLE_MAX_BYTES = 64L << 20;

  /** Refuse ingest below 256 MB free: leaves room for merges and the WAL to finish safely. */
  public static final long DEFAULT_MIN_FREE_DISK_BYTES = 256L << 20;

  private StorageLimits() {}
}
