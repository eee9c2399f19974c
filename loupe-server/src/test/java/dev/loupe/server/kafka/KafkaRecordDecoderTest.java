package dev.loupe.server.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.loupe.core.Field;
import dev.loupe.core.LogRecord;
import dev.loupe.core.Stream;
import dev.loupe.core.Timestamps;
import dev.loupe.ingest.IngestLimits;
import dev.loupe.ingest.StreamCache;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/**
 * Record values of one partition into log records, on both decoding paths: values joined into one
 * body (the fast path) and each value alone (the path a chunk that does not add up falls back to).
 */
class KafkaRecordDecoderTest {
  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
  private static final InstantSource CLOCK = InstantSource.fixed(NOW);
  private static final TopicPartition PARTITION = new TopicPartition("app-logs", 3);
  private static final long KAFKA_TIME_MILLIS =
      Instant.parse("2026-11-22T11:00:00Z").toEpochMilli();
  private static final KafkaSourceConfig JSON =
      KafkaSourceConfig.of("127.0.0.1:9092", List.of("app-logs"));

  private final StreamCache streamCache = new StreamCache();

  private KafkaRecordDecoder decoder(KafkaSourceConfig config, IngestLimits limits) {
    return new KafkaRecordDecoder(config, limits, streamCache, CLOCK);
  }

  private KafkaRecordDecoder decoder(KafkaSourceConfig config) {
    return decoder(config, IngestLimits.defaults());
  }

  private static ConsumerRecord<byte[], byte[]> record(long offset, String value) {
    return record(offset, KAFKA_TIME_MILLIS + offset, null, utf8(value), new RecordHeaders());
  }

