package dev.loupe.storage.wal;

import static dev.loupe.storage.wal.TestRecords.batch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.Field;
import dev.loupe.core.LogRecord;
import dev.loupe.core.LoupeException;
import dev.loupe.core.Stream;
import dev.loupe.core.StreamId;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

class BatchEncoderTest {

  @Property(tries = 150)
  void decodingGivesBackWhatWasEncoded(@ForAll("batches") List<LogRecord> records) {
    try (BatchEncoder encoder = new BatchEncoder();
        BatchDecoder decoder = new BatchDecoder()) {
      byte[] payload = checkedPayload(encoder.encode(records));
      assertThat(decoder.decode(payload, 0, payload.length)).isEqualTo(records);
    }
  }

  @Property(tries = 50)
  void reusedBuffersDoNotLeakFromOneBatchIntoTheNext(
      @ForAll("batches") List<LogRecord> first, @ForAll("batches") List<LogRecord> second) {
    try (BatchEncoder encoder = new BatchEncoder();
        BatchDecoder decoder = new BatchDecoder()) {
      encoder.encode(first);
      ByteBuffer secondFrame = encoder.encode(second);
      byte[] secondPayload = checkedPayload(secondFrame);
      try (BatchEncoder fresh = new BatchEncoder()) {
        assertThat(checkedPayload(fresh.encode(second))).isEqualTo(secondPayload);
      }
      assertThat(decoder.decode(secondPayload, 0, secondPayload.length)).isEqualTo(second);
    }
  }

  @Test
  void encodingAllocatesNothingPerRecord() {
    List<LogRecord> records = batch(1, 1000);
    try (BatchEncoder encoder = new BatchEncoder()) {
      long bytesPerBatch = allocatedBytesPerCall(() -> encoder.encode(records));
      // Measured: 64 bytes per batch (an iterator, a map lookup's entry walk); none per record.
      assertThat(bytesPerBatch).as("bytes allocated per batch of 1000").isLessThan(1000);
    }
  }

