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

  /** Releases the parts this snapshot holds. Idempotent. */
  @Override
  void close();
}
