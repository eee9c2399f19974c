package dev.loupe.server;

import dev.loupe.core.LogRecord;
import dev.loupe.storage.AppendListener;
import dev.loupe.storage.Storage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Fans appended batches out to live-tail clients, and keeps the most recent ones so that a client
 * that reconnects with a cursor resumes without a gap or a duplicate.
 *
 * <p>Storage calls {@link #appended} in WAL order with its append lock held; the hub only puts the
 * batch in its ring and in each subscriber's bounded queue. WAL positions are consecutive integers,
 * so a resume point older than the ring's oldest batch is detected as a gap.
 *
 * <p>Thread-safety: all methods synchronize on the hub.
 */
final class TailHub implements AppendListener {
  /** One appended batch. */
  record Batch(long position, List<LogRecord> records) {}

  private final Storage storage;
  private final int resumeLines;
  private final ArrayDeque<Batch> ring = new ArrayDeque<>();
  private final List<TailSubscriber> subscribers = new ArrayList<>();
  private long ringLines;
  private long lastPosition;

  TailHub(Storage storage, int resumeLines) {
    this.storage = storage;
    this.resumeLines = resumeLines;
    this.lastPosition = storage.addAppendListener(this);
  }

  @Override
  public synchronized void appended(long walPosition, List<LogRecord> records) {
    Batch batch = new Batch(walPosition, List.copyOf(records));
    ring.addLast(batch);
    ringLines += records.size();
    while (ringLines > resumeLines && ring.size() > 1) {
      ringLines -= ring.removeFirst().records().size();
    }
    lastPosition = walPosition;
    for (TailSubscriber subscriber : subscribers) {
      subscriber.offer(batch, 0);
    }
  }

  /**
   * A new subscriber that receives every batch appended from now on, and first, when {@code after}
   * is given, the kept lines after that cursor (or a gap notice if they are no longer kept).
   */
  synchronized TailSubscriber subscribe(TailCursor after, int queueLines) {
    TailSubscriber subscriber = new TailSubscriber(queueLines, new TailCursor(lastPosition, -1));
    if (after != null) {
      replayAfter(after, subscriber);
    }
    subscribers.add(subscriber);
    return subscriber;
  }

  synchronized void unsubscribe(TailSubscriber subscriber) {
    subscribers.remove(subscriber);
  }

  void close() {
    storage.removeAppendListener(this);
  }

  private void replayAfter(TailCursor after, TailSubscriber subscriber) {
    long oldestKept = ring.isEmpty() ? lastPosition + 1 : ring.peekFirst().position();
    if (after.position() + 1 < oldestKept && after.position() < lastPosition) {
      subscriber.noteGap(after, oldestKept);
    }
    for (Batch batch : ring) {
      if (batch.position() > after.position()) {
        subscriber.offer(batch, 0);
      } else if (batch.position() == after.position()
          && after.index() + 1 < batch.records().size()) {
        subscriber.offer(batch, after.index() + 1);
      }
    }
  }
}
