package dev.loupe.server.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.core.Field;
import dev.loupe.core.LogRecord;
import dev.loupe.core.Stream;
import dev.loupe.ingest.StreamCache;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class KafkaStreamLabelsTest {
  private static final TopicPartition PARTITION = new TopicPartition("logs", 4);
  private final StreamCache cache = new StreamCache();

  private static LogRecord decoded(Field... fields) {
    return new LogRecord(Stream.of("t", Map.of()), 0, "m", List.of(fields));
  }

  @Test
  void theTopicIsALabelAndStreamFieldsTakeTheirFirstNonEmptyValue() {
    KafkaStreamLabels labels = new KafkaStreamLabels("t", List.of("service", "host"), false, cache);

    Stream stream =
        labels.resolve(
            PARTITION,
            decoded(
                new Field("service", ""), new Field("service", "api"), new Field("service", "x")));

    assertThat(stream).isEqualTo(Stream.of("t", Map.of("kafka.topic", "logs", "service", "api")));
  }

  @Test
  void thePartitionIsALabelWhenAskedAndTheTopicCannotBeOverridden() {
    KafkaStreamLabels labels = new KafkaStreamLabels("t", List.of("kafka.topic"), true, cache);

    Stream stream = labels.resolve(PARTITION, decoded(new Field("kafka.topic", "spoofed")));

    assertThat(stream)
        .isEqualTo(Stream.of("t", Map.of("kafka.topic", "logs", "kafka.partition", "4")));
  }

  @Test
  void equalLabelsGiveTheSameStreamInstance() {
    KafkaStreamLabels labels = new KafkaStreamLabels("t", List.of("service"), false, cache);

    Stream first = labels.resolve(PARTITION, decoded(new Field("service", "api")));
    Stream second =
        labels.resolve(new TopicPartition("logs", 9), decoded(new Field("service", "api")));
    Stream other = labels.resolve(PARTITION, decoded(new Field("service", "web")));

    assertThat(second).isSameAs(first);
    assertThat(other).isNotEqualTo(first);
  }
}
