package dev.loupe.server.kafka;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.Field;
import dev.loupe.core.LogRecord;
import dev.loupe.core.Stream;
import dev.loupe.core.Timestamps;
import dev.loupe.ingest.Decoder;
import dev.loupe.ingest.IngestLimits;
import dev.loupe.ingest.IngestParameters;
import dev.loupe.ingest.IngestResult;
import dev.loupe.ingest.LineError;
import dev.loupe.ingest.StreamCache;
import dev.loupe.ingest.decode.DecoderJsonLines;
import dev.loupe.ingest.decode.DecoderPlainText;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the Kafka records of one partition, as a poll returned them, into log records with the
 * ingest decoders ({@link DecoderJsonLines} or {@link DecoderPlainText}): a record value may hold
 * one line or many, each line becomes a log record, a line that cannot be decoded is reported with
 * the record's offset and skipped, and the other lines are kept.
 *
 * <p>Every log record gets the stream of {@link KafkaStreamLabels}, the fields {@code kafka.topic},
 * {@code kafka.partition}, {@code kafka.offset}, {@code kafka.key} (when the record has a key) and,
 * when configured, {@code kafka.header.<name>} for each header (as long as the record stays within
 * the fields limit); header and key bytes are read as UTF-8, invalid bytes replaced. A line without
 * a time of its own gets the Kafka record's timestamp (the receive time if it has none); plain-text
 * events get it plus the 0-based index of their first line in nanoseconds, so order is kept, as
 * over HTTP. Plain text is joined into multi-line events (stack traces, indented lines) by the
 * decoder's default rule within a record value, never across records.
 *
 * <p>Design note: a decoder call has a fixed cost (a 64 KiB read buffer, a JSON parser) that is ten
 * times the cost of decoding one short line, so decoding each record value alone would make the
 * decoder the bottleneck of the source. The values of a partition's records are therefore joined
 * into one body, up to {@link KafkaLimits#DECODE_CHUNK_BYTES}, and decoded in one call. To know
 * which record each decoded line came from, the join leaves out the lines the decoder would skip
 * silently (empty ones; for JSON also those of only blanks and byte order marks), so that every
 * line of the body gives one JSON record or one rejection, in body order; plain text may join lines
 * into multi-line events. The decoder gets {@link #NO_TIME} as its receive time, a time no real log
 * states, so a JSON record that carries it had no time of its own and gets its Kafka record's
 * timestamp, and a plain-text event carries {@code NO_TIME} plus the index of its first line in the
 * body. The mapping is checked ({@link #firstLines}): if it does not account for every line exactly
 * once, or an event would span two Kafka records (a multi-line event is never joined across
 * records), the chunk is decoded again one record value at a time, the slow path that needs no
 * mapping. Tests hold both paths to the same output.
 *
 * <p>Not thread-safe: one instance for the poll thread, which reuses its join buffer.
 */
final class KafkaRecordDecoder {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaRecordDecoder.class);

  /**
   * The receive time handed to the decoder of a joined chunk, so that a record that comes back with
   * it had no time of its own. {@code Long.MIN_VALUE} would be simpler but is the time parser's
   * mark for an unreadable time, and an empty or zero {@code _time} takes the receive time; one
   * nanosecond later is 1677-09-21T00:12:43.145224193Z, which a record may state only on purpose,
   * and then gets its Kafka timestamp instead.
   */
  static final long NO_TIME = Long.MIN_VALUE + 1;

  static final String OFFSET = "kafka.offset";
  static final String KEY = "kafka.key";
  static final String HEADER_PREFIX = "kafka.header.";

  private static final int INITIAL_BUFFER_BYTES = 64 << 10;
  private static final AtomicBoolean FALLBACK_WARNED = new AtomicBoolean();

  /**
   * One line that could not be decoded.
   *
   * @param offset the Kafka offset of the record it came from
   * @param line its 1-based line number in the record value; 0 when the whole record was refused
   * @param reason why, as the decoder says it
   */
  record Failure(long offset, long line, String reason) {
    Failure {
      requireNonNull(reason, "reason is null");
    }
  }

  /**
   * What the records of one partition gave.
   *
   * @param records the log records, in offset order
   * @param failures every line that could not be decoded, in offset order
   * @param failedRecords Kafka records with at least one failure
   * @param valueBytes bytes of the record values read
   */
  record Decoded(
      List<LogRecord> records, List<Failure> failures, int failedRecords, long valueBytes) {}

  private final boolean plainText;
  private final Decoder decoder;
  private final IngestParameters parameters;
  private final KafkaStreamLabels streams;
  private final boolean headersAsFields;
  private final int maxFieldsPerRecord;
  private final long maxBodyBytes;
  private final int chunkLimit;
  private final int maxLineBytes;
  private final InstantSource clock;
  private final boolean alwaysPerRecord;
  private long fallbacks;

  private byte[] buffer = new byte[INITIAL_BUFFER_BYTES];
  private int bufferedBytes;
  private int lineCount;
  // For line k of the body (0-based): the index of its record in the chunk and its line there.
  private int[] lineRecord = new int[256];
  private int[] lineInRecord = new int[256];

  KafkaRecordDecoder(
      KafkaSourceConfig config, IngestLimits limits, StreamCache streamCache, InstantSource clock) {
    this(config, limits, streamCache, clock, false);
  }

  /**
   * @param alwaysPerRecord decode every record value alone, the path taken when a joined chunk does
   *     not add up; tests compare the two
   */
  KafkaRecordDecoder(
      KafkaSourceConfig config,
      IngestLimits limits,
      StreamCache streamCache,
      InstantSource clock,
      boolean alwaysPerRecord) {
    requireNonNull(config, "config is null");
    requireNonNull(limits, "limits is null");
    this.clock = requireNonNull(clock, "clock is null");
    // Every rejection must come back with its line number to be mapped to its record.
    IngestLimits everyError =
        new IngestLimits(
            limits.maxBodyBytes(),
            limits.maxLineBytes(),
            limits.maxFieldsPerRecord(),
            Integer.MAX_VALUE);
    this.plainText = config.format() == KafkaFormat.TEXT;
    this.decoder =
        plainText
            ? new DecoderPlainText(everyError, streamCache)
            : new DecoderJsonLines(everyError, streamCache);
    this.parameters = IngestParameters.defaults(NO_TIME).withTenant(config.tenant());
    this.streams =
        new KafkaStreamLabels(
            config.tenant(), config.streamFields(), config.partitionLabel(), streamCache);
    this.headersAsFields = config.headersAsFields();
    this.maxFieldsPerRecord = limits.maxFieldsPerRecord();
    this.maxBodyBytes = limits.maxBodyBytes();
    this.chunkLimit = (int) Math.min(config.decodeChunkBytes(), limits.maxBodyBytes());
    this.maxLineBytes = limits.maxLineBytes();
    this.alwaysPerRecord = alwaysPerRecord;
  }

  /** Chunks that did not map onto their lines and were decoded one record at a time; for tests. */
  long fallbacks() {
    return fallbacks;
  }

  /** Decodes {@code records}, all of {@code partition}, in offset order. */
  Decoded decode(TopicPartition partition, List<ConsumerRecord<byte[], byte[]>> records) {
    Output output = new Output(partition, records.size());
    int chunkStart = 0;
    resetChunk();
    for (int index = 0; index < records.size(); index++) {
      ConsumerRecord<byte[], byte[]> record = records.get(index);
      byte[] value = record.value();
      if (value == null) {
        continue; // a tombstone: no log lines
      }
      output.valueBytes += value.length;
      if (value.length >= maxBodyBytes) {
        // The chunk so far first, so that failures stay in offset order.
        decodeChunk(records, chunkStart, output);
        resetChunk();
        chunkStart = index + 1;
        output.failRecord(record, 0, tooLarge(value.length));
        continue;
      }
      if (lineCount > 0 && bufferedBytes + value.length + 1 > chunkLimit) {
        decodeChunk(records, chunkStart, output);
        resetChunk();
        chunkStart = index;
      }
      appendLines(index - chunkStart, value);
    }
    decodeChunk(records, chunkStart, output);
    if (buffer.length > 2 * chunkLimit) {
      buffer = new byte[INITIAL_BUFFER_BYTES];
    }
    return new Decoded(output.records, output.failures, output.failedRecords, output.valueBytes);
  }

  private String tooLarge(int valueBytes) {
    return "record value of "
        + valueBytes
        + " bytes is larger than the body limit of "
        + maxBodyBytes
        + " bytes; raise --max-body-mb or send smaller records";
  }

  private void resetChunk() {
    bufferedBytes = 0;
    lineCount = 0;
  }

  /** Adds the lines of one value that the decoder would not skip, each ended by a newline. */
  private void appendLines(int recordInChunk, byte[] value) {
    int lineStart = 0;
    int lineIndex = 0;
    for (int index = 0; index <= value.length; index++) {
      if (index < value.length && value[index] != '\n') {
        continue;
      }
      if (index < value.length || lineStart < value.length) {
        if (!isSkipped(value, lineStart, index)) {
          appendLine(recordInChunk, lineIndex, value, lineStart, index);
        }
      }
      lineIndex++;
      lineStart = index + 1;
    }
  }

  /**
   * The lines the decoders skip without a word: empty after one trailing {@code \r} is removed, and
   * for JSON also those of only spaces, tabs, {@code \r} and byte order marks (as {@code
   * JsonLinesSession}). A line over the length limit is never skipped: the decoder rejects it.
   */
  private boolean isSkipped(byte[] value, int start, int end) {
    int length = end - start;
    if (length > 0 && value[end - 1] == '\r') {
      length--;
    }
    if (length == 0) {
      return true;
    }
    if (plainText || length > maxLineBytes) {
      return false;
    }
    int index = start;
    while (index < end) {
      byte current = value[index];
      if (current == ' ' || current == '\t' || current == '\r') {
        index++;
      } else if (index + 2 < end
          && current == (byte) 0xEF
          && value[index + 1] == (byte) 0xBB
          && value[index + 2] == (byte) 0xBF) {
        index += 3;
      } else {
        return false;
      }
    }
    return true;
  }

  private void appendLine(int recordInChunk, int lineIndex, byte[] value, int start, int end) {
    int length = end - start;
    ensureCapacity(bufferedBytes + length + 1);
    System.arraycopy(value, start, buffer, bufferedBytes, length);
    bufferedBytes += length;
    buffer[bufferedBytes++] = '\n';
    if (lineCount == lineRecord.length) {
      lineRecord = Arrays.copyOf(lineRecord, 2 * lineCount);
      lineInRecord = Arrays.copyOf(lineInRecord, 2 * lineCount);
    }
    lineRecord[lineCount] = recordInChunk;
    lineInRecord[lineCount] = lineIndex;
    lineCount++;
  }

  private void ensureCapacity(int needed) {
    if (needed > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(needed, 2 * buffer.length));
    }
  }

  private void decodeChunk(
      List<ConsumerRecord<byte[], byte[]>> records, int chunkStart, Output output) {
    if (lineCount == 0) {
      return;
    }
    List<ConsumerRecord<byte[], byte[]>> chunk =
        records.subList(chunkStart, chunkStart + lineRecord[lineCount - 1] + 1);
    if (alwaysPerRecord) {
      decodeEachRecord(chunk, output);
      return;
    }
    List<LogRecord> decoded = new ArrayList<>(lineCount);
    IngestResult result = decode(buffer, bufferedBytes, parameters, decoded);
    int[] firstLines = firstLines(decoded, result);
    if (firstLines == null) {
      fallbacks++;
      noteFallback(result);
      decodeEachRecord(chunk, output);
      return;
    }
    for (LineError error : result.firstErrors()) {
      int line = (int) error.line() - 1;
      output.failRecord(chunk.get(lineRecord[line]), lineInRecord[line] + 1, error.reason());
    }
    for (int index = 0; index < decoded.size(); index++) {
      LogRecord event = decoded.get(index);
      int line = firstLines[index];
      ConsumerRecord<byte[], byte[]> record = chunk.get(lineRecord[line]);
      long recordTime = timeNanos(record);
      long time =
          plainText
              ? recordTime + lineInRecord[line]
              : (event.timeNanos() == NO_TIME ? recordTime : event.timeNanos());
      output.add(record, event, time);
    }
  }

  /**
   * The line of the body (0-based) at which each decoded record starts, or null when the result
   * does not map onto the body's lines exactly: every line must be rejected or belong to exactly
   * one record, and no record may span two Kafka records. JSON gives one record a line, in order.
   * Plain text may join lines into multi-line events; an event's first line is read back from its
   * time ({@link #NO_TIME} plus the line index), its length from the {@code \n}s of its message.
   */
  private int[] firstLines(List<LogRecord> decoded, IngestResult result) {
    List<LineError> errors = result.firstErrors();
    if (decoded.size() != result.accepted() || errors.size() != result.rejected()) {
      return null;
    }
    boolean[] rejected = new boolean[lineCount];
    for (LineError error : errors) {
      if (error.line() > lineCount || rejected[(int) error.line() - 1]) {
        return null;
      }
      rejected[(int) error.line() - 1] = true;
    }
    int[] firstLines = new int[decoded.size()];
    int covered = errors.size();
    int nextLine = 0;
    for (int index = 0; index < decoded.size(); index++) {
      int first;
      int lines;
      if (plainText) {
        long offset = decoded.get(index).timeNanos() - NO_TIME;
        if (offset < nextLine || offset >= lineCount) {
          return null;
        }
        first = (int) offset;
        lines = linesOf(decoded.get(index).message());
      } else {
        first = nextLine;
        while (first < lineCount && rejected[first]) {
          first++;
        }
        lines = 1;
      }
      int last = first + lines - 1;
      if (first >= lineCount || last >= lineCount || lineRecord[last] != lineRecord[first]) {
        return null;
      }
      for (int line = first; line <= last; line++) {
        if (rejected[line]) {
          return null;
        }
      }
      firstLines[index] = first;
      covered += lines;
      nextLine = last + 1;
    }
    return covered == lineCount ? firstLines : null;
  }

  private static int linesOf(String message) {
    int lines = 1;
    for (int index = message.indexOf('\n'); index >= 0; index = message.indexOf('\n', index + 1)) {
      lines++;
    }
    return lines;
  }

  /** The slow path: each value alone, its receive time the record's own timestamp. */
  private void decodeEachRecord(List<ConsumerRecord<byte[], byte[]>> chunk, Output output) {
    for (ConsumerRecord<byte[], byte[]> record : chunk) {
      byte[] value = record.value();
      if (value == null || value.length >= maxBodyBytes) {
        continue; // tombstones and refused records were handled when the chunk was built
      }
      IngestParameters own =
          new IngestParameters(
              parameters.tenant(),
              List.of(),
              parameters.timeFields(),
              parameters.messageFields(),
              timeNanos(record));
      List<LogRecord> decoded = new ArrayList<>();
      IngestResult result = decode(value, value.length, own, decoded);
      for (LineError error : result.firstErrors()) {
        output.failRecord(record, error.line(), error.reason());
      }
      for (LogRecord line : decoded) {
        output.add(record, line, line.timeNanos());
      }
    }
  }

  private IngestResult decode(
      byte[] body, int length, IngestParameters bodyParameters, List<LogRecord> into) {
    try {
      return decoder.decode(
          new ByteArrayInputStream(body, 0, length), bodyParameters, into::addAll);
    } catch (IOException impossible) {
      throw new UncheckedIOException("reading a byte array failed", impossible);
    }
  }

  /** The record's timestamp in nanoseconds; the receive time when it has none. */
  private long timeNanos(ConsumerRecord<byte[], byte[]> record) {
    long millis = record.timestamp();
    Instant time =
        millis == ConsumerRecord.NO_TIMESTAMP ? clock.instant() : Instant.ofEpochMilli(millis);
    return Timestamps.toNanos(time);
  }

  /**
   * Plain text falls back whenever a multi-line event would join the first lines of one Kafka
   * record to the last event of the one before: expected, and logged at debug. For JSON lines a
   * fallback means the decoder's rules for skipped lines changed: worth a warning, once.
   */
  private void noteFallback(IngestResult result) {
    if (plainText) {
      LOG.debug(
          "kafka: a chunk of plain-text records decoded one record at a time (an event spanned two"
              + " records)");
      return;
    }
    if (FALLBACK_WARNED.compareAndSet(false, true)) {
      LOG.warn(
          "kafka records decoded one at a time: a joined chunk did not map onto its lines"
              + " (accepted={} rejected={}); the decoder's rules for skipped lines may have changed",
          result.accepted(),
          result.rejected());
    }
  }

  /** The results of one {@link #decode} call as they are gathered. */
  private final class Output {
    final TopicPartition partition;
    final String partitionText;
    final List<LogRecord> records;
    final List<Failure> failures = new ArrayList<>();
    int failedRecords;
    long valueBytes;
    private long lastFailedOffset = -1;

    Output(TopicPartition partition, int recordCount) {
      this.partition = partition;
      this.partitionText = Integer.toString(partition.partition());
      this.records = new ArrayList<>(recordCount);
    }

    void failRecord(ConsumerRecord<byte[], byte[]> record, long line, String reason) {
      failures.add(new Failure(record.offset(), line, reason));
      if (record.offset() != lastFailedOffset) {
        failedRecords++;
        lastFailedOffset = record.offset();
      }
    }

    void add(ConsumerRecord<byte[], byte[]> record, LogRecord decoded, long timeNanos) {
      Stream stream = streams.resolve(partition, decoded);
      List<Field> fields = new ArrayList<>(decoded.fields().size() + 4);
      fields.addAll(decoded.fields());
      fields.add(new Field(KafkaStreamLabels.TOPIC, partition.topic()));
      fields.add(new Field(KafkaStreamLabels.PARTITION, partitionText));
      fields.add(new Field(OFFSET, Long.toString(record.offset())));
      if (record.key() != null) {
        fields.add(new Field(KEY, new String(record.key(), StandardCharsets.UTF_8)));
      }
      if (headersAsFields) {
        addHeaders(record, fields);
      }
      records.add(new LogRecord(stream, timeNanos, decoded.message(), fields));
    }

    private void addHeaders(ConsumerRecord<byte[], byte[]> record, List<Field> fields) {
      for (Header header : record.headers()) {
        if (fields.size() >= maxFieldsPerRecord) {
          return;
        }
        byte[] value = header.value();
        String text = value == null ? "" : new String(value, StandardCharsets.UTF_8);
        fields.add(new Field(HEADER_PREFIX + header.key(), text));
      }
    }
  }
}
