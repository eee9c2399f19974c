package dev.loupe.server.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.LoupeException;
import dev.loupe.ingest.IngestLimits;
import dev.loupe.server.LoupeServer;
import dev.loupe.server.ServerConfig;
import dev.loupe.storage.StorageConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka source against a real broker ({@link KafkaTestBroker}, one for the class) fed by
 * Kafka's own producer, with real Loupe servers on loopback ports and real stores in temporary
 * directories. Each test has its own topics and consumer group.
 *
 * <p>Waiting: consumption is asynchronous, so tests wait for a condition (records queryable,
 * offsets committed) with a generous deadline that only a hang reaches; they never assert how long
 * anything took.
 */
class SourceKafkaTest {
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static KafkaTestBroker broker;

  @TempDir Path directory;
  private final List<LoupeServer> servers = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void startBroker() throws IOException {
    broker = KafkaTestBroker.start();
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @AfterEach
  void stopServers() {
    for (LoupeServer server : servers) {
      server.close();
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Test
  void producedJsonLinesAreStoredQueryableAndCommitted() throws Exception {
    broker.createTopic("orders", 3);
    int singles = 3000;
    // An hour ago, in whole seconds: brokers refuse timestamps too far from their clock.
    Instant kafkaInstant = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
    long kafkaTime = kafkaInstant.toEpochMilli();
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
      for (int seq = 0; seq < singles; seq++) {
        String line =
            "{\"_msg\":\"order " + seq + " placed\",\"seq\":" + seq + ",\"service\":\"shop\"}";
        sent.add(producer.send(new ProducerRecord<>("orders", utf8("key-" + seq % 7), utf8(line))));
      }
      for (int batch = 0; batch < 10; batch++) {
        StringBuilder lines = new StringBuilder();
        for (int line = 0; line < 3; line++) {
          int seq = 100_000 + batch * 3 + line;
          lines.append("{\"_msg\":\"batched ").append(seq).append("\",\"seq\":").append(seq);
          lines.append(",\"service\":\"shop\"}\n");
        }
        sent.add(producer.send(new ProducerRecord<>("orders", utf8(lines.toString()))));
      }
      RecordHeaders headers = new RecordHeaders();
      headers.add("traceparent", utf8("00-4bf92f3577b34da6-00f067aa0ba902b7-01"));
      sent.add(
          producer.send(
              new ProducerRecord<>(
                  "orders",
                  0,
                  kafkaTime,
                  utf8("k"),
                  utf8("{\"_msg\":\"no time of its own\"}"),
                  headers)));
    }
    awaitSent(sent);
    LoupeServer server =
        start(
            "orders",
            config("orders", "orders-group")
                .withStreamFields(List.of("service"))
                .withHeadersAsFields(true));
    long expected = singles + 30 + 1;

    awaitUntil("every line stored", () -> hits(server, "kafka.topic:orders") == expected);

    assertThat(hits(server, "_stream:{kafka.topic=\"orders\",service=\"shop\"}"))
        .isEqualTo(expected - 1);
    assertThat(hits(server, "\"order 1234 placed\" kafka.key:key-2")).isEqualTo(1);
    assertThat(
            hits(
                server,
                "batched kafka.partition:0 OR batched kafka.partition:1 OR batched"
                    + " kafka.partition:2"))
        .isEqualTo(30);
    String untimed = query(server, "\"no time of its own\"");
    assertThat(untimed)
        .as("a line without a time takes the kafka timestamp; headers become fields")
        .contains("\"_time\":\"" + kafkaInstant + "\"")
        .contains("\"kafka.header.traceparent\":\"00-4bf92f3577b34da6-00f067aa0ba902b7-01\"")
        .contains("\"kafka.offset\":");
    awaitUntil("offsets committed", () -> allCommitted("orders", 3, "orders-group"));
    awaitUntil(
        "lag metric down to zero",
        () -> {
          String metrics = metrics(server);
          return metrics.contains("loupe_kafka_consumer_lag{topic=\"orders\",partition=\"0\"} 0")
              && metrics.contains("loupe_kafka_consumer_lag{topic=\"orders\",partition=\"1\"} 0")
              && metrics.contains("loupe_kafka_consumer_lag{topic=\"orders\",partition=\"2\"} 0");
        });
    String metrics = metrics(server);
    assertThat(metricValue(metrics, "loupe_kafka_records_consumed_total")).isEqualTo(singles + 11);
    assertThat(metricValue(metrics, "loupe_kafka_lines_stored_total")).isEqualTo(expected);
    assertThat(metricValue(metrics, "loupe_kafka_records_failed_total")).isZero();
    assertThat(metricValue(metrics, "loupe_kafka_assigned_partitions")).isEqualTo(3);
  }

  @Test
  void aRestartResumesFromTheCommittedOffsetsAndLosesNothing() throws Exception {
    broker.createTopic("restart", 2);
    int count = 10_000;
    produceSequence("restart", 0, count);
    KafkaSourceConfig config =
        config("restart", "restart-group").withProperties(Map.of("max.poll.records", "1000"));
    Path data = directory.resolve("restart-data");

    LoupeServer first = startOn(data, config);
    awaitUntil("the first lines stored", () -> hits(first, "kafka.topic:restart") > 0);
    first.close();
    servers.remove(first);
    LoupeServer between = startOn(data, KafkaSourceConfig.disabled());
    long storedBeforeTheStop = hits(between, "kafka.topic:restart");
    between.close();
    servers.remove(between);
    LoupeServer second = startOn(data, config);

    awaitUntil("every offset committed", () -> allCommitted("restart", 2, "restart-group"));
    Map<Long, Integer> seen = sequenceCounts(second, "kafka.topic:restart");
    long duplicates = seen.values().stream().mapToLong(copies -> copies - 1).sum();
    System.out.printf(
        "kafka restart: %d of %d lines stored before the stop; after the restart %d distinct,"
            + " %d duplicates%n",
        storedBeforeTheStop, count, seen.size(), duplicates);
    assertThat(seen.keySet()).as("every produced record stored").hasSize(count);
    assertThat(seen.keySet().stream().mapToLong(Long::longValue).max().orElseThrow())
        .isEqualTo(count - 1);
    assertThat(duplicates)
        .as("a clean stop commits what it stored: at most one poll is read again")
        .isLessThanOrEqualTo(1000);
  }

  @Test
  void poisonRecordsAreCountedSkippedAndCommitted() throws Exception {
    broker.createTopic("poison", 1);
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
      sent.add(send(producer, "poison", utf8("{\"_msg\":\"good 1\"}")));
      sent.add(send(producer, "poison", utf8("{\"_msg\": not json at all")));
      sent.add(send(producer, "poison", new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 1, 2, 3}));
      sent.add(
          send(producer, "poison", utf8("{\"_msg\":\"good 2\"}\n{broken\n{\"_msg\":\"good 3\"}")));
      sent.add(send(producer, "poison", utf8("{\"_msg\":\"good 4\"}")));
    }
    awaitSent(sent);
    LoupeServer server = start("poison", config("poison", "poison-group"));

    awaitUntil("every offset committed", () -> allCommitted("poison", 1, "poison-group"));

    assertThat(hits(server, "kafka.topic:poison")).isEqualTo(4);
    assertThat(hits(server, "good kafka.offset:3"))
        .as("the good lines of a bad record")
        .isEqualTo(2);
    String metrics = metrics(server);
    assertThat(metricValue(metrics, "loupe_kafka_records_failed_total")).isEqualTo(3);
    assertThat(metricValue(metrics, "loupe_kafka_lines_rejected_total")).isEqualTo(3);
    assertThat(metricValue(metrics, "loupe_kafka_records_consumed_total")).isEqualTo(5);
  }

