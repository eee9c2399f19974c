package dev.loupe.storage;

import dev.loupe.core.TimeRange;
import java.util.List;

/**
 * A consistent, reference-counted view of the store: the parts and memtable contents that existed
 * when it was taken. Merges and retention never delete a part a snapshot still holds. Close it when
 * the query ends; it is safe to use from several threads until then.
 */
public interface Snapshot extends AutoCloseable {

  /** Every block whose time range overlaps {@code range}, in no particular order. */
  List<BlockRef> blocks(TimeRange range);

  /**
   * The same snapshot seen by one tenant: only blocks of that tenant's streams (every block belongs
   * to one stream, so to one tenant). Closing the view closes this snapshot.
   */
  default Snapshot forTenant(String tenant) {
    Snapshot whole = this;
    return new Snapshot() {
      @Override
      public List<BlockRef> blocks(TimeRange range) {
        List<BlockRef> all = whole.blocks(range);
        List<BlockRef> tenantBlocks = new java.util.ArrayList<>(all.size());
        for (BlockRef block : all) {
          if (block.stream().tenant().equals(tenant)) {
            tenantBlocks.add(block);
          }
        }
        return tenantBlocks;
      }

      @Override
      public void close() {
        whole.close();
      }
    };
  }

  /** Releases the parts this snapshot holds. Idempotent. */
  @Override
  void close();
}
