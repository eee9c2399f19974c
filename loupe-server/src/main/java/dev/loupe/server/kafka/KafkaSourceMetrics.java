package dev.loupe.server.kafka;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.common.TopicPartition;

/**
 * The Kafka source's counters and gauges, printed in the Prometheus text format (0.0.4) as part of
 * the server's {@code /metrics}. Written by the poll thread, read by any thread.
 */
final class KafkaSourceMetrics {
  /**
   * Kafka records whose lines are stored (or that held none), so their offsets may be committed.
   */
  final LongAdder recordsConsumed = new LongAdder();

  /** Kafka records with at least one line that could not be decoded (poison records). */
  final LongAdder recordsFailed = new LongAdder();

  final LongAdder linesStored = new LongAdder();
  final LongAdder linesRejected = new LongAdder();

  /** Batches the store refused (disk full, failed fsync): retried after a backoff. */
  final LongAdder storeFailures = new LongAdder();

  final LongAdder commits = new LongAdder();
  final LongAdder commitFailures = new LongAdder();

  /** Errors of the consumer (broker unreachable too long, authorization, ...): retried. */
  final LongAdder errors = new LongAdder();

  final AtomicInteger assignedPartitions = new AtomicInteger();

  /** Records in each assigned partition after the consumer's position, as last seen. */
  final Map<TopicPartition, Long> lag = new ConcurrentHashMap<>();

  void writePrometheus(StringBuilder text) {
    counter(text, "loupe_kafka_records_consumed_total", "kafka records stored", recordsConsumed);
    counter(
        text,
        "loupe_kafka_records_failed_total",
        "kafka records with a line that could not be decoded",
        recordsFailed);
    counter(text, "loupe_kafka_lines_stored_total", "log lines stored from kafka", linesStored);
    counter(
        text,
        "loupe_kafka_lines_rejected_total",
        "kafka lines that failed to decode",
        linesRejected);
    counter(
        text,
        "loupe_kafka_store_failures_total",
        "kafka batches the store refused, retried",
        storeFailures);
    counter(text, "loupe_kafka_commits_total", "offset commits", commits);
    counter(
        text, "loupe_kafka_commit_failures_total", "offset commits that failed", commitFailures);
    counter(text, "loupe_kafka_errors_total", "kafka consumer errors, retried", errors);
    header(text, "loupe_kafka_assigned_partitions", "partitions assigned to loupe", "gauge");
    text.append("loupe_kafka_assigned_partitions ").append(assignedPartitions.get()).append('\n');
    header(
        text,
        "loupe_kafka_consumer_lag",
        "records after the consumer position, by partition",
        "gauge");
    List<Map.Entry<TopicPartition, Long>> partitions =
        lag.entrySet().stream()
            .sorted(
                Comparator.comparing(
                        (Map.Entry<TopicPartition, Long> entry) -> entry.getKey().topic())
                    .thenComparingInt(entry -> entry.getKey().partition()))
            .toList();
    for (Map.Entry<TopicPartition, Long> entry : partitions) {
      text.append("loupe_kafka_consumer_lag{topic=\"");
      appendLabelValue(text, entry.getKey().topic());
      text.append("\",partition=\"")
          .append(entry.getKey().partition())
          .append("\"} ")
          .append(entry.getValue())
          .append('\n');
    }
  }

  private static void counter(StringBuilder text, String name, String help, LongAdder value) {
    header(text, name, help, "counter");
    text.append(name).append(' ').append(value.sum()).append('\n');
  }

  private static void header(StringBuilder text, String name, String help, String type) {
    text.append("# HELP ").append(name).append(' ').append(help).append('\n');
    text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  /** Prometheus label values escape backslash, double quote and newline. */
  private static void appendLabelValue(StringBuilder text, String value) {
    for (int index = 0; index < value.length(); index++) {
      char current = value.charAt(index);
      switch (current) {
        case '\\' -> text.append("\\\\");
        case '"' -> text.append("\\\"");
        case '\n' -> text.append("\\n");
        default -> text.append(current);
      }
    }
  }
}
