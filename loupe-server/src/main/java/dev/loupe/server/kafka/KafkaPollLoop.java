package dev.loupe.server.kafka;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.LogRecord;
import dev.loupe.ingest.BatchSink;
import dev.loupe.ingest.Limits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work of the Kafka source's thread: poll, decode, store through the ingest pipeline, commit;
 * and the group's rebalance listener. Runs until the stop latch is released.
 *
 * <p>Design note: delivery is at-least-once, and nothing polled is ever committed before it is
 * stored. The loop is synchronous: a poll's records are decoded and handed to the pipeline, whose
 * {@code accept} returns once they are in the fsynced WAL; only then are the offsets after them
 * remembered as stored, and they are committed with {@code commitSync} before the next poll (auto
 * commit is off). Consequences:
 *
 * <ul>
 *   <li>Rebalance: Kafka calls the listener only from inside {@code poll}, when every record polled
 *       before is stored, so a revoked partition needs no draining: its stored offsets are
 *       committed in {@link #onPartitionsRevoked} before it is given up. Lost partitions (the
 *       member was fenced) cannot commit; their next owner reads again from the last commit.
 *   <li>A refused store (disk full, a failed fsync) or any other failure after the poll: every
 *       partition of the poll that is not stored is sought back to its first polled record, what
 *       was stored is committed, and the loop waits with exponential backoff before polling again,
 *       so the same records come back. The wait is far shorter than {@code max.poll.interval.ms},
 *       so the group keeps the member.
 *   <li>A line that cannot be decoded is counted, logged with topic, partition and offset, and
 *       skipped; its record's other lines are stored and its offset is committed like any other, so
 *       one bad record never blocks a partition.
 *   <li>Restart: the group resumes from the committed offsets. Records stored but not committed (a
 *       crash between fsync and commit, a failed commit) are read and stored again: duplicates,
 *       never gaps.
 * </ul>
 *
 * <p>Not thread-safe: everything here runs on the poll thread, the listener included (Kafka calls
 * it from {@code poll}). Only {@link KafkaSourceMetrics} is read by other threads.
 */