  private static ConsumerRecord<byte[], byte[]> record(
      long offset, long timestampMillis, String key, byte[] value, RecordHeaders headers) {
    return new ConsumerRecord<>(
        PARTITION.topic(),
        PARTITION.partition(),
        offset,
        timestampMillis,
        TimestampType.CREATE_TIME,
        key == null ? -1 : key.length(),
        value == null ? -1 : value.length,
        key == null ? null : utf8(key),
        value,
        headers,
        Optional.empty());
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static long nanos(long millis) {
    return millis * 1_000_000;
  }

  @Test
  void eachLineBecomesARecordWithTheKafkaFieldsAndTheTopicAsStreamLabel() {
    List<ConsumerRecord<byte[], byte[]>> records =
        List.of(
            record(10, "{\"_msg\":\"first\",\"_time\":\"2026-11-22T10:00:00Z\",\"user\":\"ann\"}"),
            record(11, "{\"msg\":\"second\"}\n{\"message\":\"third\"}\n"));

    KafkaRecordDecoder decoder = decoder(JSON);
    KafkaRecordDecoder.Decoded decoded = decoder.decode(PARTITION, records);

    assertThat(decoder.fallbacks()).as("decoded as one body").isZero();
    assertThat(decoded.failures()).isEmpty();
    assertThat(decoded.failedRecords()).isZero();
    assertThat(decoded.records())
        .extracting(LogRecord::message)
        .containsExactly("first", "second", "third");
    LogRecord first = decoded.records().get(0);
    assertThat(first.timeNanos())
        .as("a time of its own wins over the kafka timestamp")
        .isEqualTo(Timestamps.toNanos(Instant.parse("2026-11-22T10:00:00Z")));
    assertThat(first.fields())
        .containsExactly(
            new Field("user", "ann"),
            new Field("kafka.topic", "app-logs"),
            new Field("kafka.partition", "3"),
            new Field("kafka.offset", "10"));
    assertThat(first.stream()).isEqualTo(Stream.of("default", Map.of("kafka.topic", "app-logs")));
    LogRecord third = decoded.records().get(2);
    assertThat(third.timeNanos())
        .as("no time of its own: the kafka record's timestamp")
        .isEqualTo(nanos(KAFKA_TIME_MILLIS + 11));
    assertThat(third.field("kafka.offset"))
        .as("lines of one record share its offset")
        .isEqualTo("11");
  }

  @Test
  void aLineThatFailsToDecodeIsReportedWithItsOffsetAndTheOthersAreKept() {
    List<ConsumerRecord<byte[], byte[]>> records =
        List.of(
            record(5, "{\"_msg\":\"good 1\"}"),
            record(6, "{\"_msg\":\"good 2\"}\n{not json\n{\"_msg\":\"good 3\"}"),
            record(7, "plain words, not an object"),
            record(8, "{\"_msg\":\"good 4\",\"_time\":\"yesterday-ish\"}"),
            record(9, "{\"_msg\":\"good 5\"}"));

    KafkaRecordDecoder.Decoded decoded = decoder(JSON).decode(PARTITION, records);

    assertThat(decoded.records())
        .extracting(LogRecord::message)
        .containsExactly("good 1", "good 2", "good 3", "good 5");
    assertThat(decoded.failures())
        .extracting(KafkaRecordDecoder.Failure::offset, KafkaRecordDecoder.Failure::line)
        .containsExactly(tuple(6L, 2L), tuple(7L, 1L), tuple(8L, 1L));
    assertThat(decoded.failures().get(1).reason()).contains("not a json object");
    assertThat(decoded.failures().get(2).reason()).contains("yesterday-ish");
    assertThat(decoded.failedRecords()).isEqualTo(3);
  }

  @Test
  void blankLinesTombstonesAndLineEndingsAreHandledAsOverHttp() {
    List<ConsumerRecord<byte[], byte[]>> records =
        List.of(
            record(0, "\n\n  \t \r\n{\"_msg\":\"after blanks\"}\r\n\n"),
            record(1, 1L, null, null, new RecordHeaders()),
            record(2, "\uFEFF{\"_msg\":\"after a byte order mark\"}"),
            record(3, ""),
            record(4, "{\"_msg\":\"last\"}"));

    KafkaRecordDecoder.Decoded decoded = decoder(JSON).decode(PARTITION, records);

    assertThat(decoded.failures()).isEmpty();
    assertThat(decoded.records())
        .extracting(LogRecord::message)
        .containsExactly("after blanks", "after a byte order mark", "last");
  }

  @Test
  void plainTextEventsKeepTheirOrderOneNanosecondApart() {
    KafkaSourceConfig text = JSON.withFormat(KafkaFormat.TEXT);
    List<ConsumerRecord<byte[], byte[]>> records =
        List.of(record(0, "GET / 200\n\nPOST /login 302\r\n"), record(1, "{\"not\":\"parsed\"}"));

    List<LogRecord> decoded = decoder(text).decode(PARTITION, records).records();

    assertThat(decoded)
        .extracting(LogRecord::message)
        .containsExactly("GET / 200", "POST /login 302", "{\"not\":\"parsed\"}");
    long base = nanos(KAFKA_TIME_MILLIS);
    assertThat(decoded)
        .extracting(LogRecord::timeNanos)
        .as("line index within its record, empty lines counted")
        .containsExactly(base, base + 2, nanos(KAFKA_TIME_MILLIS + 1));
    assertThat(decoded.get(2).fields()).extracting(Field::name).doesNotContain("not");
  }

  @Test
  void plainTextStackTracesJoinWithinARecordNeverAcrossRecords() {
    KafkaSourceConfig text = JSON.withFormat(KafkaFormat.TEXT);
    String trace =
        "java.lang.IllegalStateException: boom\n"
            + "\tat a.B.c(B.java:1)\n"
            + "\tat d.E.f(E.java:2)\n"
            + "next event";
    List<ConsumerRecord<byte[], byte[]>> records =
        List.of(record(0, trace), record(1, "\tat g.H.i(H.java:3)"), record(2, "last"));
    KafkaRecordDecoder decoder = decoder(text);

    List<LogRecord> joined = decoder.decode(PARTITION, records).records();
    List<LogRecord> alone =
        new KafkaRecordDecoder(text, IngestLimits.defaults(), streamCache, CLOCK, true)
            .decode(PARTITION, records)
            .records();

    assertThat(joined)
        .extracting(LogRecord::message)
        .containsExactly(
            "java.lang.IllegalStateException: boom\n\tat a.B.c(B.java:1)\n\tat d.E.f(E.java:2)",
            "next event",
            "\tat g.H.i(H.java:3)",
            "last");
    assertThat(joined.get(1).timeNanos()).isEqualTo(nanos(KAFKA_TIME_MILLIS) + 3);
    assertThat(joined.get(2).field("kafka.offset")).isEqualTo("1");
    assertThat(joined).isEqualTo(alone);
    assertThat(decoder.fallbacks())
        .as("record 1 would have joined record 0's last event: that chunk went one by one")
        .isEqualTo(1);
    decoder.decode(PARTITION, List.of(record(0, trace), record(2, "last")));
    assertThat(decoder.fallbacks()).as("no join across records: one body").isEqualTo(1);
  }

  @Test
  void keyHeadersPartitionLabelAndStreamFieldsWhenConfigured() {
    KafkaSourceConfig config =
        JSON.withHeadersAsFields(true)
            .withPartitionLabel(true)
            .withStreamFields(List.of("service"))
            .withTenant("team-a");
    RecordHeaders headers = new RecordHeaders();
    headers.add("traceparent", utf8("00-abc-def-01"));
    headers.add("empty", null);
    ConsumerRecord<byte[], byte[]> record =
        record(
            42,
            KAFKA_TIME_MILLIS,
            "host-7",
            utf8("{\"_msg\":\"hi\",\"service\":\"api\"}"),
            headers);

    LogRecord decoded = decoder(config).decode(PARTITION, List.of(record)).records().getFirst();

    assertThat(decoded.stream())
        .isEqualTo(
            Stream.of(
                "team-a",
                Map.of("kafka.topic", "app-logs", "kafka.partition", "3", "service", "api")));
    assertThat(decoded.fields())
        .containsExactly(
            new Field("service", "api"),
            new Field("kafka.topic", "app-logs"),
            new Field("kafka.partition", "3"),
            new Field("kafka.offset", "42"),
            new Field("kafka.key", "host-7"),
            new Field("kafka.header.traceparent", "00-abc-def-01"),
            new Field("kafka.header.empty", ""));
  }

  @Test
  void headersStopAtTheFieldsLimit() {
    RecordHeaders headers = new RecordHeaders();
    for (int index = 0; index < 10; index++) {
      headers.add("h" + index, utf8("v"));
    }
    IngestLimits sixFields = new IngestLimits(1 << 20, 1 << 16, 6, 10);
    ConsumerRecord<byte[], byte[]> record =
        record(1, KAFKA_TIME_MILLIS, null, utf8("{\"_msg\":\"x\",\"a\":\"1\"}"), headers);

    LogRecord decoded =
        decoder(JSON.withHeadersAsFields(true), sixFields)
            .decode(PARTITION, List.of(record))
            .records()
            .getFirst();

    assertThat(decoded.fields())
        .extracting(Field::name)
        .containsExactly(
            "a",
            "kafka.topic",
            "kafka.partition",
            "kafka.offset",
            "kafka.header.h0",
            "kafka.header.h1");
  }

  @Test
  void aRecordWithoutTimestampGetsTheReceiveTime() {
    ConsumerRecord<byte[], byte[]> record =
        record(0, ConsumerRecord.NO_TIMESTAMP, null, utf8("{\"_msg\":\"x\"}"), new RecordHeaders());

    LogRecord decoded = decoder(JSON).decode(PARTITION, List.of(record)).records().getFirst();

    assertThat(decoded.timeNanos()).isEqualTo(Timestamps.toNanos(NOW));
  }

  @Test
  void aValueOverTheBodyLimitIsRefusedWholeAndTheRestDecoded() {
    IngestLimits smallBodies = new IngestLimits(64, 64, 100, 10);
    List<ConsumerRecord<byte[], byte[]>> records =
        List.of(
            record(0, "{\"_msg\":\"small\"}\n{bad"),
            record(1, "{\"_msg\":\"" + "x".repeat(100) + "\"}"),
            record(2, "{\"_msg\":\"small again\"}"));

    KafkaRecordDecoder.Decoded decoded = decoder(JSON, smallBodies).decode(PARTITION, records);

    assertThat(decoded.records())
        .extracting(LogRecord::message)
        .containsExactly("small", "small again");
    assertThat(decoded.failures())
        .as("in offset order")
        .extracting(KafkaRecordDecoder.Failure::offset, KafkaRecordDecoder.Failure::line)
        .containsExactly(tuple(0L, 2L), tuple(1L, 0L));
    assertThat(decoded.failures().get(1).reason())
        .contains("larger than the body limit", "--max-body-mb");
    assertThat(decoded.failedRecords()).isEqualTo(2);
  }

  @Test
  void manySmallChunksMapEveryLineToItsRecord() {
    // A body limit of 200 bytes cuts the partition into many chunks of a few values each.
    IngestLimits smallBodies = new IngestLimits(200, 100, 100, 10);
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int offset = 0; offset < 100; offset++) {
      String value =
          offset % 7 == 3
              ? "{broken " + offset
              : "{\"_msg\":\"line " + offset + "\"}\n{\"_msg\":\"again " + offset + "\"}";
      records.add(record(offset, value));
    }

    KafkaRecordDecoder.Decoded decoded = decoder(JSON, smallBodies).decode(PARTITION, records);

    assertThat(decoded.failures())
        .extracting(KafkaRecordDecoder.Failure::offset)
        .containsExactly(3L, 10L, 17L, 24L, 31L, 38L, 45L, 52L, 59L, 66L, 73L, 80L, 87L, 94L);
    assertThat(decoded.records()).hasSize(2 * (100 - 14));
    for (LogRecord line : decoded.records()) {
      String offset = line.field("kafka.offset");
      assertThat(line.message()).endsWith(" " + offset);
      assertThat(line.timeNanos()).isEqualTo(nanos(KAFKA_TIME_MILLIS + Long.parseLong(offset)));
    }
  }

