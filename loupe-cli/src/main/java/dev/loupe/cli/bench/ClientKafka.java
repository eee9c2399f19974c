package dev.loupe.cli.bench;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Kafka as log shippers use it (Filebeat's, Vector's and rsyslog's Kafka outputs): Kafka's own
 * producer writes one record a log line, the data set's NDJSON object as the value, to a topic made
 * for this run on an existing broker; the server's Kafka source consumes it ({@code --kafka-format
 * json}, the default). A batch's records are sent at once and the batch counts as acknowledged when
 * the broker has acknowledged all of them ({@code acks=all}). The visible figure is then the whole
 * path: producer → broker → Kafka source → WAL → query.
 *
 * <p>The bench does not start a broker: the broker jars (Kafka, Scala, ZooKeeper-free KRaft) would
 * add tens of MB to the CLI jar for a row of the bench. Pass {@code --kafka-bootstrap} of a broker;
 * {@code ClientKafkaTest} runs this client against an in-process test broker.
 *
 * <p>The producer is thread-safe and shared by every sending thread; {@link #close} closes it.
 */
final class ClientKafka implements ProtocolClient {
  /** Creating the topic: a broker that does not answer in this time is not usable. */
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

  /** How long a batch may wait for the broker's acknowledgement before the run fails. */
  private static final Duration SEND_TIMEOUT = Duration.ofMinutes(2);

  private final String bootstrap;
  private final String topic;
  private final KafkaProducer<byte[], byte[]> producer;

  private ClientKafka(String bootstrap, String topic) {
    this.bootstrap = requireNonNull(bootstrap, "bootstrap is null");
    this.topic = requireNonNull(topic, "topic is null");
    this.producer =
        new KafkaProducer<>(
            producerProperties(bootstrap), new ByteArraySerializer(), new ByteArraySerializer());
  }

  /**
   * A client on a new topic {@code loupe-bench-<random>} of {@code partitions} partitions (one a
   * sending thread), made on the broker now so that the server's consumer finds it at once.
   */
  static ClientKafka create(String bootstrap, int partitions) throws IOException {
    String topic = "loupe-bench-" + UUID.randomUUID().toString().substring(0, 8);
    Properties admin = new Properties();
    admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin client = Admin.create(admin)) {
      client
          .createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
          .all()
          .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException failure) {
      throw new IOException(
          "could not create the topic "
              + topic
              + " on the Kafka broker "
              + bootstrap
              + " (is --kafka-bootstrap right?): "
              + failure.getMessage(),
          failure);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while creating the topic " + topic, interrupted);
    }
    return new ClientKafka(bootstrap, topic);
  }

  static Properties producerProperties(String bootstrap) {
    Properties properties = new Properties();
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    // a shipper's throughput settings: records wait up to 5 ms to fill 256 KB batches
    properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    properties.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return properties;
  }

  String topic() {
    return topic;
  }

  @Override
  public List<String> serverArguments() {
    return serverArguments(bootstrap, topic);
  }

  /** The Kafka source on the topic, a group of the topic's name, the data set's stream fields. */
  static List<String> serverArguments(String bootstrap, String topic) {
    return List.of(
        "--kafka-bootstrap",
        bootstrap,
        "--kafka-topics",
        topic,
        "--kafka-group",
        topic,
        "--kafka-stream-fields",
        LoupeHttp.STREAM_FIELDS);
  }

  @Override
  public WireBatch encode(List<ProtocolLine> lines) {
    return records(lines);
  }

  /** One record value a line: the line's NDJSON object. */
  static WireBatch records(List<ProtocolLine> lines) {
    byte[][] records = new byte[lines.size()][];
    for (int index = 0; index < records.length; index++) {
      records[index] = lines.get(index).ndjson().getBytes(StandardCharsets.UTF_8);
    }
    return new WireBatch(records, lines.size());
  }

  @Override
  public Sender connect(int httpPort) {
    return new Sender() {
      @Override
      public long send(WireBatch batch) throws IOException, InterruptedException {
        List<Future<RecordMetadata>> acknowledgements = new ArrayList<>(batch.parts().length);
        for (byte[] value : batch.parts()) {
          acknowledgements.add(producer.send(new ProducerRecord<>(topic, value)));
        }
        long deadline = System.nanoTime() + SEND_TIMEOUT.toNanos();
        for (Future<RecordMetadata> acknowledgement : acknowledgements) {
          try {
            acknowledgement.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
          } catch (ExecutionException | TimeoutException failure) {
            throw new IOException(
                "the Kafka broker " + bootstrap + " did not acknowledge a record: " + failure,
                failure);
          }
        }
        return batch.lines();
      }

      @Override
      public void close() {
        // the producer is shared; the client closes it
      }
    };
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
