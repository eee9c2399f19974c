package dev.loupe.storage.wal;

import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import dev.loupe.core.ErrorCode;
import dev.loupe.core.Field;
import dev.loupe.core.LogRecord;
import dev.loupe.core.LoupeException;
import dev.loupe.core.Stream;
import dev.loupe.core.StreamId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Turns a frame payload back into records: the inverse of {@link BatchEncoder}. Every length is
 * checked, so a payload that passed its checksum but does not decode fails with {@link
 * ErrorCode#CORRUPT_DATA}. Replay only, so it favours clarity over reuse. Not thread-safe.
 */
final class BatchDecoder implements AutoCloseable {
  private final ZstdDecompressCtx decompressor = new ZstdDecompressCtx();
  private final ArrayList<Stream> streams = new ArrayList<>();
  private byte[] inflated = new byte[0];

  /** The records of one payload (codec byte first), in the order they were written. */
  List<LogRecord> decode(byte[] payload, int offset, int length) {
    ByteArrayReader reader = new ByteArrayReader(payload, offset, length);
    int codec = reader.readByte();
    if (codec == WalFormat.CODEC_RAW) {
      return decodeBatch(reader);
    }
    if (codec == WalFormat.CODEC_ZSTD) {
      return decodeBatch(inflate(reader));
    }
    throw new LoupeException(
        ErrorCode.CORRUPT_DATA,
        "wal batch has unknown codec " + codec + "; it was written by a newer loupe or is damaged");
  }

  private ByteArrayReader inflate(ByteArrayReader reader) {
    long rawLength = reader.readVarint();
    if (rawLength < 0 || rawLength > WalFormat.MAX_BATCH_BYTES) {
      throw reader.malformed("raw length " + rawLength + " over the limit");
    }
    if (inflated.length < rawLength) {
      inflated = new byte[(int) rawLength];
    }
    int inflatedLength;
    try {
      inflatedLength =
          decompressor.decompressByteArray(
              inflated, 0, (int) rawLength, reader.array(), reader.offset(), reader.remaining());
    } catch (ZstdException e) {
      throw new LoupeException(
          ErrorCode.CORRUPT_DATA, "malformed wal batch: zstd says " + e.getMessage(), e);
    }
    if (inflatedLength != rawLength) {
      throw reader.malformed("zstd frame holds " + inflatedLength + " bytes, not " + rawLength);
    }
    return new ByteArrayReader(inflated, 0, inflatedLength);
  }

  private List<LogRecord> decodeBatch(ByteArrayReader reader) {
    streams.clear();
    int recordCount = reader.readCount(BatchEncoder.MINIMUM_RECORD_BYTES, "record count");
    List<LogRecord> records = new ArrayList<>(recordCount);
    long timeNanos = 0;
    for (int i = 0; i < recordCount; i++) {
      Stream stream = readStream(reader);
      timeNanos += reader.readZigZag();
      String message = reader.readString();
      int fieldCount = reader.readCount(2, "field count");
      Field[] fields = new Field[fieldCount];
      for (int f = 0; f < fieldCount; f++) {
        fields[f] = new Field(reader.readString(), reader.readString());
      }
      // List.of makes the immutable list LogRecord would copy into; it keeps this one as is.
      records.add(new LogRecord(stream, timeNanos, message, List.of(fields)));
    }
    if (reader.remaining() != 0) {
      throw reader.malformed(reader.remaining() + " bytes after the last record");
    }
    return Collections.unmodifiableList(records);
  }

  private Stream readStream(ByteArrayReader reader) {
    long index = reader.readVarint();
    if (index < streams.size()) {
      return streams.get((int) index);
    }
    if (index != streams.size()) {
      throw reader.malformed(
          "stream index " + index + " skips past the " + streams.size() + " seen");
    }
    String tenant = reader.readString();
    String canonicalLabels = reader.readString();
    StreamId id = new StreamId(reader.readLong(), reader.readLong());
    Stream stream = new Stream(tenant, canonicalLabels, id);
    streams.add(stream);
    return stream;
  }

  @Override
  public void close() {
    decompressor.close();
  }
}