final class KafkaPollLoop implements ConsumerRebalanceListener {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaPollLoop.class);

  private final Consumer<byte[], byte[]> consumer;
  private final List<String> topics;
  private final KafkaRecordDecoder decoder;
  private final BatchSink pipeline;
  private final KafkaSourceMetrics metrics;
  private final KafkaBackoff backoff;
  private final Duration pollTimeout;
  private final CountDownLatch stop;

  /** The next offset of each partition whose records up to it are stored but not committed. */
  private final Map<TopicPartition, OffsetAndMetadata> stored = new HashMap<>();

  private int failuresLoggedThisPoll;
  private long failuresNotLoggedThisPoll;

  /** A refusal of the store, told apart from consumer errors in logs and metrics. */
  private static final class StoreRefused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StoreRefused(RuntimeException cause) {
      super(cause.getMessage(), cause);
    }
  }

  /** The decoded records of one or more partitions of a poll, stored together. */
  private static final class Batch {
    final List<LogRecord> records = new ArrayList<>();
    final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    final Map<TopicPartition, KafkaRecordDecoder.Decoded> decoded = new HashMap<>();
    long valueBytes;
    int kafkaRecords;

    void add(
        TopicPartition partition,
        List<ConsumerRecord<byte[], byte[]>> polled,
        KafkaRecordDecoder.Decoded result) {
      records.addAll(result.records());
      ConsumerRecord<byte[], byte[]> last = polled.getLast();
      offsets.put(partition, new OffsetAndMetadata(last.offset() + 1, last.leaderEpoch(), ""));
      decoded.put(partition, result);
      valueBytes += result.valueBytes();
      kafkaRecords += polled.size();
    }

    boolean full() {
      return records.size() >= Limits.BATCH_MAX_RECORDS || valueBytes >= Limits.BATCH_MAX_BYTES;
    }
  }

  KafkaPollLoop(
      Consumer<byte[], byte[]> consumer,
      List<String> topics,
      KafkaRecordDecoder decoder,
      BatchSink pipeline,
      KafkaSourceMetrics metrics,
      KafkaBackoff backoff,
      Duration pollTimeout,
      CountDownLatch stop) {
    this.consumer = requireNonNull(consumer, "consumer is null");
    this.topics = List.copyOf(topics);
    this.decoder = requireNonNull(decoder, "decoder is null");
    this.pipeline = requireNonNull(pipeline, "pipeline is null");
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.backoff = requireNonNull(backoff, "backoff is null");
    this.pollTimeout = requireNonNull(pollTimeout, "pollTimeout is null");
    this.stop = requireNonNull(stop, "stop is null");
  }

  /** Polls until the stop latch is released, then commits what is stored; never throws. */
  void run() {
    consumer.subscribe(topics, this);
    try {
      while (!stopRequested()) {
        try {
          pollOnce();
          backoff.reset();
        } catch (WakeupException wakeup) {
          // close() woke the poll up: the loop condition ends it.
        } catch (RuntimeException failure) {
          retryAfter(failure);
        }
      }
    } finally {
      commitStoredBeforeClose();
    }
  }

  private void pollOnce() {
    ConsumerRecords<byte[], byte[]> polled = consumer.poll(pollTimeout);
    if (!polled.isEmpty()) {
      storeAll(polled);
    }
    commitStored();
    updateLag();
  }

  private void storeAll(ConsumerRecords<byte[], byte[]> polled) {
    failuresLoggedThisPoll = 0;
    failuresNotLoggedThisPoll = 0;
    Set<TopicPartition> storedPartitions = new HashSet<>();
    try {
      Batch batch = new Batch();
      for (TopicPartition partition : polled.partitions()) {
        List<ConsumerRecord<byte[], byte[]>> records = polled.records(partition);
        batch.add(partition, records, decoder.decode(partition, records));
        if (batch.full()) {
          store(batch);
          storedPartitions.addAll(batch.offsets.keySet());
          batch = new Batch();
        }
      }
      store(batch);
    } catch (RuntimeException failure) {
      rewind(polled, storedPartitions);
      throw failure;
    } finally {
      if (failuresNotLoggedThisPoll > 0) {
        LOG.warn(
            "kafka: {} more lines of this poll could not be decoded (not logged; see"
                + " loupe_kafka_lines_rejected_total)",
            failuresNotLoggedThisPoll);
      }
    }
  }

  /** Hands the batch to the pipeline; returns once it is in the WAL. */
  private void store(Batch batch) {
    if (!batch.records.isEmpty()) {
      try {
        pipeline.accept(batch.records);
      } catch (RuntimeException refused) {
        metrics.storeFailures.increment();
        throw new StoreRefused(refused);
      }
    }
    stored.putAll(batch.offsets);
    metrics.recordsConsumed.add(batch.kafkaRecords);
    metrics.linesStored.add(batch.records.size());
    batch.decoded.forEach(this::reportFailures);
  }

  private void reportFailures(TopicPartition partition, KafkaRecordDecoder.Decoded decoded) {
    metrics.recordsFailed.add(decoded.failedRecords());
    metrics.linesRejected.add(decoded.failures().size());
    for (KafkaRecordDecoder.Failure failure : decoded.failures()) {
      if (failuresLoggedThisPoll >= KafkaLimits.MAX_LOGGED_FAILURES_PER_POLL) {
        failuresNotLoggedThisPoll++;
        continue;
      }
      failuresLoggedThisPoll++;
      LOG.warn(
          "kafka line skipped: topic={} partition={} offset={} line={} reason={}",
          partition.topic(),
          partition.partition(),
          failure.offset(),
          failure.line(),
          failure.reason());
    }
  }

  /**
   * Seeks every partition of the poll that is not stored back to its first polled record, so that
   * the next poll returns them again.
   */
  private void rewind(
      ConsumerRecords<byte[], byte[]> polled, Set<TopicPartition> storedPartitions) {
    for (TopicPartition partition : polled.partitions()) {
      if (storedPartitions.contains(partition)) {
        continue;
      }
      ConsumerRecord<byte[], byte[]> first = polled.records(partition).getFirst();
      try {
        consumer.seek(partition, new OffsetAndMetadata(first.offset(), first.leaderEpoch(), ""));
      } catch (IllegalStateException notAssigned) {
        // No longer ours: its next owner starts from the last committed offset.
        LOG.debug("kafka: {} no longer assigned, not rewound", partition);
      }
    }
  }

  private void retryAfter(RuntimeException failure) {
    Duration wait = backoff.next();
    if (failure instanceof StoreRefused refused) {
      LOG.warn(
          "kafka records not stored, nothing committed past them; retrying in {} ms: {}",
          wait.toMillis(),
          refused.getMessage());
    } else {
      metrics.errors.increment();
      LOG.warn("kafka consumer error; retrying in {} ms: {}", wait.toMillis(), failure.toString());
    }
    try {
      commitStored();
      updateLag();
    } catch (WakeupException wakeup) {
      return; // closing
    } catch (RuntimeException secondFailure) {
      LOG.debug("kafka: committing before the retry failed too", secondFailure);
    }
    awaitStop(wait);
  }

  /** Commits the stored offsets of assigned partitions; keeps them for later when that fails. */
  private void commitStored() {
    stored.keySet().retainAll(consumer.assignment());
    if (stored.isEmpty()) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = Map.copyOf(stored);
    try {
      consumer.commitSync(offsets);
      metrics.commits.increment();
      stored.keySet().removeAll(offsets.keySet());
    } catch (WakeupException wakeup) {
      throw wakeup;
    } catch (KafkaException failure) {
      metrics.commitFailures.increment();
      LOG.warn(
          "kafka offsets not committed, will retry (the records are stored; if the partitions move"
              + " to another consumer first, it reads them again): {}",
          failure.toString());
    }
  }

  private void commitStoredBeforeClose() {
    try {
      try {
        commitStored();
      } catch (WakeupException pendingWakeup) {
        // close() woke a consumer that was not in a call (the loop was waiting out a backoff):
        // the wakeup is spent now, so the commit can go through.
        commitStored();
      }
    } catch (RuntimeException failure) {
      LOG.warn(
          "kafka offsets not committed at close; these records will be read again: {}",
          failure.toString());
    }
  }

  private void updateLag() {
    Set<TopicPartition> assignment = consumer.assignment();
    metrics.assignedPartitions.set(assignment.size());
    metrics.lag.keySet().retainAll(assignment);
    for (TopicPartition partition : assignment) {
      OptionalLong lag = consumer.currentLag(partition);
      if (lag.isPresent()) {
        metrics.lag.put(partition, lag.getAsLong());
      }
    }
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    Map<TopicPartition, OffsetAndMetadata> revoked = new HashMap<>();
    for (TopicPartition partition : partitions) {
      OffsetAndMetadata offset = stored.remove(partition);
      if (offset != null) {
        revoked.put(partition, offset);
      }
    }
    metrics.lag.keySet().removeAll(partitions);
    if (!partitions.isEmpty()) {
      LOG.info("kafka partitions revoked: {}", partitions);
    }
    if (revoked.isEmpty()) {
      return;
    }
    try {
      consumer.commitSync(revoked);
      metrics.commits.increment();
    } catch (KafkaException failure) {
      metrics.commitFailures.increment();
      LOG.warn(
          "kafka offsets of revoked partitions not committed; their next owner reads those records"
              + " again (duplicates, nothing lost): {}",
          failure.toString());
    }
  }

  @Override
  public void onPartitionsLost(Collection<TopicPartition> partitions) {
    stored.keySet().removeAll(partitions);
    metrics.lag.keySet().removeAll(partitions);
    LOG.warn(
        "kafka partitions lost without a clean handover: {}; their next owner reads again from the"
            + " last committed offsets",
        partitions);
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
    if (!partitions.isEmpty()) {
      LOG.info("kafka partitions assigned: {}", partitions);
    }
    metrics.assignedPartitions.set(consumer.assignment().size());
  }

  /** Released by close; an interrupt (nobody here sends one) stops the loop too, not spin it. */
  private boolean stopRequested() {
    return stop.getCount() == 0 || Thread.currentThread().isInterrupted();
  }

  private void awaitStop(Duration wait) {
    try {
      stop.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
