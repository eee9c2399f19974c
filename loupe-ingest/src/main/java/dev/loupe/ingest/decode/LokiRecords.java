package dev.loupe.ingest.decode;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.Field;
import dev.loupe.core.LogRecord;
import dev.loupe.core.Stream;
import dev.loupe.ingest.IngestLimits;
import dev.loupe.ingest.IngestParameters;
import dev.loupe.ingest.StreamCache;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the entries of Loki push streams into records, for both wire encodings ({@link
 * DecoderLokiJson}, {@link DecoderLokiProtobuf}), so that both give the same records:
 *
 * <ul>
 *   <li>the stream's labels are the record's stream labels (an empty value counts as absent, as in
 *       every decoder) and stay as fields too, so that {@code job:varlogs} finds the record as
 *       {@code _stream:{job="varlogs"}} does;
 *   <li>the line is {@code _msg}; the timestamp is {@code _time} (0 means the receive time);
 *   <li>structured metadata become fields after the labels; fields named like a field Loupe derives
 *       ({@code _time}, {@code _msg}, ...) are dropped, as in JSON lines;
 *   <li>an entry whose line is longer than the line limit, or that has more fields than the field
 *       limit, is rejected alone, as is every entry of a stream whose labels cannot be read.
 * </ul>
 *
 * <p>Entries are numbered from 1 in body order across all streams; the number is the "line" of a
 * {@link dev.loupe.ingest.LineError}, and each reason starts with the entry's place in the body
 * ({@code streams[2].values[5]}). Not thread-safe: one instance per body.
 */
final class LokiRecords {
  private final String tenant;
  private final long receiveTimeNanos;
  private final int maxLineBytes;
  private final int maxFieldsPerRecord;
  private final StreamCache streamCache;
  private final RecordCollector collector;
  private long entries;
  private Stream stream;
  private List<Field> labelFields = List.of();
  private String streamProblem;

  LokiRecords(
      IngestParameters parameters,
      IngestLimits limits,
      StreamCache streamCache,
      RecordCollector collector) {
    this.tenant = parameters.tenant();
    this.receiveTimeNanos = parameters.receiveTimeNanos();
    this.maxLineBytes = limits.maxLineBytes();
    this.maxFieldsPerRecord = limits.maxFieldsPerRecord();
    this.streamCache = requireNonNull(streamCache, "streamCache is null");
    this.collector = requireNonNull(collector, "collector is null");
  }

  /** The entries that follow belong to a stream with these labels, in the order written. */
  void startStream(Map<String, String> labels) {
    Map<String, String> streamLabels = new LinkedHashMap<>();
    List<Field> fields = new ArrayList<>(labels.size());
    for (Map.Entry<String, String> label : labels.entrySet()) {
      if (label.getValue().isEmpty()) {
        continue;
      }
      streamLabels.put(label.getKey(), label.getValue());
      if (!FieldRoles.isDerivedName(label.getKey())) {
        fields.add(new Field(label.getKey(), label.getValue()));
      }
    }
    stream = streamCache.get(tenant, streamLabels);
    labelFields = List.copyOf(fields);
    streamProblem = null;
  }

  /** The entries that follow belong to a stream that cannot be stored: each is rejected. */
  void rejectStream(String problem) {
    streamProblem = requireNonNull(problem, "problem is null");
  }

  /** Numbers the next entry of the body; call once per entry, before accept or reject. */
  long nextEntry() {
    return ++entries;
  }

  /**
   * Stores an entry of the current stream, or rejects it for a reason of the stream or a limit.
   *
   * @param where the entry's place in the body, such as {@code streams[0].values[3]}
   * @param timeNanos nanoseconds since the epoch; 0 for the receive time
   * @param lineBytes the length of the line in UTF-8
   * @param metadata structured metadata, in order
   */
  void accept(
      long entry, String where, long timeNanos, String line, int lineBytes, List<Field> metadata) {
    if (streamProblem != null) {
      reject(entry, where, streamProblem);
      return;
    }
    if (lineBytes > maxLineBytes) {
      reject(entry, where, Reasons.lineTooLong(maxLineBytes));
      return;
    }
    List<Field> fields = withMetadata(metadata);
    if (fields.size() > maxFieldsPerRecord) {
      reject(
          entry,
          where,
          "entry has more than "
              + maxFieldsPerRecord
              + " labels and structured metadata; send fewer or raise the field limit");
      return;
    }
    long time = timeNanos == 0 ? receiveTimeNanos : timeNanos;
    collector.accept(new LogRecord(stream, time, line, fields), lineBytes);
  }

  void reject(long entry, String where, String reason) {
    collector.reject(entry, Reasons.bounded(where + ": " + reason));
  }

  private List<Field> withMetadata(List<Field> metadata) {
    if (metadata.isEmpty()) {
      return labelFields;
    }
    List<Field> fields = new ArrayList<>(labelFields.size() + metadata.size());
    fields.addAll(labelFields);
    for (Field field : metadata) {
      if (!field.name().isEmpty() && !FieldRoles.isDerivedName(field.name())) {
        fields.add(field);
      }
    }
    return fields;
  }

  /** The length of {@code text} in UTF-8, without encoding it. */
  static int utf8Length(String text) {
    int length = 0;
    for (int index = 0; index < text.length(); index++) {
      char c = text.charAt(index);
      if (c < 0x80) {
        length++;
      } else if (c < 0x800) {
        length += 2;
      } else if (Character.isHighSurrogate(c)
          && index + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(index + 1))) {
        length += 4;
        index++;
      } else {
        length += 3;
      }
    }
    return length;
  }
}
