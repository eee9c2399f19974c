package dev.loupe.storage.wal;

import dev.loupe.core.LogRecord;
import java.util.List;

/** Receives the batches {@link WriteAheadLog#replay} reads back, one call a batch, in order. */
@FunctionalInterface
public interface BatchConsumer {
  /**
   * @param position the position {@link WriteAheadLog#write} returned for this batch
   * @param records the batch's records in the order they were written; unmodifiable
   */
  void accept(long position, List<LogRecord> records);
}
