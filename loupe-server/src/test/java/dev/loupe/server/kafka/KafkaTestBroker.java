package dev.loupe.server.kafka;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Time;

/**
 * A real one-node Kafka broker (KRaft, broker and controller in one process) inside the test JVM,
 * on two free loopback ports and a temporary directory. Starting one takes a few seconds, so a test
 * class starts one in {@code @BeforeAll}, gives each test its own topics and consumer groups, and
 * closes it in {@code @AfterAll}; {@link #close} shuts the broker down and deletes its directory.
 *
 * <p>How: the storage directory is formatted the way {@code kafka-storage.sh format} does it
 * ({@link StorageTool}), then {@link KafkaRaftServer} runs with both roles. The settings are those
 * of a one-node development cluster: replication factor one for the internal topics, a single
 * partition for {@code __consumer_offsets} (creating fifty would take most of the start time), and
 * no initial rebalance delay, so that a consumer group forms at once. {@link #stop} and {@link
 * #restart} take the broker away and bring it back on the same ports and data, for tests of a
 * broker outage.
 *
 * <p>Not thread-safe: one test thread drives it; the clients it hands out are Kafka's own.
 */
public final class KafkaTestBroker implements AutoCloseable {
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

  private final Path directory;
  private final KafkaConfig config;
  private final int brokerPort;
  private KafkaRaftServer server;
  private Admin admin;

  private KafkaTestBroker(Path directory, KafkaConfig config, int brokerPort) {
    this.directory = directory;
    this.config = config;
    this.brokerPort = brokerPort;
  }

  /** Formats a fresh temporary directory and starts a broker on it; returns once it serves. */
  public static KafkaTestBroker start() throws IOException {
    return start(0);
  }

  /**
   * As {@link #start()}, with the broker on {@code brokerPort} of 127.0.0.1 (0: a free port); the
   * controller always takes a free one.
   */
  public static KafkaTestBroker start(int brokerPort) throws IOException {
    if (brokerPort < 0 || brokerPort > 65535) {
      throw new IllegalArgumentException("brokerPort out of range: " + brokerPort);
    }
    Path directory = Files.createTempDirectory("loupe-kafka-broker-");
    try {
      return start(directory, brokerPort == 0 ? freePort() : brokerPort);
    } catch (IOException | RuntimeException failure) {
      deleteRecursively(directory);
      throw failure;
    }
  }

  private static KafkaTestBroker start(Path directory, int brokerPort) throws IOException {
    int controllerPort = freePort();
    Properties properties = brokerProperties(directory, brokerPort, controllerPort);
    Path configFile = directory.resolve("server.properties");
    try (Writer writer = Files.newBufferedWriter(configFile, StandardCharsets.UTF_8)) {
      properties.store(writer, "one-node KRaft broker for tests");
    }
    format(configFile);
    KafkaTestBroker broker =
        new KafkaTestBroker(directory, KafkaConfig.fromProps(properties, false), brokerPort);
    broker.startServer();
    return broker;
  }

  /** {@code host:port} for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return "127.0.0.1:" + brokerPort;
  }

  /** An admin client of this broker, shared by the callers; closed with the broker. */
  public Admin admin() {
    if (admin == null) {
      admin =
          Admin.create(
              Map.of(
                  AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                  bootstrapServers(),
                  AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                  (int) ADMIN_TIMEOUT.toMillis()));
    }
    return admin;
  }

