package dev.loupe.storage;

import dev.loupe.core.TimeRange;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** Parts (each referenced once for this snapshot) and frozen memtable copies. */
final class StorageSnapshot implements Snapshot {
  private final List<PartHandle> parts;
  private final List<MemtableView> memtables;
  private final AtomicBoolean closed = new AtomicBoolean();

  StorageSnapshot(List<PartHandle> parts, List<MemtableView> memtables) {
    this.parts = parts;
    this.memtables = memtables;
  }

  @Override
  public List<BlockRef> blocks(TimeRange range) {
    if (closed.get()) {
      throw new IllegalStateException("snapshot is closed");
    }
    List<BlockRef> blocks = new ArrayList<>();
    for (PartHandle handle : parts) {
      var info = handle.part().info();
      if (!range.overlaps(info.minTimeNanos(), info.maxTimeNanos())) {
        continue;
      }
      for (BlockRef block : handle.part().blocks()) {
        if (range.overlaps(block.minTimeNanos(), block.maxTimeNanos())) {
          blocks.add(block);
        }
      }
    }
    for (MemtableView memtable : memtables) {
      blocks.addAll(memtable.blocks(range));
    }
    return blocks;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      parts.forEach(PartHandle::release);
    }
  }
}
