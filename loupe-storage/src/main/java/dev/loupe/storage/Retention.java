package dev.loupe.storage;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Drops data by age and by total size. By age: a whole day partition goes once its day ended longer
 * than {@code retention} ago. By size: while parts take more than {@code maxDiskBytes}, the oldest
 * partition goes whole; inside the newest partition the oldest parts go one by one, so a single
 * busy day cannot exceed the budget either.
 */
final class Retention {
  private static final long DAY_NANOS = 86_400_000_000_000L;

  private Retention() {}

  static void apply(Storage storage, StorageConfig config, InstantSource clock) {
    Map<String, List<PartHandle>> byPartition = new TreeMap<>();
    for (PartHandle part : storage.liveParts()) {
      byPartition.computeIfAbsent(part.partition(), name -> new ArrayList<>()).add(part);
    }
    List<PartHandle> dropped = new ArrayList<>();
    if (!config.retention().isZero()) {
      long nowNanos = clock.instant().getEpochSecond() * 1_000_000_000L;
      long cutoff = nowNanos - config.retention().toNanos();
      var iterator = byPartition.entrySet().iterator();
      while (iterator.hasNext()) {
        var partition = iterator.next();
        long start = FileNames.partitionStartNanos(partition.getKey());
        if (start >= 0 && start + DAY_NANOS <= cutoff) {
          dropped.addAll(partition.getValue());
          iterator.remove();
        }
      }
    }
    if (config.maxDiskBytes() > 0) {
      dropBySize(byPartition, config.maxDiskBytes(), dropped);
    }
    if (!dropped.isEmpty()) {
      storage.dropParts(dropped);
    }
  }

  private static void dropBySize(
      Map<String, List<PartHandle>> byPartition, long maxBytes, List<PartHandle> dropped) {
    long total = 0;
    for (List<PartHandle> parts : byPartition.values()) {
      for (PartHandle part : parts) {
        total += part.bytesOnDisk();
      }
    }
    var iterator = byPartition.entrySet().iterator();
    while (total > maxBytes && byPartition.size() > 1 && iterator.hasNext()) {
      List<PartHandle> oldest = iterator.next().getValue();
      for (PartHandle part : oldest) {
        total -= part.bytesOnDisk();
      }
      dropped.addAll(oldest);
      iterator.remove();
    }
    if (total <= maxBytes || byPartition.isEmpty()) {
      return;
    }
    List<PartHandle> newest = new ArrayList<>(byPartition.values().iterator().next());
    newest.sort(Comparator.comparingLong(part -> part.part().info().maxTimeNanos()));
    for (PartHandle part : newest) {
      if (total <= maxBytes) {
        return;
      }
      total -= part.bytesOnDisk();
      dropped.add(part);
    }
  }
}
