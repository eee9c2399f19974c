package dev.loupe.server.kafka;

import java.time.Duration;

/** Defaults and bounds of the Kafka source, each with the reason for its value. */
public final class KafkaLimits {
  /** The consumer group when none is given: one Loupe, one group, as with any other consumer. */
  public static final String DEFAULT_GROUP = "loupe";

  /**
   * 10 s at most between two attempts to store records the store refused (disk full) or to reach
   * the broker after an error. Long enough not to spin on a full disk, short enough that ingest
   * resumes within seconds of space coming back, and far below Kafka's {@code max.poll.interval.ms}
   * (5 min), so waiting never costs the group membership.
   */
  public static final Duration DEFAULT_MAX_RETRY_BACKOFF = Duration.ofSeconds(10);

  /** The first retry comes after 100 ms; each one after waits twice as long, up to the maximum. */
  static final Duration MIN_RETRY_BACKOFF = Duration.ofMillis(100);

  /**
   * 500 ms a poll waits for records when there are none. It only bounds how stale the lag metric
   * gets on an idle topic; records that arrive end the wait at once, and closing wakes it up.
   */
  static final Duration POLL_TIMEOUT = Duration.ofMillis(500);

  /**
   * 10 000 records a poll unless {@code max.poll.records} is set. Each poll is stored with one WAL
   * fsync and one offset commit, so Kafka's default of 500 would cap ingest at 500 records per
   * fsync; 10 000 short log lines are a few MB, what a fetch brings anyway.
   */
  static final int DEFAULT_MAX_POLL_RECORDS = 10_000;

  /**
   * 10 s for a Kafka call to answer ({@code default.api.timeout.ms}, unless set) instead of Kafka's
   * 60 s: a commit that cannot reach the broker is retried after the next poll anyway, and a long
   * wait only delays the next records and shutdown.
   */
  static final Duration DEFAULT_API_TIMEOUT = Duration.ofSeconds(10);

  /**
   * 4 MiB of record values decoded in one body. Records of one partition are decoded together (see
   * {@link KafkaRecordDecoder}); this bounds the copy that joins them, whatever the fetch size.
   */
  static final int DECODE_CHUNK_BYTES = 4 << 20;

  /**
   * 10 undecodable lines logged a poll, then one line with how many more: a topic full of bad
   * records must not flood the server's own log. Every one is counted in the metrics.
   */
  static final int MAX_LOGGED_FAILURES_PER_POLL = 10;

  /**
   * 4096 distinct (topic, partition, stream field values) whose streams are kept by the decoder
   * before the map is cleared; as {@code StreamResolver} in ingest, far above real label sets.
   */
  static final int MAX_CACHED_STREAMS = 4096;

  /** How long closing waits for the consumer to leave its group before giving up. */
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private KafkaLimits() {}
}
