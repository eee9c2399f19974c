package dev.loupe.server.kafka;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import dev.loupe.ingest.BatchSink;
import dev.loupe.ingest.IngestLimits;
import dev.loupe.ingest.StreamCache;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka source: one consumer in a consumer group, on a thread of its own, that stores the
 * records of its topics through the ingest pipeline and commits their offsets only once they are in
 * the WAL ({@link KafkaPollLoop} says how, {@link KafkaRecordDecoder} what a record becomes).
 *
 * <p>Settings are checked when it starts (a bad one fails {@link #start}); the broker is not: an
 * unreachable cluster is retried with backoff for as long as the server runs, and the server serves
 * meanwhile. {@link #close} stops the thread, commits what is stored and leaves the group; call it
 * before closing the store.
 *
 * <p>Thread-safe: {@link #close} and {@link #writeMetrics} may be called from any thread.
 */
public final class SourceKafka implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SourceKafka.class);

  private final KafkaSourceConfig config;
  private final Map<String, Object> consumerProperties;
  private final KafkaRecordDecoder decoder;
  private final BatchSink pipeline;
  private final KafkaSourceMetrics metrics = new KafkaSourceMetrics();
  private final CountDownLatch stop = new CountDownLatch(1);
  private final Thread thread;
  private volatile Consumer<byte[], byte[]> consumer;

  private SourceKafka(
      KafkaSourceConfig config,
      Map<String, Object> consumerProperties,
      IngestLimits limits,
      BatchSink pipeline,
      InstantSource clock) {
    this.config = config;
    this.consumerProperties = consumerProperties;
    this.decoder = new KafkaRecordDecoder(config, limits, new StreamCache(), clock);
    this.pipeline = pipeline;
    this.thread = Thread.ofPlatform().daemon().name("loupe-kafka").unstarted(this::run);
  }

  /**
   * Checks the settings and starts consuming.
   *
   * @param limits the line, field and body limits every decoded record value is held to
   * @param pipeline where records go; {@code accept} must return only once they are durable
   * @param clock the receive time of records that carry no Kafka timestamp
   * @throws LoupeException {@code BAD_REQUEST} when the settings are off or invalid
   */
  public static SourceKafka start(
      KafkaSourceConfig config, IngestLimits limits, BatchSink pipeline, InstantSource clock) {
    requireNonNull(config, "config is null");
    requireNonNull(limits, "limits is null");
    requireNonNull(pipeline, "pipeline is null");
    requireNonNull(clock, "clock is null");
    checkSettings(config);
    Map<String, Object> properties = config.consumerProperties();
    SourceKafka source = new SourceKafka(config, properties, limits, pipeline, clock);
    source.thread.start();
    LOG.info(
        "kafka source started: bootstrap={} topics={} group={} format={}",
        config.bootstrapServers(),
        config.topics(),
        config.groupId(),
        config.format());
    return source;
  }

  /** Appends the source's series to a Prometheus text exposition. */
  public void writeMetrics(StringBuilder text) {
    metrics.writePrometheus(text);
  }

  /**
   * Stops consuming: wakes the poll, waits for the batch in hand to be stored and its offsets
   * committed, and leaves the group so its partitions move on at once.
   */
  @Override
  public void close() {
    stop.countDown();
    Consumer<byte[], byte[]> current = consumer;
    if (current != null) {
      current.wakeup();
    }
    long waitMillis =
        KafkaLimits.DEFAULT_API_TIMEOUT.plus(config.closeTimeout()).plusSeconds(5).toMillis();
    try {
      thread.join(waitMillis);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      LOG.warn("kafka source did not stop within {} ms; leaving it behind", waitMillis);
    }
  }

  private void run() {
    KafkaBackoff backoff =
        new KafkaBackoff(KafkaLimits.MIN_RETRY_BACKOFF, config.maxRetryBackoff());
    Consumer<byte[], byte[]> created = connect(backoff);
    if (created == null) {
      return;
    }
    try {
      new KafkaPollLoop(
              created,
              config.topics(),
              decoder,
              pipeline,
              metrics,
              backoff,
              config.pollTimeout(),
              stop)
          .run();
    } catch (RuntimeException | Error unexpected) {
      LOG.error("kafka source stopped by an unexpected failure", unexpected);
    } finally {
      try {
        created.close(CloseOptions.timeout(config.closeTimeout()));
      } catch (RuntimeException failure) {
        LOG.warn("kafka consumer did not close cleanly: {}", failure.toString());
      }
      LOG.info("kafka source stopped");
    }
  }

  /**
   * Creates the consumer, retrying with backoff while that fails (a bootstrap name that does not
   * resolve yet, a credential file that is not there yet); null when closed first.
   */
  private Consumer<byte[], byte[]> connect(KafkaBackoff backoff) {
    while (stop.getCount() > 0) {
      try {
        KafkaConsumer<byte[], byte[]> created =
            new KafkaConsumer<>(
                consumerProperties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer = created;
        if (stop.getCount() == 0) {
          created.close(CloseOptions.timeout(Duration.ZERO));
          return null;
        }
        return created;
      } catch (KafkaException failure) {
        metrics.errors.increment();
        Duration wait = backoff.next();
        LOG.warn(
            "kafka consumer cannot be created; retrying in {} ms: {}",
            wait.toMillis(),
            failure.getCause() != null ? failure.getCause().toString() : failure.toString());
        try {
          stop.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
          return null;
        }
      }
    }
    return null;
  }

  /**
   * Checks the settings as {@link #start} does, without starting anything: the server calls it
   * before it opens its store, so that a typo fails {@code loupe serve} at once.
   *
   * @throws LoupeException {@code BAD_REQUEST} when the source is off or a property is invalid
   */
  public static void checkSettings(KafkaSourceConfig config) {
    requireNonNull(config, "config is null");
    if (!config.enabled()) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST, "the kafka source is off: give --kafka-bootstrap");
    }
    checkProperties(config.consumerProperties());
  }

  /** Kafka's own parsing of the properties (types, ranges, known values). */
  private static void checkProperties(Map<String, Object> properties) {
    Map<String, Object> withDeserializers = new HashMap<>(properties);
    withDeserializers.put(
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    withDeserializers.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    try {
      new ConsumerConfig(withDeserializers);
    } catch (ConfigException invalid) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST,
          "invalid kafka consumer setting: "
              + invalid.getMessage()
              + "; check --kafka-property and the other --kafka-* flags",
          invalid);
    }
  }
}
