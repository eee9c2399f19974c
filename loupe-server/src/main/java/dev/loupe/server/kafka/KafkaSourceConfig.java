package dev.loupe.server.kafka;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import dev.loupe.core.Stream;
import dev.loupe.ingest.IngestParameters;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * Settings of the Kafka source of {@code loupe serve}. Off unless {@link #bootstrapServers} is set.
 * An invalid combination throws a {@link LoupeException} ({@code BAD_REQUEST}) that names the flag
 * to fix.
 *
 * @param bootstrapServers {@code host:port[,host:port...]} of the Kafka cluster; empty turns the
 *     source off
 * @param topics the topics consumed; at least one when the source is on
 * @param groupId the consumer group whose committed offsets say where consumption resumes
 * @param format how a record value is read: JSON lines or plain text
 * @param tenant the tenant every consumed record belongs to
 * @param streamFields fields of the decoded records whose values join {@code kafka.topic} as stream
 *     labels (JSON only; the first non-empty value of each)
 * @param partitionLabel also make {@code kafka.partition} a stream label (one stream per partition)
 * @param headersAsFields add each Kafka header as a field {@code kafka.header.<name>}
 * @param properties further Kafka consumer properties (SASL, TLS, {@code auto.offset.reset}, ...);
 *     they may not set what the other settings own or what at-least-once delivery depends on
 * @param maxRetryBackoff the longest wait between attempts after a refused store or a broker error
 * @param pollTimeout how long a poll waits for records when there are none; bounds how stale the
 *     lag metric gets on an idle topic (records that arrive end the wait at once)
 * @param decodeChunkBytes most bytes of record values joined into one body to be decoded together
 * @param closeTimeout how long stopping waits for the consumer to commit and leave its group
 */
public record KafkaSourceConfig(
    String bootstrapServers,
    List<String> topics,
    String groupId,
    KafkaFormat format,
    String tenant,
    List<String> streamFields,
    boolean partitionLabel,
    boolean headersAsFields,
    Map<String, String> properties,
    Duration maxRetryBackoff,
    Duration pollTimeout,
    int decodeChunkBytes,
    Duration closeTimeout) {

  /** Properties that other settings own, or that would break at-least-once delivery. */
  private static final Set<String> RESERVED_PROPERTIES =
      Set.of(
          ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
          ConsumerConfig.GROUP_ID_CONFIG,
          ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
          ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
          ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);

  public KafkaSourceConfig {
    requireNonNull(bootstrapServers, "bootstrapServers is null");
    topics = List.copyOf(requireNonNull(topics, "topics is null"));
    requireNonNull(groupId, "groupId is null");
    requireNonNull(format, "format is null");
    requireNonNull(tenant, "tenant is null");
    streamFields = List.copyOf(requireNonNull(streamFields, "streamFields is null"));
    properties = Map.copyOf(requireNonNull(properties, "properties is null"));
    requireNonNull(maxRetryBackoff, "maxRetryBackoff is null");
    requireNonNull(pollTimeout, "pollTimeout is null");
    requireNonNull(closeTimeout, "closeTimeout is null");
    bootstrapServers = bootstrapServers.strip();
    if (!bootstrapServers.isEmpty()) {
      check(!topics.isEmpty(), "give the kafka topics to consume with --kafka-topics");
      for (String topic : topics) {
        check(!topic.isBlank(), "empty kafka topic name in --kafka-topics");
      }
      check(!groupId.isBlank(), "the kafka consumer group must not be empty (--kafka-group)");
    }
    // The same rules as the tenant of an HTTP request; throws a LoupeException saying which.
    IngestParameters.defaults(0).withTenant(tenant).withStreamFields(streamFields);
    for (String name : properties.keySet()) {
      check(
          !RESERVED_PROPERTIES.contains(name),
          "kafka property "
              + name
              + " cannot be set with --kafka-property: "
              + reservedReason(name));
    }
    check(
        maxRetryBackoff.compareTo(KafkaLimits.MIN_RETRY_BACKOFF) >= 0,
        "the kafka retry backoff must be at least "
            + KafkaLimits.MIN_RETRY_BACKOFF.toMillis()
            + " ms: "
            + maxRetryBackoff);
    check(
        !pollTimeout.isNegative() && !pollTimeout.isZero(),
        "the kafka poll timeout must be positive (--kafka-poll-timeout): " + pollTimeout);
    check(
        decodeChunkBytes > 0,
        "the kafka decode chunk must be positive (--kafka-decode-chunk-mb): " + decodeChunkBytes);
    check(
        !closeTimeout.isNegative(),
        "the kafka close timeout must not be negative (--kafka-close-timeout): " + closeTimeout);
  }

  /** The source switched off: what {@code loupe serve} runs with unless told otherwise. */
  public static KafkaSourceConfig disabled() {
    return new KafkaSourceConfig(
        "",
        List.of(),
        KafkaLimits.DEFAULT_GROUP,
        KafkaFormat.JSON,
        Stream.DEFAULT_TENANT,
        List.of(),
        false,
        false,
        Map.of(),
        KafkaLimits.DEFAULT_MAX_RETRY_BACKOFF,
        KafkaLimits.DEFAULT_POLL_TIMEOUT,
        KafkaLimits.DEFAULT_DECODE_CHUNK_BYTES,
        KafkaLimits.DEFAULT_CLOSE_TIMEOUT);
  }

  /** JSON lines from these topics in the default group, every other setting at its default. */
  public static KafkaSourceConfig of(String bootstrapServers, List<String> topics) {
    return disabled().withBootstrap(bootstrapServers, topics);
  }

  public boolean enabled() {
    return !bootstrapServers.isEmpty();
  }

  public KafkaSourceConfig withBootstrap(String newBootstrapServers, List<String> newTopics) {
    return new KafkaSourceConfig(
        newBootstrapServers,
        newTopics,
        groupId,
        format,
        tenant,
        streamFields,
        partitionLabel,
        headersAsFields,
        properties,
        maxRetryBackoff,
        pollTimeout,
        decodeChunkBytes,
        closeTimeout);
  }

  public KafkaSourceConfig withGroupId(String newGroupId) {
    return new KafkaSourceConfig(
        bootstrapServers,
        topics,
        newGroupId,
        format,
        tenant,
        streamFields,
        partitionLabel,
        headersAsFields,
        properties,
        maxRetryBackoff,
        pollTimeout,
        decodeChunkBytes,
        closeTimeout);
  }

  public KafkaSourceConfig withFormat(KafkaFormat newFormat) {
    return new KafkaSourceConfig(
        bootstrapServers,
        topics,
        groupId,
        newFormat,
        tenant,
        streamFields,
        partitionLabel,
        headersAsFields,
        properties,
        maxRetryBackoff,
        pollTimeout,
        decodeChunkBytes,
        closeTimeout);
  }

  public KafkaSourceConfig withTenant(String newTenant) {
    return new KafkaSourceConfig(
        bootstrapServers,
        topics,
        groupId,
        format,
        newTenant,
        streamFields,
        partitionLabel,
        headersAsFields,
        properties,
        maxRetryBackoff,
        pollTimeout,
        decodeChunkBytes,
        closeTimeout);
  }

  public KafkaSourceConfig withStreamFields(List<String> newStreamFields) {
    return new KafkaSourceConfig(
        bootstrapServers,
        topics,
        groupId,
        format,
        tenant,
        newStreamFields,
        partitionLabel,
        headersAsFields,
        properties,
        maxRetryBackoff,
        pollTimeout,
        decodeChunkBytes,
        closeTimeout);
  }

  public KafkaSourceConfig withPartitionLabel(boolean newPartitionLabel) {
    return new KafkaSourceConfig(
        bootstrapServers,
        topics,
        groupId,
        format,
        tenant,
        streamFields,
        newPartitionLabel,
        headersAsFields,
        properties,
        maxRetryBackoff,
        pollTimeout,
        decodeChunkBytes,
        closeTimeout);
  }

  public KafkaSourceConfig withHeadersAsFields(boolean newHeadersAsFields) {
    return new KafkaSourceConfig(
        bootstrapServers,
        topics,
        groupId,
        format,
        tenant,
        streamFields,
        partitionLabel,
        newHeadersAsFields,
        properties,
        maxRetryBackoff,
        pollTimeout,
        decodeChunkBytes,
        closeTimeout);
  }

  public KafkaSourceConfig withProperties(Map<String, String> newProperties) {
    return new KafkaSourceConfig(
        bootstrapServers,
        topics,
        groupId,
        format,
        tenant,
        streamFields,
        partitionLabel,
        headersAsFields,
        newProperties,
        maxRetryBackoff,
        pollTimeout,
        decodeChunkBytes,
        closeTimeout);
  }

  public KafkaSourceConfig withMaxRetryBackoff(Duration newMaxRetryBackoff) {
    return new KafkaSourceConfig(
        bootstrapServers,
        topics,
        groupId,
        format,
        tenant,
        streamFields,
        partitionLabel,
        headersAsFields,
        properties,
        newMaxRetryBackoff,
        pollTimeout,
        decodeChunkBytes,
        closeTimeout);
  }

  public KafkaSourceConfig withPollTimeout(Duration newPollTimeout) {
    return new KafkaSourceConfig(
        bootstrapServers,
        topics,
        groupId,
        format,
        tenant,
        streamFields,
        partitionLabel,
        headersAsFields,
        properties,
        maxRetryBackoff,
        newPollTimeout,
        decodeChunkBytes,
        closeTimeout);
  }

  public KafkaSourceConfig withDecodeChunkBytes(int newDecodeChunkBytes) {
    return new KafkaSourceConfig(
        bootstrapServers,
        topics,
        groupId,
        format,
        tenant,
        streamFields,
        partitionLabel,
        headersAsFields,
        properties,
        maxRetryBackoff,
        pollTimeout,
        newDecodeChunkBytes,
        closeTimeout);
  }

  public KafkaSourceConfig withCloseTimeout(Duration newCloseTimeout) {
    return new KafkaSourceConfig(
        bootstrapServers,
        topics,
        groupId,
        format,
        tenant,
        streamFields,
        partitionLabel,
        headersAsFields,
        properties,
        maxRetryBackoff,
        pollTimeout,
        decodeChunkBytes,
        newCloseTimeout);
  }

  /**
   * The properties of the Kafka consumer: Loupe's defaults, then {@link #properties} (which win),
   * then what at-least-once delivery needs (which no one overrides). Sorted, for readable logs.
   */
  Map<String, Object> consumerProperties() {
    Map<String, Object> consumer = new TreeMap<>();
    // A new group starts at the oldest record: a log source that skipped history would lose it.
    consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumer.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, KafkaLimits.DEFAULT_MAX_POLL_RECORDS);
    consumer.put(
        ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
        (int) KafkaLimits.DEFAULT_API_TIMEOUT.toMillis());
    consumer.put(ConsumerConfig.CLIENT_ID_CONFIG, "loupe-" + groupId);
    consumer.putAll(properties);
    consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    consumer.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return consumer;
  }

  private static String reservedReason(String name) {
    return switch (name) {
      case ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG -> "use --kafka-bootstrap";
      case ConsumerConfig.GROUP_ID_CONFIG -> "use --kafka-group";
      case ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG ->
          "loupe commits offsets itself, after the records are in its write-ahead log";
      default -> "loupe reads record keys and values as bytes and decodes them itself";
    };
  }

  private static void check(boolean condition, String message) {
    if (!condition) {
      throw new LoupeException(ErrorCode.BAD_REQUEST, message);
    }
  }
}
