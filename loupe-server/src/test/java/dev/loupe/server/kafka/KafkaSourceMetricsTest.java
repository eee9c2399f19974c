package dev.loupe.server.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class KafkaSourceMetricsTest {
  @Test
  void countersAndLagByPartitionInThePrometheusTextFormat() {
    KafkaSourceMetrics metrics = new KafkaSourceMetrics();
    metrics.recordsConsumed.add(12);
    metrics.recordsFailed.increment();
    metrics.assignedPartitions.set(3);
    metrics.lag.put(new TopicPartition("web", 10), 0L);
    metrics.lag.put(new TopicPartition("web", 2), 7L);
    metrics.lag.put(new TopicPartition("app", 0), 42L);

    StringBuilder text = new StringBuilder();
    metrics.writePrometheus(text);

    assertThat(text.toString())
        .contains(
            "# HELP loupe_kafka_records_consumed_total kafka records stored\n"
                + "# TYPE loupe_kafka_records_consumed_total counter\n"
                + "loupe_kafka_records_consumed_total 12\n")
        .contains("loupe_kafka_records_failed_total 1\n")
        .contains("loupe_kafka_assigned_partitions 3\n")
        .contains(
            "# TYPE loupe_kafka_consumer_lag gauge\n"
                + "loupe_kafka_consumer_lag{topic=\"app\",partition=\"0\"} 42\n"
                + "loupe_kafka_consumer_lag{topic=\"web\",partition=\"2\"} 7\n"
                + "loupe_kafka_consumer_lag{topic=\"web\",partition=\"10\"} 0\n");
  }

  @Test
  void everyLineIsACommentOrASample() {
    StringBuilder text = new StringBuilder();
    new KafkaSourceMetrics().writePrometheus(text);

    assertThat(text.toString().lines())
        .isNotEmpty()
        .allMatch(
            line ->
                line.startsWith("# HELP loupe_kafka_")
                    || line.startsWith("# TYPE loupe_kafka_")
                    || line.matches("loupe_kafka_[a-z_]+(\\{[^}]*\\})? -?\\d+"));
  }
}
