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

  /**
   * The first retry comes after 100 ms; each one after waits twice as long, up to the maximum. Not
   * a setting: the maximum ({@code --kafka-max-backoff}) is what bounds the waits.
   */
  static final Duration MIN_RETRY_BACKOFF = Duration.ofMillis(100);

  /**
   * 500 ms a poll waits for records when there are none. It only bounds how stale the lag metric
   * gets on an idle topic; records that arrive end the wait at once, and closing wakes it up.
   */
  public static final Duration DEFAULT_POLL_TIMEOUT = Duration.ofMillis(500);

  /**
   * 10 000 records a poll unless {@code max.poll.records} is set. Each poll is stored with one WAL
   * fsync and one offset commit, so Kafka's default of 500 would cap ingest at 500 records per
   * fsync; 10 000 short log lines are a few MB, what a fetch brings anyway. A setting through
   * {@code --kafka-property max.poll.records=N}.
   */
  static final int DEFAULT_MAX_POLL_RECORDS = 10_000;

  /**
   * 10 s for a Kafka call to answer ({@code default.api.timeout.ms}, unless set) instead of Kafka's
   * 60 s: a commit that cannot reach the broker is retried after the next poll anyway, and a long
   * wait only delays the next records and shutdown. A setting through {@code --kafka-property
   * default.api.timeout.ms=N}.
   */
  static final Duration DEFAULT_API_TIMEOUT = Duration.ofSeconds(10);

  /**
   * 4 MiB of record values decoded in one body. Records of one partition are decoded together (see
   * {@link KafkaRecordDecoder}); this bounds the copy that joins them, whatever the fetch size.
   */
  public static final int DEFAULT_DECODE_CHUNK_BYTES = 4 << 20;

  /**
   * 10 undecodable lines logged a poll, then one line with how many more: a topic full of bad
   * records must not flood the server's own log. Every one is counted in the metrics. Not a
   * setting: it bounds only the server's own log.
   */
  static final int MAX_LOGGED_FAILURES_PER_POLL = 10;

  /**
   * 4096 distinct (topic, partition, stream field values) whose streams are kept by the decoder
   * before the map is cleared; as {@code StreamResolver} in ingest, far above real label sets. Not
   * a setting: a miss costs a lookup in the shared stream cache, nothing a user sees.
   */
  static final int MAX_CACHED_STREAMS = 4096;

  /**
   * 10 s for closing to commit and leave the group before giving up: a broker that answers does so
   * in milliseconds, and one that does not must not hold the server's stop for Kafka's default of
   * 30 s. Its partitions then move on after the session timeout instead.
   */
  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private KafkaLimits() {}
}