  /** 50 partitions a format in CI; {@code -Dloupe.kafka.decoderRounds=100000} for a long run. */
  private static final int ROUNDS = Integer.getInteger("loupe.kafka.decoderRounds", 50);

  /**
   * Seeded random partitions of values mixing good and bad lines, blanks, byte order marks, CRLF,
   * invalid UTF-8, over-long lines and tombstones: the joined path must give exactly what decoding
   * each value alone gives.
   */
  @Test
  void joinedAndPerRecordDecodingAgreeOnRandomPartitions() {
    // A fixed seed, so that CI judges the same partitions every run; explore others with
    // -Dloupe.kafka.decoderSeed=N (and more rounds). Known disagreement, not yet fixed: seed
    // -5497373766762429038 (TEXT, round 29), a value starting with a byte order mark inside a
    // multi-line event, is joined into the event by the joined path but not by the per-record one.
    long seed = Long.getLong("loupe.kafka.decoderSeed", 20261122L);
    Random random = new Random(seed);
    IngestLimits limits = new IngestLimits(4096, 120, 20, 10);
    for (KafkaFormat format : KafkaFormat.values()) {
      KafkaSourceConfig config = JSON.withFormat(format).withHeadersAsFields(true);
      KafkaRecordDecoder joined = decoder(config, limits);
      KafkaRecordDecoder alone = new KafkaRecordDecoder(config, limits, streamCache, CLOCK, true);
      for (int round = 0; round < ROUNDS; round++) {
        List<ConsumerRecord<byte[], byte[]>> records = randomRecords(random);
        KafkaRecordDecoder.Decoded fast = joined.decode(PARTITION, records);
        KafkaRecordDecoder.Decoded slow = alone.decode(PARTITION, records);
        assertThat(fast).as("seed %d, format %s, round %d", seed, format, round).isEqualTo(slow);
      }
      if (format == KafkaFormat.JSON) {
        assertThat(joined.fallbacks()).as("json lines always map: seed %d", seed).isZero();
      } else {
        assertThat(joined.fallbacks())
            .as("plain text falls back only on joins across records: seed %d", seed)
            .isLessThan(ROUNDS);
      }
    }
  }

