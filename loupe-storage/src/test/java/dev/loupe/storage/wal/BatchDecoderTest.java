package dev.loupe.storage.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import dev.loupe.core.Stream;
import java.util.Collections;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BatchDecoderTest {

  @ParameterizedTest(name = "[{index}] {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "''                       | a byte runs past the end",
        "09                       | unknown codec 9",
        "00                       | a varint runs past the end",
        "0005                     | record count 5 cannot fit in the 0 bytes left",
        "00010100000000           | stream index 1 skips past the 0 seen",
        "0000ff                   | 1 bytes after the last record",
        "00ffffffffffffffffffff01 | a varint longer than 10 bytes",
        "0001007f6162             | string length 127 cannot fit in the 2 bytes left",
        "010500112233             | zstd says",
        "01ffffffff0f             | raw length 4294967295 over the limit",
      })
  void aMalformedPayloadIsCorruptData(String hex, String problem) {
    byte[] payload = HexFormat.of().parseHex(hex);
    try (BatchDecoder decoder = new BatchDecoder()) {
      assertThatThrownBy(() -> decoder.decode(payload, 0, payload.length))
          .isInstanceOfSatisfying(
              LoupeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_DATA))
          .hasMessageContaining(problem);
    }
  }

  @Test
  void aZstdFrameShorterThanItsDeclaredLengthIsCorruptData() {
    byte[] batch = {0, 0, 0}; // what an empty raw batch would be, and two spare bytes
    byte[] compressed = Zstd.compress(batch, 1);
    byte[] payload = new byte[2 + compressed.length];
    payload[0] = WalFormat.CODEC_ZSTD;
    payload[1] = 5;
    System.arraycopy(compressed, 0, payload, 2, compressed.length);
    try (BatchDecoder decoder = new BatchDecoder()) {
      assertThatThrownBy(() -> decoder.decode(payload, 0, payload.length))
          .isInstanceOfSatisfying(
              LoupeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_DATA))
          .hasMessageContaining("not 5");
    }
  }

  @Test
  void decodesAPayloadAtAnOffsetInsideALargerArray() {
    try (BatchEncoder encoder = new BatchEncoder();
        BatchDecoder decoder = new BatchDecoder()) {
      var frame = encoder.encode(TestRecords.batch(1, 4));
      byte[] array = new byte[frame.remaining() + 7];
      frame.get(array, 3, frame.remaining());
      int payloadOffset = 3 + WalFormat.FRAME_HEADER_BYTES;
      int payloadLength = array.length - 7 - WalFormat.FRAME_HEADER_BYTES;
      assertThat(decoder.decode(array, payloadOffset, payloadLength))
          .isEqualTo(TestRecords.batch(1, 4));
    }
  }

  @Test
  void replayedRecordsOfOneStreamShareOneStreamInstance() {
    try (BatchEncoder encoder = new BatchEncoder();
        BatchDecoder decoder = new BatchDecoder()) {
      var frame = encoder.encode(TestRecords.batch(2, 9));
      byte[] payload = new byte[frame.remaining() - WalFormat.FRAME_HEADER_BYTES];
      frame.get(WalFormat.FRAME_HEADER_BYTES, payload);
      var records = decoder.decode(payload, 0, payload.length);
      Set<Stream> instances = Collections.newSetFromMap(new IdentityHashMap<>());
      records.forEach(record -> instances.add(record.stream()));
      assertThat(instances)
          .containsExactlyInAnyOrder(records.get(0).stream(), records.get(2).stream());
    }
  }
}