  @Test
  void aRefusedStoreCommitsNothingAndEverythingIsStoredOnceSpaceReturns() throws Exception {
    broker.createTopic("full", 1);
    produceSequence("full", 0, 50);
    KafkaSourceConfig config = config("full", "full-group");
    Path data = directory.resolve("full-data");
    // A minimum of free space no disk has: every append is refused as with a full disk.
    LoupeServer full = start(storage(data).withMinFreeDiskBytes(Long.MAX_VALUE), config);

    awaitUntil(
        "the store refused twice and the lag shows the records",
        () -> {
          String metrics = metrics(full);
          return metricValue(metrics, "loupe_kafka_store_failures_total") >= 2
              && metrics.contains("loupe_kafka_consumer_lag{topic=\"full\",partition=\"0\"} 50");
        });
    assertThat(broker.committedOffsets("full-group")).as("nothing committed").isEmpty();
    assertThat(hits(full, "kafka.topic:full")).isZero();
    assertThat(get(full, "/health").statusCode()).as("the server still serves").isEqualTo(200);
    full.close();
    servers.remove(full);

    LoupeServer roomy = start(storage(data), config);
    awaitUntil("every offset committed", () -> allCommitted("full", 1, "full-group"));
    assertThat(sequenceCounts(roomy, "kafka.topic:full"))
        .hasSize(50)
        .allSatisfy(
            (seq, copies) -> {
              assertThat(copies).isEqualTo(1);
            });
  }

