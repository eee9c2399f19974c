package dev.loupe.server.kafka;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.Field;
import dev.loupe.core.LogRecord;
import dev.loupe.core.Stream;
import dev.loupe.ingest.StreamCache;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;

/**
 * The stream of a consumed record: the label {@code kafka.topic}, {@code kafka.partition} when
 * asked for, and the configured stream fields found in the decoded record (the first non-empty
 * value of each, as for an HTTP request's {@code _stream_fields}).
 *
 * <p>Design note: the labels are computed from the decoded record's fields rather than by the
 * decoder, because the decoder knows nothing of topics; a small local map keyed by (topic,
 * partition, label values) keeps the canonical text and the SHA-256 of the stream id to one
 * computation per distinct stream, as {@code StreamResolver} does for HTTP requests. The map is
 * cleared when it reaches {@link KafkaLimits#MAX_CACHED_STREAMS}. Not thread-safe: one instance per
 * poll thread.
 */
final class KafkaStreamLabels {
  static final String TOPIC = "kafka.topic";
  static final String PARTITION = "kafka.partition";

  private final String tenant;
  private final List<String> streamFields;
  private final boolean partitionLabel;
  private final StreamCache streamCache;
  private final Map<Key, Stream> recent = new HashMap<>();

  private record Key(String topic, int partition, List<String> values) {}

  KafkaStreamLabels(
      String tenant, List<String> streamFields, boolean partitionLabel, StreamCache streamCache) {
    this.tenant = requireNonNull(tenant, "tenant is null");
    this.streamFields = List.copyOf(new TreeSet<>(streamFields));
    this.partitionLabel = partitionLabel;
    this.streamCache = requireNonNull(streamCache, "streamCache is null");
  }

  /** The stream of {@code decoded}, a record read from {@code partition}. */
  Stream resolve(TopicPartition partition, LogRecord decoded) {
    String[] values = new String[streamFields.size()];
    for (int index = 0; index < values.length; index++) {
      values[index] = firstNonEmpty(decoded.fields(), streamFields.get(index));
    }
    Key key =
        new Key(
            partition.topic(), partitionLabel ? partition.partition() : -1, Arrays.asList(values));
    Stream cached = recent.get(key);
    if (cached != null) {
      return cached;
    }
    Stream stream = streamCache.get(tenant, labels(key));
    if (recent.size() >= KafkaLimits.MAX_CACHED_STREAMS) {
      recent.clear();
    }
    recent.put(key, stream);
    return stream;
  }

  private Map<String, String> labels(Key key) {
    Map<String, String> labels = new HashMap<>();
    for (int index = 0; index < streamFields.size(); index++) {
      String value = key.values().get(index);
      if (value != null) {
        labels.put(streamFields.get(index), value);
      }
    }
    // Put last: a stream field of the same name cannot hide where the record came from.
    labels.put(TOPIC, key.topic());
    if (key.partition() >= 0) {
      labels.put(PARTITION, Integer.toString(key.partition()));
    }
    return labels;
  }

  private static String firstNonEmpty(List<Field> fields, String name) {
    for (Field field : fields) {
      if (field.name().equals(name) && !field.value().isEmpty()) {
        return field.value();
      }
    }
    return null;
  }
}
