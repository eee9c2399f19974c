package dev.loupe.server;

import dev.loupe.core.LogRecord;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One live-tail client's queue of MATCHING lines, bounded in lines. Batches are filtered here, on
 * the hub's dispatch thread, so a tail whose query matches little never fills up however fast other
 * lines arrive. When the matching lines of a batch do not fit, they are dropped and counted; the
 * client is told how many it missed with the next event it gets, and can fill the hole with a
 * query. The server never buffers without bound.
 *
 * <p>Threads: {@link #offer} from the hub (replay under the hub lock, then its dispatch thread),
 * {@link #take} from the client's request thread.
 */
final class TailSubscriber {
  /** Decides whether line {@code index} of a batch goes to this client. */
  @FunctionalInterface
  interface Matcher {
    boolean matches(LogRecord[] records, int index);
  }

  /** Matching lines of a batch (their indexes in it), or a notice. */
  record Entry(TailHub.Batch batch, int[] indexes, long droppedBefore, String gap) {}

  private final int capacityLines;
  private final Matcher matcher;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition available = lock.newCondition();
  private final ArrayDeque<Entry> queue = new ArrayDeque<>();
  private final TailCursor start;
  private long lastOfferedPosition;
  private long queuedLines;
  private long dropped;
  private String gap;

  TailSubscriber(int capacityLines, TailCursor start, Matcher matcher) {
    this.capacityLines = capacityLines;
    this.start = start;
    this.matcher = matcher;
    this.lastOfferedPosition = start.position();
  }

  /** The cursor of the last line stored when the subscription began. */
  TailCursor start() {
    return start;
  }

  /**
   * Offers lines {@code from..} of a batch. A batch at or before the last one offered is ignored,
   * so the replay of kept batches and the live dispatch can overlap without duplicates.
   */
  void offer(TailHub.Batch batch, int from, boolean replay) {
    if (!replay && batch.position() <= lastOfferedPosition) {
      return;
    }
    lastOfferedPosition = Math.max(lastOfferedPosition, batch.position());
    LogRecord[] records = batch.array();
    int[] matching = new int[records.length - from];
    int count = 0;
    for (int index = from; index < records.length; index++) {
      if (matcher.matches(records, index)) {
        matching[count++] = index;
      }
    }
    if (count == 0) {
      return;
    }
    lock.lock();
    try {
      if (queuedLines + count > capacityLines) {
        dropped += count;
        available.signal();
        return;
      }
      queue.addLast(new Entry(batch, java.util.Arrays.copyOf(matching, count), 0, null));
      queuedLines += count;
      available.signal();
    } finally {
      lock.unlock();
    }
  }

  /** A batch the hub could not dispatch in time: counted as dropped without being filtered. */
  void skip(TailHub.Batch batch) {
    if (batch.position() <= lastOfferedPosition) {
      return;
    }
    lastOfferedPosition = batch.position();
    lock.lock();
    try {
      dropped += batch.array().length;
      available.signal();
    } finally {
      lock.unlock();
    }
  }

  void noteGap(TailCursor after, long oldestKept) {
    lock.lock();
    try {
      gap =
          "lines after "
              + after
              + " are no longer kept for resuming (the oldest kept batch is "
              + oldestKept
              + "); query that time range to fill the gap";
      available.signal();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The next matching lines, or a notice of dropped lines or of a gap, waiting up to {@code
   * millis}; null when nothing came in time.
   */
  Entry take(long millis) throws InterruptedException {
    lock.lock();
    try {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
      while (queue.isEmpty() && dropped == 0 && gap == null) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          return null;
        }
        available.awaitNanos(remaining);
      }
      if (gap != null) {
        Entry notice = new Entry(null, null, 0, gap);
        gap = null;
        return notice;
      }
      if (dropped > 0) {
        Entry notice = new Entry(null, null, dropped, null);
        dropped = 0;
        return notice;
      }
      Entry entry = queue.removeFirst();
      queuedLines -= entry.indexes().length;
      return entry;
    } finally {
      lock.unlock();
    }
  }
}