  @Test
  void aBrokerOutageIsRetriedWhileTheServerKeepsServing() throws Exception {
    broker.createTopic("outage", 1);
    produceSequence("outage", 0, 10);
    // The client's reconnect backoff grows to 1 s by default; a shorter one ends the test sooner.
    LoupeServer server =
        start(
            "outage",
            config("outage", "outage-group")
                .withProperties(Map.of("reconnect.backoff.max.ms", "250")));
    awaitUntil("the first records stored", () -> hits(server, "kafka.topic:outage") == 10);

    broker.stop();
    try {
      HttpResponse<String> ingest =
          http.send(
              HttpRequest.newBuilder(uri(server, "/api/v1/ingest"))
                  .POST(HttpRequest.BodyPublishers.ofString("{\"_msg\":\"over http meanwhile\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(ingest.statusCode()).isEqualTo(200);
      assertThat(hits(server, "meanwhile")).isEqualTo(1);
    } finally {
      broker.restart();
    }
    produceSequence("outage", 10, 10);

    awaitUntil(
        "the records sent after the outage stored", () -> hits(server, "kafka.topic:outage") == 20);
    awaitUntil("every offset committed", () -> allCommitted("outage", 1, "outage-group"));
  }

  @Test
  void partitionsMoveBetweenServersOfOneGroupWithoutLoss() throws Exception {
    broker.createTopic("shared", 4);
    KafkaSourceConfig config = config("shared", "shared-group");
    Path dataA = directory.resolve("a");
    Path dataB = directory.resolve("b");
    produceSequence("shared", 0, 2000);
    LoupeServer serverA = startOn(dataA, config);
    awaitUntil("server a consumes", () -> hits(serverA, "kafka.topic:shared") > 0);

    LoupeServer serverB = startOn(dataB, config);
    awaitUntil(
        "the group shares the partitions",
        () ->
            metricValue(metrics(serverA), "loupe_kafka_assigned_partitions") == 2
                && metricValue(metrics(serverB), "loupe_kafka_assigned_partitions") == 2);
    produceSequence("shared", 2000, 2000);
    awaitUntil(
        "both store their share",
        () -> hits(serverA, "kafka.topic:shared") + hits(serverB, "kafka.topic:shared") >= 4000);

    serverA.close();
    servers.remove(serverA);
    awaitUntil(
        "server b takes every partition",
        () -> metricValue(metrics(serverB), "loupe_kafka_assigned_partitions") == 4);
    produceSequence("shared", 4000, 2000);
    awaitUntil("every offset committed", () -> allCommitted("shared", 4, "shared-group"));

    LoupeServer readA = startOn(dataA, KafkaSourceConfig.disabled());
    Map<Long, Integer> seen = new TreeMap<>(sequenceCounts(readA, "kafka.topic:shared"));
    sequenceCounts(serverB, "kafka.topic:shared")
        .forEach((seq, copies) -> seen.merge(seq, copies, Integer::sum));
    long duplicates = seen.values().stream().mapToLong(copies -> copies - 1).sum();
    System.out.printf(
        "kafka rebalance: 6000 produced, %d distinct stored by the two servers, %d duplicates%n",
        seen.size(), duplicates);
    assertThat(seen).hasSize(6000);
  }

  @Test
  void anInvalidConsumerSettingStopsTheStartAndSaysWhich() {
    KafkaSourceConfig config =
        config("any", "any-group").withProperties(Map.of("fetch.min.bytes", "plenty"));

    assertThatThrownBy(() -> start("invalid", config))
        .isInstanceOf(LoupeException.class)
        .hasMessageContaining("fetch.min.bytes")
        .hasMessageContaining("--kafka-property");
  }

  // ---------------------------------------------------------------------------------------------

  private static KafkaSourceConfig config(String topic, String group) {
    return KafkaSourceConfig.of(broker.bootstrapServers(), List.of(topic)).withGroupId(group);
  }

  private StorageConfig storage(Path data) {
    return StorageConfig.defaults(data)
        .withMinFreeDiskBytes(0)
        .withFlushInterval(Duration.ofHours(1));
  }

  private LoupeServer start(String name, KafkaSourceConfig kafka) {
    return startOn(directory.resolve(name), kafka);
  }

  private LoupeServer startOn(Path data, KafkaSourceConfig kafka) {
    return start(storage(data), kafka);
  }

  private LoupeServer start(StorageConfig storage, KafkaSourceConfig kafka) {
    ServerConfig config =
        new ServerConfig("127.0.0.1", 0, storage, IngestLimits.defaults(), 2).withKafka(kafka);
    LoupeServer server = LoupeServer.start(config, Clock.systemUTC());
    servers.add(server);
    return server;
  }

  private static void produceSequence(String topic, int first, int count) throws Exception {
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
      for (int seq = first; seq < first + count; seq++) {
        String line = "{\"_msg\":\"event " + seq + "\",\"seq\":" + seq + "}";
        sent.add(producer.send(new ProducerRecord<>(topic, utf8("key-" + seq), utf8(line))));
      }
    }
    awaitSent(sent);
  }

  private static Future<RecordMetadata> send(
      KafkaProducer<byte[], byte[]> producer, String topic, byte[] value) {
    return producer.send(new ProducerRecord<>(topic, value));
  }

  /** Fails the test if the broker refused any record: a test must know what it produced. */
  private static void awaitSent(List<Future<RecordMetadata>> sent) throws Exception {
    for (Future<RecordMetadata> record : sent) {
      record.get();
    }
  }

  private static boolean allCommitted(String topic, int partitions, String group) {
    Map<TopicPartition, Long> committed = broker.committedOffsets(group);
    for (int partition = 0; partition < partitions; partition++) {
      TopicPartition topicPartition = new TopicPartition(topic, partition);
      long end = broker.endOffset(topicPartition);
      if (end > 0 && committed.getOrDefault(topicPartition, -1L) != end) {
        return false;
      }
    }
    return true;
  }

  private long hits(LoupeServer server, String query) {
    String body = getOrFail(server, "/api/v1/hits?query=" + encode(query));
    Matcher hits = Pattern.compile("\"hits\":(\\d+)").matcher(body);
    assertThat(hits.find()).as("hits in %s", body).isTrue();
    return Long.parseLong(hits.group(1));
  }

  private String query(LoupeServer server, String query) {
    return getOrFail(server, "/api/v1/query?query=" + encode(query));
  }

  /** How many stored lines carry each {@code seq} value. */
  private Map<Long, Integer> sequenceCounts(LoupeServer server, String query) {
    String csv = getOrFail(server, "/api/v1/export?format=csv&fields=seq&query=" + encode(query));
    Map<Long, Integer> counts = new HashMap<>();
    List<String> rows = csv.lines().toList();
    assertThat(rows.getFirst()).isEqualTo("seq");
    for (String row : rows.subList(1, rows.size())) {
      counts.merge(Long.parseLong(row.strip()), 1, Integer::sum);
    }
    return counts;
  }

  private String metrics(LoupeServer server) {
    return getOrFail(server, "/metrics");
  }

  private static long metricValue(String metrics, String name) {
    Matcher value = Pattern.compile("(?m)^" + Pattern.quote(name) + " (\\d+)$").matcher(metrics);
    assertThat(value.find()).as("%s in /metrics", name).isTrue();
    return Long.parseLong(value.group(1));
  }

  private String getOrFail(LoupeServer server, String pathAndQuery) {
    HttpResponse<String> response = get(server, pathAndQuery);
    assertThat(response.statusCode()).as("%s: %s", pathAndQuery, response.body()).isEqualTo(200);
    return response.body();
  }

  private HttpResponse<String> get(LoupeServer server, String pathAndQuery) {
    try {
      return http.send(
          HttpRequest.newBuilder(uri(server, pathAndQuery)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException failure) {
      throw new AssertionError("GET " + pathAndQuery + " failed", failure);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", interrupted);
    }
  }

  private static URI uri(LoupeServer server, String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Waits for {@code condition}; fails naming it if it does not hold within the deadline. A broker
   * call that fails meanwhile (the broker restarting, a coordinator still loading) counts as "not
   * yet" and is the cause of the failure if nothing better comes.
   */
  private static void awaitUntil(String description, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    RuntimeException lastFailure = null;
    while (true) {
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (IllegalStateException brokerNotAnswering) {
        lastFailure = brokerNotAnswering;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "still waiting for: " + description + " after " + DEADLINE, lastFailure);
      }
      Thread.sleep(20);
    }
  }
}
