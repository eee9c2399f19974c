package dev.loupe.storage.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.Field;
import dev.loupe.core.LogRecord;
import dev.loupe.core.Stream;
import dev.loupe.core.StreamId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WalFormatTest {
  /**
   * A segment written by format version 1: a raw batch, then a zstd batch. Frozen: every later
   * version of the code must still read it. Never regenerate it; add a new one for a new version.
   */
  private static final String FROZEN_V1_SEGMENT =
      """
      4c4f55504557414c000000010000000000000001b42332040000004efb0395650001000764656661756c740f7b736572
      766963653d22617069227d0123456789abcdeffffffffffffffffeaab4faa599cab7f7300d68656c6c6f2077616c20e2
      9c9301056c6576656c04696e666f000000f1909fe49c01f30528b52ffd60f301250700e4090c000764656661756c740f
      7b736572766963653d22617069227d0123456789abcdeffffe80809cb098cab7f7301a474554202f6170692f6f726465
      72732f30203230302031306d73020b687474702e737461747573033230300475736572047a6fc3ab010461636d650e64
      62227d37e8d3facc4ff836a19e0d60ded2ec3cff887a313100323201333300343401ff887a0036363737383839391b31
      3231311f00e00ac0ceab2f403b2962600011300e606c10050c37880c06295a3380718071179f7d59a182cb0026803e70
      19c004d0072e039874451fb80c30318cd9071aa01906c8
      """;

  @TempDir Path directory;

  @ParameterizedTest
  @CsvSource({
    "1, wal-00000000000000000001.log",
    "42, wal-00000000000000000042.log",
    "9223372036854775807, wal-09223372036854775807.log",
  })
  void segmentNamesCarryTheStartPosition(long startPosition, String fileName) {
    assertThat(WalFormat.segmentFileName(startPosition)).isEqualTo(fileName);
    assertThat(WalFormat.segmentStartPosition(fileName)).isEqualTo(startPosition);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "wal-00000000000000000000.log",
        "wal-0000000000000000001.log",
        "wal-000000000000000000001.log",
        "wal-0000000000000000000a.log",
        "wal-99999999999999999999.log",
        "wal-00000000000000000001.tmp",
        "xal-00000000000000000001.log",
        "checkpoint",
        ""
      })
  void otherNamesAreNotSegments(String fileName) {
    assertThat(WalFormat.segmentStartPosition(fileName)).isEqualTo(-1);
  }

  @Test
  void nameOrderIsPositionOrder() {
    List<String> names = new ArrayList<>();
    for (long position : new long[] {1, 9, 10, 99, 100, 123_456_789}) {
      names.add(WalFormat.segmentFileName(position));
    }
    assertThat(names).isSorted();
  }

  @Test
  void aStartPositionMustBePositive() {
    assertThatThrownBy(() -> WalFormat.segmentFileName(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theMagicSpellsLoupeWal() {
    assertThat(ByteBuffer.allocate(8).putLong(WalFormat.MAGIC).array())
        .asString()
        .isEqualTo("LOUPEWAL");
  }

  @Test
  void readsTheFrozenVersionOneSegment() throws IOException {
    Files.write(directory.resolve(WalFormat.segmentFileName(1)), frozenSegment());
    try (WriteAheadLog wal = WriteAheadLog.open(directory, WalOptions.defaults())) {
      List<List<LogRecord>> replayed = new ArrayList<>();
      List<Long> positions = new ArrayList<>();
      wal.replay(
          0,
          (position, records) -> {
            positions.add(position);
            replayed.add(records);
          });
      assertThat(positions).containsExactly(1L, 2L);
      assertThat(replayed).containsExactly(frozenBatchOne(), frozenBatchTwo());
    }
  }

  @Test
  void stillWritesTheFrozenHeaderAndRawFrameByteForByte() {
    byte[] frozen = frozenSegment();
    try (BatchEncoder encoder = new BatchEncoder()) {
      ByteBuffer header = SegmentHeader.encode(1);
      ByteBuffer frame = encoder.encode(frozenBatchOne());
      byte[] written = new byte[header.remaining() + frame.remaining()];
      header.get(written, 0, WalFormat.HEADER_BYTES);
      frame.get(written, WalFormat.HEADER_BYTES, written.length - WalFormat.HEADER_BYTES);
      // zstd output may change with the library version; the raw encoding may not.
      assertThat(written).isEqualTo(Arrays.copyOf(frozen, written.length));
    }
  }

  static List<LogRecord> frozenBatchOne() {
    Stream api = new Stream("default", "{service=\"api\"}", new StreamId(0x0123456789ABCDEFL, -2L));
    return List.of(
        new LogRecord(
            api, 1_763_000_000_123_456_789L, "hello wal ✓", List.of(new Field("level", "info"))));
  }

  static List<LogRecord> frozenBatchTwo() {
    Stream api = new Stream("default", "{service=\"api\"}", new StreamId(0x0123456789ABCDEFL, -2L));
    Stream database = Stream.of("acme", Map.of("service", "db"));
    List<LogRecord> records = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      records.add(
          new LogRecord(
              i % 2 == 0 ? api : database,
              1_763_000_000_000_000_000L - i * 1_000_000L,
              i == 5 ? "" : "GET /api/orders/" + i + " 200 " + (10 + i) + "ms",
              List.of(new Field("http.status", "200"), new Field("user", "zoë"))));
    }
    return records;
  }

  private static byte[] frozenSegment() {
    return HexFormat.of().parseHex(FROZEN_V1_SEGMENT.replaceAll("\\s", ""));
  }
}
