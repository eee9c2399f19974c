package dev.loupe.query.testing;

import dev.loupe.core.TimeRange;
import dev.loupe.storage.BlockRef;
import dev.loupe.storage.Snapshot;
import java.util.ArrayList;
import java.util.List;

/** A test-only snapshot over a fixed list of blocks. */
public final class InMemorySnapshot implements Snapshot {
  private final List<? extends BlockRef> blocks;

  public InMemorySnapshot(List<? extends BlockRef> blocks) {
    this.blocks = List.copyOf(blocks);
  }

  @Override
  public List<BlockRef> blocks(TimeRange range) {
    List<BlockRef> overlapping = new ArrayList<>();
    for (BlockRef block : blocks) {
      if (range.overlaps(block.minTimeNanos(), block.maxTimeNanos())) {
        overlapping.add(block);
      }
    }
    return overlapping;
  }

  @Override
  public void close() {}
}