  /** Bytes the current thread allocates per call of {@code action}, after warming it up. */
  static long allocatedBytesPerCall(Runnable action) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assertThat(threads.isThreadAllocatedMemorySupported()).isTrue();
    long thread = Thread.currentThread().threadId();
    for (int i = 0; i < 200; i++) {
      action.run();
    }
    long before = threads.getThreadAllocatedBytes(thread);
    for (int i = 0; i < 100; i++) {
      action.run();
    }
    return (threads.getThreadAllocatedBytes(thread) - before) / 100;
  }

  @Test
  void aSmallBatchIsStoredRaw() {
    try (BatchEncoder encoder = new BatchEncoder()) {
      byte[] payload = checkedPayload(encoder.encode(batch(0, 1)));
      assertThat(encoder.lastBatchBytes()).isLessThan(WalFormat.COMPRESSION_MIN_BYTES);
      assertThat(payload[0]).isEqualTo(WalFormat.CODEC_RAW);
      assertThat(payload).hasSize(1 + encoder.lastBatchBytes());
    }
  }

  @Test
  void aLargeBatchIsStoredCompressed() {
    try (BatchEncoder encoder = new BatchEncoder()) {
      byte[] payload = checkedPayload(encoder.encode(batch(0, 1000)));
      assertThat(payload[0]).isEqualTo(WalFormat.CODEC_ZSTD);
      assertThat(payload.length).isLessThan(encoder.lastBatchBytes() / 4);
    }
  }

  @Test
  void aStreamIsWrittenOncePerBatch() {
    try (BatchEncoder encoder = new BatchEncoder()) {
      Stream stream = TestRecords.CHECKOUT;
      List<LogRecord> records = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        // Equal but not the same instance: the map, not the identity shortcut, must find it.
        Stream copy = new Stream(stream.tenant(), stream.canonicalLabels(), stream.id());
        records.add(new LogRecord(i % 2 == 0 ? stream : copy, 0, "", List.of()));
      }
      encoder.encode(records);
      int streamBytes = 1 + stream.tenant().length() + 1 + stream.canonicalLabels().length() + 16;
      // count, then per record: stream index, time, message length, field count.
      assertThat(encoder.lastBatchBytes()).isEqualTo(1 + streamBytes + 10 * 4);
    }
  }

  @Test
  void theFrameHeaderHoldsThePayloadLengthAndItsChecksum() {
    try (BatchEncoder encoder = new BatchEncoder()) {
      ByteBuffer frame = encoder.encode(batch(3, 5));
      int length = frame.getInt(0);
      assertThat(frame.remaining()).isEqualTo(WalFormat.FRAME_HEADER_BYTES + length);
      CRC32C crc = new CRC32C();
      crc.update(frame.slice(WalFormat.FRAME_HEADER_BYTES, length));
      assertThat(frame.getInt(Integer.BYTES)).isEqualTo((int) crc.getValue());
    }
  }

  @Test
  void aBatchOverTheLimitIsRefused() {
    List<LogRecord> records = batch(0, 100);
    try (BatchEncoder encoder = new BatchEncoder(4096)) {
      assertThatThrownBy(() -> encoder.encode(records))
          .isInstanceOfSatisfying(
              LoupeException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE))
          .hasMessageContaining("100 records encodes to more than the limit of 4096 bytes");
      assertThat(encoder.lastBatchBytes()).as("stopped early").isLessThan(4096 + 1000);
      assertThat(checkedPayload(encoder.encode(batch(0, 2)))[0]).isEqualTo(WalFormat.CODEC_RAW);
    }
    assertThatThrownBy(() -> new BatchEncoder(WalFormat.MAX_BATCH_BYTES + 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** The frame's payload, after checking its length and checksum fields. */
  private static byte[] checkedPayload(ByteBuffer frame) {
    int payloadLength = frame.getInt(frame.position());
    assertThat(frame.remaining()).isEqualTo(WalFormat.FRAME_HEADER_BYTES + payloadLength);
    byte[] payload = new byte[payloadLength];
    frame.get(frame.position() + WalFormat.FRAME_HEADER_BYTES, payload);
    CRC32C crc = new CRC32C();
    crc.update(payload);
    assertThat(frame.getInt(frame.position() + Integer.BYTES)).isEqualTo((int) crc.getValue());
    return payload;
  }

  @Provide
  Arbitrary<List<LogRecord>> batches() {
    Arbitrary<Stream> streams =
        Combinators.combine(
                Arbitraries.of(Stream.DEFAULT_TENANT, "acme", ""),
                text().map(value -> Stream.canonicalText(Map.of("service", value))),
                Arbitraries.longs(),
                Arbitraries.longs())
            .as((tenant, labels, high, low) -> new Stream(tenant, labels, new StreamId(high, low)));
    // A few streams a batch, as in real traffic, so records share entries of the stream table.
    return streams
        .list()
        .ofMinSize(1)
        .ofMaxSize(4)
        .flatMap(pool -> records(pool).list().ofMaxSize(40));
  }

  private static Arbitrary<LogRecord> records(List<Stream> pool) {
    Arbitrary<Field> fields = Combinators.combine(text(), text()).as(Field::new);
    return Combinators.combine(
            Arbitraries.of(pool), Arbitraries.longs(), text(), fields.list().ofMaxSize(6))
        .as(LogRecord::new);
  }

  /** Any valid Unicode text, supplementary characters included, ASCII most of the time. */
  private static Arbitrary<String> text() {
    Arbitrary<Integer> codePoints =
        Arbitraries.frequencyOf(
            Tuple.of(8, Arbitraries.integers().between(0x20, 0x7E)),
            Tuple.of(
                2,
                Arbitraries.integers()
                    .between(0, 0x10FFFF)
                    .filter(codePoint -> codePoint < 0xD800 || codePoint > 0xDFFF)));
    return codePoints
        .list()
        .ofMaxSize(80)
        .map(
            list -> {
              StringBuilder text = new StringBuilder();
              list.forEach(text::appendCodePoint);
              return text.toString();
            });
  }
}
