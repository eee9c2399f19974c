package dev.loupe.server;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LogRecord;
import dev.loupe.core.LoupeException;
import dev.loupe.storage.AppendListener;
import dev.loupe.storage.Storage;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Fans appended batches out to live-tail clients, and keeps the most recent ones so that a client
 * that reconnects with a cursor resumes without a gap or a duplicate.
 *
 * <p>Storage calls {@link #appended} in WAL order with its append lock held; the hub only puts the
 * batch in its ring and in the dispatch queue. One dispatch thread then filters each batch for
 * every subscriber (so a subscriber's bounded queue holds only lines it wants). WAL positions are
 * consecutive integers, so a resume point older than the ring's oldest batch is a gap.
 *
 * <p>The dispatch queue is bounded by the same number of lines as the ring: if the dispatcher ever
 * fell that far behind, the oldest batches are skipped unfiltered and every subscriber is told it
 * may have missed up to that many lines.
 */
final class TailHub implements AppendListener, AutoCloseable {
  /** One appended batch. */
  record Batch(long position, List<LogRecord> records, LogRecord[] array) {
    Batch(long position, List<LogRecord> records) {
      this(position, records, records.toArray(new LogRecord[0]));
    }
  }

  private final Storage storage;
  private final int resumeLines;
  private final int maxSubscribers;
  private final ArrayDeque<Batch> ring = new ArrayDeque<>();
  private final ArrayDeque<Batch> pending = new ArrayDeque<>();
  private final List<TailSubscriber> subscribers = new CopyOnWriteArrayList<>();
  private final Thread dispatcher;
  private long ringLines;
  private long pendingLines;
  private long lastPosition;
  private volatile boolean closed;

  TailHub(Storage storage, int resumeLines) {
    this(storage, resumeLines, ServerLimits.DEFAULT_MAX_TAILS);
  }

  /**
   * @param maxSubscribers tails open at once; one more is refused with {@code UNAVAILABLE}
   */
  TailHub(Storage storage, int resumeLines, int maxSubscribers) {
    this.storage = storage;
    this.resumeLines = resumeLines;
    this.maxSubscribers = maxSubscribers;
    this.lastPosition = storage.addAppendListener(this);
    this.dispatcher = Thread.ofPlatform().daemon().name("loupe-tail").start(this::dispatchLoop);
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
    if (subscribers.isEmpty()) {
      return;
    }
    pending.addLast(batch);
    pendingLines += records.size();
    while (pendingLines > resumeLines && pending.size() > 1) {
      Batch lost = pending.removeFirst();
      pendingLines -= lost.records().size();
      for (TailSubscriber subscriber : subscribers) {
        subscriber.skip(lost);
      }
    }
    notifyAll();
  }

  /**
   * A new subscriber that receives the matching lines of every batch appended from now on, and
   * first, when {@code after} is given, the kept matching lines after that cursor (or a gap notice
   * if they are no longer kept).
   */
  synchronized TailSubscriber subscribe(
      TailCursor after, int queueLines, TailSubscriber.Matcher matcher) {
    if (subscribers.size() >= maxSubscribers) {
      throw new LoupeException(
          ErrorCode.UNAVAILABLE,
          maxSubscribers
              + " live tails are open, the most this server allows; close one, or raise the cap"
              + " (loupe serve --max-tails)");
    }
    TailSubscriber subscriber =
        new TailSubscriber(queueLines, new TailCursor(lastPosition, -1), matcher);
    if (after != null) {
      replayAfter(after, subscriber);
    }
    subscribers.add(subscriber);
    return subscriber;
  }

  void unsubscribe(TailSubscriber subscriber) {
    subscribers.remove(subscriber);
  }

  /** How many tails are open. */
  int subscriberCount() {
    return subscribers.size();
  }

  @Override
  public void close() {
    storage.removeAppendListener(this);
    closed = true;
    dispatcher.interrupt();
  }

  private void dispatchLoop() {
    while (!closed) {
      Batch batch;
      synchronized (this) {
        while (pending.isEmpty()) {
          try {
            wait();
          } catch (InterruptedException stopping) {
            return;
          }
        }
        batch = pending.removeFirst();
        pendingLines -= batch.records().size();
      }
      for (TailSubscriber subscriber : subscribers) {
        subscriber.offer(batch, 0, false);
      }
    }
  }

  private void replayAfter(TailCursor after, TailSubscriber subscriber) {
    long oldestKept = ring.isEmpty() ? lastPosition + 1 : ring.peekFirst().position();
    if (after.position() + 1 < oldestKept && after.position() < lastPosition) {
      subscriber.noteGap(after, oldestKept);
    }
    for (Batch batch : ring) {
      if (batch.position() > after.position()) {
        subscriber.offer(batch, 0, true);
      } else if (batch.position() == after.position()
          && after.index() + 1 < batch.records().size()) {
        subscriber.offer(batch, after.index() + 1, true);
      }
    }
  }
}
