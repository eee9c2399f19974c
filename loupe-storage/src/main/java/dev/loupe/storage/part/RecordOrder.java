package dev.loupe.storage.part;

import dev.loupe.core.LogRecord;
import java.util.Comparator;

/** The order rows have inside a part, which {@link PartWriter#add} requires. */
public final class RecordOrder {
  /**
   * By stream id (unsigned, {@link dev.loupe.core.StreamId#compareTo}), then by time. Records equal
   * under it keep their relative order under a stable sort ({@link java.util.List#sort}).
   */
  public static final Comparator<LogRecord> BY_STREAM_THEN_TIME = RecordOrder::compare;

  private RecordOrder() {}

  private static int compare(LogRecord first, LogRecord second) {
    if (first.stream() != second.stream()) {
      int byStream = first.stream().id().compareTo(second.stream().id());
      if (byStream != 0) {
        return byStream;
      }
    }
    return Long.compare(first.timeNanos(), second.timeNanos());
  }
}