  /**
   * Creates a topic and waits until every partition has a leader that answers. The creation returns
   * before the broker leads the new partitions; a producer that sends at once gets
   * NOT_LEADER_OR_FOLLOWER and retries, and its idempotent retries can then be refused as out of
   * order. Listing the partitions' offsets is answered by the leader only, so it waits for exactly
   * that; it is retried while the admin client's metadata does not know the topic yet.
   */
  public void createTopic(String name, int partitions) {
    NewTopic topic = new NewTopic(name, partitions, (short) 1);
    await(admin().createTopics(List.of(topic)).all());
    Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
    for (int partition = 0; partition < partitions; partition++) {
      ends.put(new TopicPartition(name, partition), OffsetSpec.latest());
    }
    long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
    while (true) {
      try {
        admin().listOffsets(ends).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return;
      } catch (ExecutionException failure) {
        boolean retriable = failure.getCause() instanceof RetriableException;
        if (!retriable || System.nanoTime() > deadline) {
          throw new IllegalStateException("topic " + name + " did not get its leaders", failure);
        }
      } catch (InterruptedException | TimeoutException failure) {
        throw new IllegalStateException("topic " + name + " did not get its leaders", failure);
      }
      pause(Duration.ofMillis(50));
    }
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the broker", interrupted);
    }
  }

  /**
   * A new producer of raw bytes that waits for the broker's acknowledgement of every record ({@code
   * acks=all}, idempotent); the caller closes it.
   */
  public KafkaProducer<byte[], byte[]> producer() {
    Map<String, Object> settings = new HashMap<>();
    settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    settings.put(ProducerConfig.ACKS_CONFIG, "all");
    settings.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    return new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** The offsets a consumer group has committed, by partition; empty when it committed none. */
  public Map<TopicPartition, Long> committedOffsets(String group) {
    Map<TopicPartition, OffsetAndMetadata> committed =
        await(admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
    Map<TopicPartition, Long> offsets = new HashMap<>();
    committed.forEach(
        (partition, offset) -> {
          if (offset != null) {
            offsets.put(partition, offset.offset());
          }
        });
    return offsets;
  }

  /** The offset the next record of a partition will get. */
  public long endOffset(TopicPartition partition) {
    return await(
            admin().listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition))
        .offset();
  }

  /** Shuts the broker down, keeping its data and ports, for {@link #restart}. */
  public void stop() {
    closeAdmin();
    server.shutdown();
    server.awaitShutdown();
    server = null;
  }

  /** Starts the stopped broker again on the same ports and data. */
  public void restart() {
    if (server != null) {
      throw new IllegalStateException("the broker is running; stop it first");
    }
    startServer();
  }

  @Override
  public void close() {
    try {
      if (server != null) {
        stop();
      }
    } finally {
      deleteRecursively(directory);
    }
  }

  private void startServer() {
    KafkaRaftServer started = new KafkaRaftServer(config, Time.SYSTEM);
    started.startup();
    server = started;
    // The broker answers once it has registered with its controller and caught up with metadata.
    await(admin().describeCluster().nodes());
  }

  private void closeAdmin() {
    if (admin != null) {
      admin.close(Duration.ofSeconds(5));
      admin = null;
    }
  }

  private static Properties brokerProperties(Path directory, int brokerPort, int controllerPort) {
    Properties properties = new Properties();
    properties.put("process.roles", "broker,controller");
    properties.put("node.id", "1");
    properties.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    properties.put(
        "listeners",
        "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    properties.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    properties.put("controller.listener.names", "CONTROLLER");
    properties.put("inter.broker.listener.name", "PLAINTEXT");
    properties.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    properties.put("log.dirs", directory.resolve("logs").toString());
    properties.put("num.partitions", "1");
    properties.put("offsets.topic.replication.factor", "1");
    properties.put("offsets.topic.num.partitions", "1");
    properties.put("transaction.state.log.replication.factor", "1");
    properties.put("transaction.state.log.min.isr", "1");
    properties.put("share.coordinator.state.topic.replication.factor", "1");
    properties.put("share.coordinator.state.topic.min.isr", "1");
    properties.put("group.initial.rebalance.delay.ms", "0");
    properties.put("auto.create.topics.enable", "false");
    return properties;
  }

  private static void format(Path configFile) {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int status;
    try (PrintStream printer = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      status =
          StorageTool.execute(
              new String[] {
                "format", "-t", Uuid.randomUuid().toString(), "-c", configFile.toString()
              },
              printer);
    }
    if (status != 0) {
      throw new IllegalStateException(
          "formatting the kafka storage failed ("
              + status
              + "): "
              + output.toString(StandardCharsets.UTF_8));
    }
  }

  /** A port free right now; the broker binds it moments later (a race tests accept). */
  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static <T> T await(org.apache.kafka.common.KafkaFuture<T> future) {
    requireNonNull(future, "future is null");
    try {
      return future.get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the broker", interrupted);
    } catch (ExecutionException | TimeoutException failure) {
      throw new IllegalStateException("the test broker did not answer: " + failure, failure);
    }
  }

  private static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException failure)
                throws IOException {
              if (failure != null) {
                throw failure;
              }
              Files.delete(directory);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException failure) {
      throw new UncheckedIOException("cannot delete the test broker's directory " + root, failure);
    }
  }
}
