package dev.loupe.ingest.decode;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import dev.loupe.core.ErrorCode;
import dev.loupe.core.Field;
import dev.loupe.core.LoupeException;
import dev.loupe.ingest.BatchSink;
import dev.loupe.ingest.Decoder;
import dev.loupe.ingest.IngestLimits;
import dev.loupe.ingest.IngestParameters;
import dev.loupe.ingest.IngestResult;
import dev.loupe.ingest.Limits;
import dev.loupe.ingest.StreamCache;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.xerial.snappy.Snappy;

/**
 * Decodes the protobuf body of Loki's push API ({@code POST /loki/api/v1/push}, {@code
 * Content-Type: application/x-protobuf}), the format Promtail and Grafana Alloy send: a {@code
 * PushRequest} message compressed with snappy's block format (not its framing format).
 *
 * <p>The message, by field number (what the wire carries; names as in Loki's {@code push.proto}):
 *
 * <pre>
 * PushRequest      { repeated StreamAdapter streams = 1; }
 * StreamAdapter    { string labels = 1;              // {job="app",host="web-1"}
 *                    repeated EntryAdapter entries = 2;
 *                    uint64 hash = 3; }              // ignored
 * EntryAdapter     { Timestamp timestamp = 1;        // google.protobuf.Timestamp
 *                    string line = 2;
 *                    repeated LabelPairAdapter structuredMetadata = 3; }
 * LabelPairAdapter { string name = 1; string value = 2; }
 * Timestamp        { int64 seconds = 1; int32 nanos = 2; }
 * </pre>
 *
 * <p>{@link LokiRecords} says how entries become records; labels are parsed by {@link LokiLabels},
 * and a stream whose labels cannot be read has each of its entries rejected. Fields with unknown
 * numbers, or a known number with another wire type, are skipped, as protobuf's own parsers do.
 * Invalid UTF-8 in a string is replaced with U+FFFD. A body that is not snappy, or not a
 * well-formed message, fails whole with BAD_REQUEST giving the byte offset; what was handed to the
 * sink before stays stored and the message says how much.
 *
 * <p>Design note: no code is generated from a {@code .proto}: four small messages are read field by
 * field with {@link CodedInputStream}, which also saves building a message object per entry. A
 * stream is read in two passes over its bytes, labels first, so that its entries can become records
 * as they are read even when an encoder writes the labels after them. The snappy block states its
 * uncompressed length up front, which is checked against the body limit before anything is
 * allocated, so a small body cannot inflate to gigabytes.
 *
 * <p>Thread-safe and immutable; each {@link #decode} call has its own state.
 */
public final class DecoderLokiProtobuf implements Decoder {
  private static final int PUSH_STREAMS = 1;
  private static final int STREAM_LABELS = 1;
  private static final int STREAM_ENTRIES = 2;
  private static final int ENTRY_TIMESTAMP = 1;
  private static final int ENTRY_LINE = 2;
  private static final int ENTRY_METADATA = 3;
  private static final int PAIR_NAME = 1;
  private static final int PAIR_VALUE = 2;
  private static final int TIMESTAMP_SECONDS = 1;
  private static final int TIMESTAMP_NANOS = 2;

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final IngestLimits limits;
  private final StreamCache streamCache;

  public DecoderLokiProtobuf(IngestLimits limits, StreamCache streamCache) {
    this.limits = requireNonNull(limits, "limits is null");
    this.streamCache = requireNonNull(streamCache, "streamCache is null");
  }

