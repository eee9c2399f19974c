package dev.loupe.storage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Size-tiered merge selection, as in Cassandra's STCS and the LSM literature (O'Neil et al., "The
 * Log-Structured Merge-Tree", 1996).
 *
 * <p>What: parts of one partition are put in tiers by size (tier = floor(log4(bytes / 1 MiB))); a
 * tier holding at least {@link #MIN_PARTS} parts is merged, its smallest parts first, at most
 * {@link #MAX_PARTS} at a time. Why: every row is rewritten about log4(total / flush size) times,
 * far fewer than levelled compaction, which matters because ingest speed is the product's edge.
 * Trade-off: a partition holds up to ~{@code MIN_PARTS - 1} parts per tier, so a query opens a few
 * more parts than after a full merge; part indexes are in memory, so that is cheap. Besides tiers,
 * a partition over {@link #MAX_PARTS_PER_PARTITION} parts merges its smallest ones, which bounds
 * open files whatever the size mix.
 */
final class MergePolicy {
  /** Four equal parts make one part of the next tier: the classic STCS threshold. */
  static final int MIN_PARTS = 4;

  /** Bounds the merge's open readers and the time one merge holds the merge thread. */
  static final int MAX_PARTS = 16;

  /** Above this many parts in one partition, merge regardless of tiers. */
  static final int MAX_PARTS_PER_PARTITION = 24;

  private static final long TIER_BASE_BYTES = 1L << 20;

  private MergePolicy() {}

  /** The parts to merge next in one partition, or an empty list. */
  static List<PartHandle> select(List<PartHandle> partitionParts) {
    List<PartHandle> bySize = new ArrayList<>(partitionParts);
    bySize.sort(Comparator.comparingLong(PartHandle::bytesOnDisk));
    if (bySize.size() > MAX_PARTS_PER_PARTITION) {
      return List.copyOf(bySize.subList(0, Math.min(MAX_PARTS, bySize.size())));
    }
    int start = 0;
    while (start < bySize.size()) {
      int tier = tier(bySize.get(start).bytesOnDisk());
      int end = start;
      while (end < bySize.size() && tier(bySize.get(end).bytesOnDisk()) == tier) {
        end++;
      }
      if (end - start >= MIN_PARTS) {
        return List.copyOf(bySize.subList(start, Math.min(end, start + MAX_PARTS)));
      }
      start = end;
    }
    return List.of();
  }

  static int tier(long bytes) {
    long units = Math.max(1, bytes / TIER_BASE_BYTES);
    return (63 - Long.numberOfLeadingZeros(units)) / 2;
  }
}
