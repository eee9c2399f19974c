package dev.loupe.storage.wal;

/**
 * Settings of the write-ahead log.
 *
 * @param segmentBytes a segment is closed and a new one started before a batch would take it past
 *     this size (a single larger batch gets a segment of its own)
 */
public record WalOptions(long segmentBytes) {
  /**
   * 64 MB: rotation (an fsync and a new file) happens once per 64 MB, rarely enough not to matter
   * on the ingest path, while {@link WriteAheadLog#releaseThrough} can free the disk within a
   * segment's worth of ingest after each memtable flush.
   */
  public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;

  public WalOptions {
    if (segmentBytes < 1) {
      throw new IllegalArgumentException("segmentBytes must be positive: " + segmentBytes);
    }
  }

  public static WalOptions defaults() {
    return new WalOptions(DEFAULT_SEGMENT_BYTES);
  }
}