  @Override
  public IngestResult decode(InputStream body, IngestParameters parameters, BatchSink sink)
      throws IOException {
    requireNonNull(body, "body is null");
    requireNonNull(parameters, "parameters is null");
    byte[] compressed = WholeBody.read(body, limits.maxBodyBytes());
    RecordCollector collector =
        new RecordCollector(
            sink, limits.maxFirstErrors(), Limits.BATCH_MAX_RECORDS, Limits.BATCH_MAX_BYTES);
    if (compressed.length == 0) {
      return collector.finish();
    }
    byte[] message = uncompress(compressed);
    Reader reader =
        new Reader(message, new LokiRecords(parameters, limits, streamCache, collector));
    try {
      reader.pushRequest();
    } catch (InvalidProtocolBufferException malformed) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST,
          "body is not a valid loki PushRequest near byte "
              + reader.position()
              + " of the uncompressed message ("
              + malformed.getMessage()
              + "); the "
              + collector.stored()
              + " entries handed to storage before it are stored");
    }
    return collector.finish();
  }

  private byte[] uncompress(byte[] compressed) throws IOException {
    if (!Snappy.isValidCompressedBuffer(compressed, 0, compressed.length)) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST,
          "body is not snappy-compressed (block format); loki's protobuf push bodies are, send"
              + " Content-Type: application/json for uncompressed json");
    }
    int length = Snappy.uncompressedLength(compressed, 0, compressed.length);
    if (length < 0 || length > limits.maxBodyBytes()) {
      throw WholeBody.tooLarge(limits.maxBodyBytes());
    }
    byte[] message = new byte[length];
    Snappy.uncompress(compressed, 0, compressed.length, message, 0);
    return message;
  }

  /** Walks one message. Not thread-safe. */
  private static final class Reader {
    private final byte[] message;
    private final LokiRecords records;
    private CodedInputStream current;
    private int currentBase;

    Reader(byte[] message, LokiRecords records) {
      this.message = message;
      this.records = records;
    }

    /** Where in the message the reader stands, for errors. */
    int position() {
      return current == null ? 0 : currentBase + current.getTotalBytesRead();
    }

    void pushRequest() throws IOException {
      CodedInputStream input = at(0, message.length);
      int streamIndex = 0;
      for (int tag = input.readTag(); tag != 0; tag = input.readTag()) {
        if (!isLengthDelimited(tag, PUSH_STREAMS)) {
          input.skipField(tag);
          continue;
        }
        int length = input.readRawVarint32();
        int start = input.getTotalBytesRead();
        input.skipRawBytes(length);
        stream(streamIndex++, start, length);
        current = input;
        currentBase = 0;
      }
    }

    private void stream(int streamIndex, int start, int length) throws IOException {
      String labels = labelsOf(start, length);
      startStream(streamIndex, labels);
      CodedInputStream input = at(start, length);
      int entryIndex = 0;
      for (int tag = input.readTag(); tag != 0; tag = input.readTag()) {
        if (!isLengthDelimited(tag, STREAM_ENTRIES)) {
          input.skipField(tag);
          continue;
        }
        String where = "streams[" + streamIndex + "].entries[" + entryIndex++ + "]";
        int limit = input.pushLimit(input.readRawVarint32());
        entry(input, records.nextEntry(), where);
        input.popLimit(limit);
      }
    }

    /** The labels text of the stream at {@code [start, start + length)}; the last one wins. */
    private String labelsOf(int start, int length) throws IOException {
      CodedInputStream input = at(start, length);
      String labels = "{}";
      for (int tag = input.readTag(); tag != 0; tag = input.readTag()) {
        if (isLengthDelimited(tag, STREAM_LABELS)) {
          labels = input.readString();
        } else {
          input.skipField(tag);
        }
      }
      return labels;
    }

    private void startStream(int streamIndex, String labels) {
      try {
        Map<String, String> parsed = LokiLabels.parse(labels);
        records.startStream(parsed);
      } catch (LokiLabels.InvalidLabels invalid) {
        records.rejectStream("streams[" + streamIndex + "] " + invalid.getMessage());
      }
    }

    private void entry(CodedInputStream input, long number, String where) throws IOException {
      long timeNanos = 0;
      String timeProblem = null;
      String line = "";
      int lineBytes = 0;
      List<Field> metadata = List.of();
      for (int tag = input.readTag(); tag != 0; tag = input.readTag()) {
        if (isLengthDelimited(tag, ENTRY_TIMESTAMP)) {
          int limit = input.pushLimit(input.readRawVarint32());
          timeNanos = timestamp(input);
          timeProblem = timeNanos == Long.MIN_VALUE ? "timestamp out of range" : null;
          input.popLimit(limit);
        } else if (isLengthDelimited(tag, ENTRY_LINE)) {
          lineBytes = input.readRawVarint32();
          line = new String(input.readRawBytes(lineBytes), StandardCharsets.UTF_8);
        } else if (isLengthDelimited(tag, ENTRY_METADATA)) {
          if (metadata.isEmpty()) {
            metadata = new ArrayList<>();
          }
          int limit = input.pushLimit(input.readRawVarint32());
          metadata.add(pair(input));
          input.popLimit(limit);
        } else {
          input.skipField(tag);
        }
      }
      if (timeProblem != null) {
        records.reject(number, where, timeProblem + "; send years 1677 to 2262");
        return;
      }
      records.accept(number, where, timeNanos, line, lineBytes, metadata);
    }

    /** Nanoseconds since the epoch, or Long.MIN_VALUE when out of range. */
    private static long timestamp(CodedInputStream input) throws IOException {
      long seconds = 0;
      long nanos = 0;
      for (int tag = input.readTag(); tag != 0; tag = input.readTag()) {
        int number = WireFormat.getTagFieldNumber(tag);
        boolean varint = WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_VARINT;
        if (varint && number == TIMESTAMP_SECONDS) {
          seconds = input.readInt64();
        } else if (varint && number == TIMESTAMP_NANOS) {
          nanos = input.readInt32();
        } else {
          input.skipField(tag);
        }
      }
      if (nanos < 0 || nanos >= NANOS_PER_SECOND) {
        return Long.MIN_VALUE;
      }
      try {
        return Math.addExact(Math.multiplyExact(seconds, NANOS_PER_SECOND), nanos);
      } catch (ArithmeticException outOfRange) {
        return Long.MIN_VALUE;
      }
    }

    private static Field pair(CodedInputStream input) throws IOException {
      String name = "";
      String value = "";
      for (int tag = input.readTag(); tag != 0; tag = input.readTag()) {
        if (isLengthDelimited(tag, PAIR_NAME)) {
          name = input.readString();
        } else if (isLengthDelimited(tag, PAIR_VALUE)) {
          value = input.readString();
        } else {
          input.skipField(tag);
        }
      }
      return new Field(name, value);
    }

    private CodedInputStream at(int start, int length) {
      current = CodedInputStream.newInstance(message, start, length);
      currentBase = start;
      return current;
    }

    private static boolean isLengthDelimited(int tag, int fieldNumber) {
      return WireFormat.getTagFieldNumber(tag) == fieldNumber
          && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
    }
  }
}
