package dev.loupe.server;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One live-tail client's queue, bounded in lines. When a batch does not fit, it is dropped whole
 * and counted; the client is told how many lines it missed with the next event it gets, and can
 * fill the hole with a query. The server never buffers without bound.
 *
 * <p>Threads: {@link #offer} from the appending thread (through {@link TailHub}), {@link #take}
 * from the client's request thread.
 */
final class TailSubscriber {
  /** A batch to send from {@code start} on, or a notice. */
  record Entry(TailHub.Batch batch, int start, long droppedBefore, String gap) {}

  private final int capacityLines;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition available = lock.newCondition();
  private final ArrayDeque<Entry> queue = new ArrayDeque<>();
  private final TailCursor start;
  private long queuedLines;
  private long dropped;
  private String gap;

  TailSubscriber(int capacityLines, TailCursor start) {
    this.capacityLines = capacityLines;
    this.start = start;
  }

  /** The cursor of the last line stored when the subscription began. */
  TailCursor start() {
    return start;
  }

  void offer(TailHub.Batch batch, int from) {
    lock.lock();
    try {
      int lines = batch.records().size() - from;
      if (queuedLines + lines > capacityLines) {
        dropped += lines;
        return;
      }
      queue.addLast(new Entry(batch, from, 0, null));
      queuedLines += lines;
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
   * The next batch, or a notice of dropped lines or of a gap, waiting up to {@code millis}; null
   * when nothing came in time.
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
        Entry notice = new Entry(null, 0, 0, gap);
        gap = null;
        return notice;
      }
      if (dropped > 0) {
        Entry notice = new Entry(null, 0, dropped, null);
        dropped = 0;
        return notice;
      }
      Entry entry = queue.removeFirst();
      queuedLines -= entry.batch().records().size() - entry.start();
      return entry;
    } finally {
      lock.unlock();
    }
  }
}
