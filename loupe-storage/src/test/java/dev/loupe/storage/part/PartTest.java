package dev.loupe.storage.part;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.Field;
import dev.loupe.core.LogRecord;
import dev.loupe.core.LoupeException;
import dev.loupe.core.Tokens;
import dev.loupe.storage.Block;
import dev.loupe.storage.BlockRef;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PartTest {
  private static final int PER_STREAM = 300;
  private static final int BLOCK_ROWS = 64;

  @TempDir Path temporary;
  private Path directory;
  private List<LogRecord> expected;

  @BeforeEach
  void writePart() {
    directory = temporary.resolve("part-1");
    expected = TestRecords.sorted(TestRecords.mixed(PER_STREAM, 1));
    TestRecords.write(directory, expected, BLOCK_ROWS);
  }

  @Test
  void recordsComeBackInOrderWithEveryValue() {
    try (Part part = Part.open(directory)) {
      List<LogRecord> actual = new ArrayList<>();
      part.records().forEachRemaining(actual::add);
      assertThat(actual)
          .containsExactlyElementsOf(expected.stream().map(TestRecords::normalized).toList());
    }
  }

  @Test
  void infoSummarisesThePart() throws IOException {
    try (Part part = Part.open(directory)) {
      PartInfo info = part.info();
      assertThat(info.formatVersion()).isEqualTo(1);
      assertThat(info.rows()).isEqualTo(3L * PER_STREAM);
      assertThat(info.blocks()).isEqualTo(3 * ((PER_STREAM + BLOCK_ROWS - 1) / BLOCK_ROWS));
      assertThat(info.minTimeNanos())
          .isEqualTo(expected.stream().mapToLong(LogRecord::timeNanos).min().orElseThrow());
      assertThat(info.maxTimeNanos())
          .isEqualTo(expected.stream().mapToLong(LogRecord::timeNanos).max().orElseThrow());
      assertThat(info.walPosition()).isEqualTo(77);
      long filesSize = 0;
      for (String name : PartFileNames.ALL) {
        filesSize += Files.size(directory.resolve(name));
      }
      assertThat(info.bytesOnDisk()).isEqualTo(filesSize);
      assertThat(info.uncompressedBytes()).isEqualTo(textBytes(expected));
      assertThat(part.directory()).isEqualTo(directory);
      assertThat(part.dataChecksumMatches()).isTrue();
    }
  }

  @Test
  void blocksHoldOneStreamEachInStreamThenTimeOrder() {
    try (Part part = Part.open(directory)) {
      BlockRef previous = null;
      for (BlockRef block : part.blocks()) {
        assertThat(block.rowCount()).isBetween(1, BLOCK_ROWS);
        assertThat(block.minTimeNanos()).isLessThanOrEqualTo(block.maxTimeNanos());
        assertThat(block.storedBytes()).isPositive();
        if (previous != null) {
          int byStream = previous.stream().id().compareTo(block.stream().id());
          assertThat(byStream).isNotPositive();
          if (byStream == 0) {
            assertThat(previous.maxTimeNanos()).isLessThanOrEqualTo(block.minTimeNanos());
          }
        }
        Block rows = block.read(null);
        for (int row = 0; row < rows.rowCount(); row++) {
          assertThat(rows.value("_stream", row)).isEqualTo(block.stream().canonicalLabels());
        }
        previous = block;
      }
    }
  }

  @Test
  void blockValuesIncludeTheBuiltInColumns() {
    try (Part part = Part.open(directory)) {
      BlockRef ref = part.blocks().get(0);
      Block block = ref.read(null);
      LogRecord first = expected.get(0);
      assertThat(block.columnNames())
          .contains("_time", "_stream", "_stream_id", "_tenant", "_msg", "level", "status", "user");
      assertThat(ref.columnNames()).containsAll(block.columnNames());
      assertThat(block.timeNanos(0)).isEqualTo(first.timeNanos());
      assertThat(block.value("_time", 0))
          .isEqualTo(Instant.ofEpochSecond(0, first.timeNanos()).toString());
      assertThat(block.value("_msg", 0)).isEqualTo(first.message());
      assertThat(block.value("_stream_id", 0)).isEqualTo(first.stream().id().toHex());
      assertThat(block.value("_tenant", 0)).isEqualTo(first.stream().tenant());
      assertThat(block.value("level", 0)).isEqualTo(first.field("level"));
      assertThat(block.value("no_such_field", 0)).isNull();
      for (int row = 0; row < block.rowCount(); row++) {
        assertThat(block.value("duration_ms", row))
            .isEqualTo(expected.get(row).field("duration_ms"));
      }
    }
  }

  @Test
  void readDecodesOnlyTheNamedColumns() {
    try (Part part = Part.open(directory)) {
      BlockRef ref = part.blocks().get(1);
      PartBlock block = (PartBlock) ref.read(Set.of("level", "_stream", "absent"));
      assertThat(block.columnNames()).containsExactlyInAnyOrder("_time", "_stream", "level");
      assertThat(block.values("level")).hasSize(block.rowCount()).doesNotContainNull();
      assertThat(block.values("user")).isNull();
      assertThat(block.times()).isSorted();
      assertThat(block.value("_tenant", 0)).isEqualTo(ref.stream().tenant());
      assertThat(block.value("absent", 0)).isNull();
      assertThatThrownBy(() -> block.value("user", 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("column user of block 1")
          .hasMessageContaining("was not read");
    }
  }

  @Test
  void integerRangeIsTheMinAndMaxOfIntegerColumns() {
    try (Part part = Part.open(directory)) {
      for (BlockRef ref : part.blocks()) {
        Block block = ref.read(null);
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int row = 0; row < block.rowCount(); row++) {
          long status = Long.parseLong(block.value("status", row));
          min = Math.min(min, status);
          max = Math.max(max, status);
        }
        assertThat(ref.integerRange("status")).containsExactly(min, max);
        assertThat(ref.integerRange("level")).isNull();
        assertThat(ref.integerRange("code")).as("007 is text, not an integer").isNull();
        assertThat(ref.integerRange("_time")).isNull();
        assertThat(ref.integerRange("absent")).isNull();
      }
    }
  }

  @Test
  void everyTokenOfEveryValueMayBeContained() {
    try (Part part = Part.open(directory)) {
      for (BlockRef ref : part.blocks()) {
        Block block = ref.read(null);
        for (String column : block.columnNames()) {
          if (column.equals("_time")) {
            continue;
          }
          for (int row = 0; row < block.rowCount(); row++) {
            String value = block.value(column, row);
            if (value != null) {
              Tokens.forEachHash(
                  value,
                  hash ->
                      assertThat(ref.mayContainToken(column, hash))
                          .as("%s=%s", column, value)
                          .isTrue());
            }
          }
        }
      }
    }
  }

  @Test
  void absentTokensAreRuledOutInMostBlocks() {
    try (Part part = Part.open(directory)) {
      int blocks = part.blocks().size();
      int ruledOut = 0;
      for (BlockRef ref : part.blocks()) {
        boolean any = false;
        for (int i = 0; i < 20; i++) {
          any |= ref.mayContainToken("_msg", Tokens.hash("absentword" + i));
          any |= ref.mayContainToken("user", Tokens.hash("nobody" + i));
        }
        ruledOut += any ? 0 : 1;
        assertThat(ref.mayContainToken("no_such_column", Tokens.hash("request"))).isFalse();
      }
      assertThat(ruledOut).isGreaterThanOrEqualTo(blocks * 7 / 10);
    }
  }

  @Test
  void streamColumnsAnswerTokensExactly() {
    try (Part part = Part.open(directory)) {
      for (BlockRef ref : part.blocks()) {
        boolean api = ref.stream().equals(TestRecords.API);
        assertThat(ref.mayContainToken("_stream", Tokens.hash("web"))).isEqualTo(api);
        assertThat(ref.mayContainToken("_stream", Tokens.hash("api")))
            .isEqualTo(!ref.stream().equals(TestRecords.DATABASE));
        assertThat(ref.mayContainToken("_tenant", Tokens.hash("acme")))
            .isEqualTo(ref.stream().equals(TestRecords.OTHER_TENANT));
        assertThat(ref.mayContainToken("_stream_id", Tokens.hash(ref.stream().id().toHex())))
            .isTrue();
        assertThat(ref.mayContainToken("_time", Tokens.hash("2025"))).isTrue();
      }
    }
  }

  @Test
  void aFlippedDataByteFailsOnlyTheBlockItIsIn() throws IOException {
    long offset;
    try (Part part = Part.open(directory)) {
      PartBlockRef second = (PartBlockRef) part.blocks().get(1);
      offset = second.header().chunks()[1].offset() + 3;
    }
    flipByte(directory.resolve(PartFileNames.DATA), offset);
    try (Part part = Part.open(directory)) {
      assertThatThrownBy(() -> part.blocks().get(1).read(null))
          .isInstanceOf(LoupeException.class)
          .satisfies(
              failure ->
                  assertThat(((LoupeException) failure).code()).isEqualTo(ErrorCode.CORRUPT_DATA))
          .hasMessageContaining("data.bin")
          .hasMessageContaining("block 1 column _msg")
          .hasMessageContaining("checksum mismatch");
      assertThat(part.blocks().get(1).read(Set.of("level")).rowCount()).isPositive();
      for (int i = 0; i < part.blocks().size(); i++) {
        if (i != 1) {
          assertThat(part.blocks().get(i).read(null).rowCount()).isPositive();
        }
      }
      assertThat(part.dataChecksumMatches()).isFalse();
      Iterator<LogRecord> records = part.records();
      assertThatThrownBy(() -> records.forEachRemaining(record -> {}))
          .isInstanceOf(LoupeException.class)
          .hasMessageContaining("data.bin");
    }
  }

  @Test
  void aFlippedIndexByteFailsOpenNamingTheIndex() throws IOException {
    Path index = directory.resolve(PartFileNames.INDEX);
    flipByte(index, Files.size(index) / 2);
    assertCorrupt(PartFileNames.INDEX, "checksum mismatch");
  }

  @Test
  void aFlippedMetadataByteFailsOpenNamingTheMetadata() throws IOException {
    flipByte(directory.resolve(PartFileNames.METADATA), 20);
    assertCorrupt(PartFileNames.METADATA, "checksum mismatch");
  }

  @ParameterizedTest
  @ValueSource(strings = {PartFileNames.DATA, PartFileNames.INDEX, PartFileNames.METADATA})
  void aTruncatedFileFailsOpenNamingIt(String fileName) throws IOException {
    Path file = directory.resolve(fileName);
    try (RandomAccessFile handle = new RandomAccessFile(file.toFile(), "rw")) {
      handle.setLength(handle.length() - 5);
    }
    assertCorrupt(fileName, "");
  }

  @ParameterizedTest
  @ValueSource(strings = {PartFileNames.DATA, PartFileNames.INDEX, PartFileNames.METADATA})
  void aMissingFileFailsOpenNamingIt(String fileName) throws IOException {
    Files.delete(directory.resolve(fileName));
    assertCorrupt(fileName, "file is missing");
  }

  @Test
  void aFileOfAnotherPartIsCaught() throws IOException {
    Path other = temporary.resolve("part-2");
    TestRecords.write(other, TestRecords.sorted(TestRecords.mixed(10, 2)), BLOCK_ROWS);
    Files.copy(
        other.resolve(PartFileNames.INDEX),
        directory.resolve(PartFileNames.INDEX),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertCorrupt(PartFileNames.INDEX, "bytes but the metadata says");
  }

  @Test
  void anInterruptedReaderDoesNotBreakThePart() throws IOException {
    try (Part part = Part.open(directory)) {
      Thread.currentThread().interrupt();
      try {
        assertThat(part.blocks().get(0).read(null).rowCount()).isPositive();
        assertThat(Thread.currentThread().isInterrupted()).as("interrupt kept").isTrue();
      } finally {
        Thread.interrupted();
      }
      // As if an interrupt closed the channel after the engine renamed the retired part.
      part.dataFile().closeChannelForTest();
      Files.move(directory, temporary.resolve(".obsolete-part-1"));
      List<LogRecord> actual = new ArrayList<>();
      part.records().forEachRemaining(actual::add);
      assertThat(actual).hasSize(expected.size());
    }
  }

  @Test
  void concurrentReadersSeeTheSameRows() throws Exception {
    try (Part part = Part.open(directory);
        ExecutorService threads = Executors.newFixedThreadPool(4)) {
      List<Future<List<LogRecord>>> results = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        results.add(
            threads.submit(
                () -> {
                  List<LogRecord> records = new ArrayList<>();
                  part.records().forEachRemaining(records::add);
                  return records;
                }));
      }
      List<LogRecord> first = results.get(0).get();
      for (Future<List<LogRecord>> result : results) {
        assertThat(result.get()).isEqualTo(first);
      }
    }
  }

  @Test
  void readingAClosedPartFails() {
    Part part = Part.open(directory);
    BlockRef block = part.blocks().get(0);
    part.close();
    part.close();
    assertThatThrownBy(() -> block.read(null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is closed");
  }

  private void assertCorrupt(String fileName, String problem) {
    assertThatThrownBy(() -> Part.open(directory).close())
        .isInstanceOf(LoupeException.class)
        .satisfies(
            failure ->
                assertThat(((LoupeException) failure).code()).isEqualTo(ErrorCode.CORRUPT_DATA))
        .hasMessageContaining("part " + directory + ": " + fileName + ": ")
        .hasMessageContaining(problem);
  }

  static void flipByte(Path file, long offset) throws IOException {
    try (RandomAccessFile handle = new RandomAccessFile(file.toFile(), "rw")) {
      handle.seek(offset);
      int value = handle.read();
      handle.seek(offset);
      handle.write(value ^ 0x5A);
    }
  }

  private static long textBytes(List<LogRecord> records) {
    long total = 0;
    for (LogRecord record : records) {
      total += 8 + utf8(record.message());
      for (Field field : record.fields()) {
        total += utf8(field.name()) + utf8(field.value());
      }
    }
    return total;
  }

  private static int utf8(String text) {
    return text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }
}
