package dev.loupe.storage;

import dev.loupe.core.LogRecord;
import java.util.List;

/**
 * Told of every batch the moment it enters the memtable, in WAL order (live tail). Called with the
 * store's append lock held: implementations must only hand the batch over (to a bounded queue) and
 * return, never block or do I/O.
 */
@FunctionalInterface
public interface AppendListener {
  /**
   * @param walPosition the batch's WAL position: strictly increasing, survives restarts
   * @param records the batch, unmodifiable; do not change it
   */
  void appended(long walPosition, List<LogRecord> records);
}