  private static final String[] LINES = {
    "{\"_msg\":\"ok\",\"n\":1}",
    "{\"_time\":\"2026-01-02T03:04:05Z\",\"msg\":\"timed\"}",
    "{\"_time\":0,\"msg\":\"zero time\"}",
    "{\"a\":{\"b\":[1,2]}}",
    "{}",
    "{bad",
    "[1,2]",
    "   ",
    "\t",
    "",
    "\uFEFF",
    "\uFEFF{\"_msg\":\"bom\"}",
    "  {\"_msg\":\"indented\"}  ",
    "{\"_time\":\"not a time\"}",
    "plain text line",
    "\tat a.B.c(B.java:1)",
    "Caused by: java.io.IOException: gone",
    "    indented continuation",
    "Traceback (most recent call last):",
  };

  private static List<ConsumerRecord<byte[], byte[]>> randomRecords(Random random) {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    int count = 1 + random.nextInt(30);
    for (int offset = 0; offset < count; offset++) {
      if (random.nextInt(20) == 0) {
        records.add(record(offset, KAFKA_TIME_MILLIS, null, null, new RecordHeaders()));
        continue;
      }
      ByteArrayOutputStream value = new ByteArrayOutputStream();
      int lines = random.nextInt(5);
      for (int line = 0; line < lines; line++) {
        switch (random.nextInt(12)) {
          case 0 -> value.writeBytes(utf8("{\"_msg\":\"" + "y".repeat(130) + "\"}"));
          case 1 ->
              value.writeBytes(new byte[] {'{', '"', 'm', '"', ':', '"', (byte) 0xC3, '"', '}'});
          case 2 -> value.writeBytes(" ".repeat(150).getBytes(StandardCharsets.US_ASCII));
          default -> value.writeBytes(utf8(LINES[random.nextInt(LINES.length)]));
        }
        if (line < lines - 1 || random.nextBoolean()) {
          value.writeBytes(random.nextBoolean() ? utf8("\n") : utf8("\r\n"));
        }
      }
      RecordHeaders headers = new RecordHeaders();
      if (random.nextBoolean()) {
        headers.add("h", utf8("v" + offset));
      }
      String key = random.nextBoolean() ? "k" + offset : null;
      records.add(record(offset, KAFKA_TIME_MILLIS + offset, key, value.toByteArray(), headers));
    }
    return records;
  }
}
