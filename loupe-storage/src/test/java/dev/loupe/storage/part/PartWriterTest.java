package dev.loupe.storage.part;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.Field;
import dev.loupe.core.LogRecord;
import dev.loupe.core.Stream;
import dev.loupe.storage.BlockRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartWriterTest {
  private static final Stream STREAM = TestRecords.API;

  @TempDir Path temporary;

  @Test
  void aNewBlockStartsWhereTheStreamChanges() {
    List<LogRecord> records = new ArrayList<>();
    for (Stream stream : List.of(TestRecords.API, TestRecords.DATABASE, TestRecords.OTHER_TENANT)) {
      for (int i = 0; i < 5; i++) {
        records.add(record(stream, i, "line " + i));
      }
    }
    records.sort(RecordOrder.BY_STREAM_THEN_TIME);
    Path directory = temporary.resolve("p");
    TestRecords.write(directory, records, 100);
    try (Part part = Part.open(directory)) {
      assertThat(part.blocks()).hasSize(3);
      assertThat(part.blocks()).extracting(BlockRef::rowCount).containsExactly(5, 5, 5);
      assertThat(part.blocks().stream().map(BlockRef::stream).distinct()).hasSize(3);
    }
  }

  @Test
  void aNewBlockStartsEveryBlockRowsRows() {
    List<LogRecord> records = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      records.add(record(STREAM, i, "line " + i));
    }
    Path directory = temporary.resolve("p");
    PartInfo info = TestRecords.write(directory, records, 4);
    assertThat(info.blocks()).isEqualTo(3);
    try (Part part = Part.open(directory)) {
      assertThat(part.blocks()).extracting(BlockRef::rowCount).containsExactly(4, 4, 2);
      assertThat(part.blocks()).extracting(BlockRef::minTimeNanos).containsExactly(0L, 4L, 8L);
      assertThat(part.blocks()).extracting(BlockRef::maxTimeNanos).containsExactly(3L, 7L, 9L);
    }
  }

  @Test
  void aBlockEndsEarlyWhenItsTextIsLarge() {
    String megabyte = "x".repeat(1 << 20);
    List<LogRecord> records = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      records.add(record(STREAM, i, megabyte));
    }
    Path directory = temporary.resolve("p");
    TestRecords.write(directory, records, 4096);
    try (Part part = Part.open(directory)) {
      assertThat(part.blocks()).extracting(BlockRef::rowCount).containsExactly(16, 4);
      assertThat(part.info().bytesOnDisk()).isLessThan(100_000);
    }
  }

  @Test
  void outOfOrderRecordsAreRejectedAndTheWriterStaysUsable() {
    Path directory = temporary.resolve("p");
    try (PartWriter writer = PartWriter.create(directory, options(10))) {
      writer.add(record(TestRecords.DATABASE, 10, "a"));
      assertThatThrownBy(() -> writer.add(record(TestRecords.DATABASE, 9, "b")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("time 9 after 10");
      Stream before =
          Arrays.asList(TestRecords.API, TestRecords.OTHER_TENANT).stream()
              .filter(stream -> stream.id().compareTo(TestRecords.DATABASE.id()) < 0)
              .findFirst()
              .orElseThrow();
      assertThatThrownBy(() -> writer.add(record(before, 50, "c")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("record out of order: stream");
      writer.add(record(TestRecords.DATABASE, 10, "same time is fine"));
      assertThat(writer.finish(0).rows()).isEqualTo(2);
    }
  }

  @Test
  void fieldsNamedLikeBuiltInColumnsAreRejected() {
    try (PartWriter writer = PartWriter.create(temporary.resolve("p"), options(10))) {
      for (String name : List.of("_time", "_msg", "_stream", "_stream_id", "_tenant")) {
        LogRecord record = new LogRecord(STREAM, 1, "m", List.of(new Field(name, "v")));
        assertThatThrownBy(() -> writer.add(record))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("field name " + name + " is reserved");
      }
      writer.add(new LogRecord(STREAM, 1, "m", List.of(new Field("_pattern", "p1"))));
      assertThat(writer.finish(0).rows()).isEqualTo(1);
    }
  }

  @Test
  void closingAnUnfinishedWriterDeletesThePart() {
    Path directory = temporary.resolve("p");
    try (PartWriter writer = PartWriter.create(directory, options(10))) {
      writer.add(record(STREAM, 1, "a"));
      assertThat(directory).isDirectory();
    }
    assertThat(directory).doesNotExist();
  }

  @Test
  void anExistingDirectoryIsRefused() throws Exception {
    Path directory = Files.createDirectory(temporary.resolve("p"));
    assertThatThrownBy(() -> PartWriter.create(directory, options(10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already exists");
  }

  @Test
  void theWriterRefusesWorkAfterFinish() {
    try (PartWriter writer = PartWriter.create(temporary.resolve("p"), options(10))) {
      writer.finish(0);
      assertThatThrownBy(() -> writer.add(record(STREAM, 1, "a")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("is finished");
      assertThatThrownBy(() -> writer.finish(0)).isInstanceOf(IllegalStateException.class);
    }
    assertThat(temporary.resolve("p").resolve(PartFileNames.METADATA)).exists();
  }

  @Test
  void aPartWithoutRecordsIsValid() {
    Path directory = temporary.resolve("p");
    PartInfo info = TestRecords.write(directory, List.of(), 10);
    assertThat(info.rows()).isZero();
    try (Part part = Part.open(directory)) {
      assertThat(part.blocks()).isEmpty();
      assertThat(part.records().hasNext()).isFalse();
      assertThat(part.info()).isEqualTo(info);
    }
  }

  @Test
  void encodingsFollowTheValues() {
    Path directory = temporary.resolve("p");
    TestRecords.write(directory, TestRecords.sorted(TestRecords.mixed(500, 3)), 500);
    try (Part part = Part.open(directory)) {
      PartBlockRef block = (PartBlockRef) part.blocks().get(0);
      Map<String, ColumnEncoding> encodings = new java.util.HashMap<>();
      for (ColumnChunk chunk : block.header().chunks()) {
        encodings.put(chunk.name(), chunk.encoding());
      }
      assertThat(encodings)
          .containsEntry("_time", ColumnEncoding.INTEGER_DELTA)
          .containsEntry("_msg", ColumnEncoding.STRING_PLAIN)
          .containsEntry("level", ColumnEncoding.STRING_DICTIONARY)
          .containsEntry("code", ColumnEncoding.STRING_DICTIONARY)
          .containsEntry("status", ColumnEncoding.INTEGER_FRAME_OF_REFERENCE)
          .containsEntry("user", ColumnEncoding.STRING_PLAIN);
      assertThat(encodings.get("duration_ms").isInteger()).isTrue();
      assertThat(block.header().chunks())
          .extracting(ColumnChunk::name)
          .containsExactly(
              "_time", "_msg", "code", "duration_ms", "level", "status", "trace", "user");
    }
  }

  @Test
  void fieldsComeBackByNameAndTheFirstOfTwoSameNamesWins() {
    Path directory = temporary.resolve("p");
    LogRecord record =
        new LogRecord(
            STREAM,
            5,
            "",
            List.of(new Field("zeta", ""), new Field("alpha", "1"), new Field("zeta", "again")));
    TestRecords.write(directory, List.of(record), 10);
    try (Part part = Part.open(directory)) {
      LogRecord read = part.records().next();
      assertThat(read.fields()).containsExactly(new Field("alpha", "1"), new Field("zeta", ""));
      assertThat(read.message()).isEmpty();
    }
  }

  @Test
  void extremeIntegersAndNumericLookingTextRoundTrip() {
    List<String> values =
        List.of("9223372036854775807", "-9223372036854775808", "0", "-1", "007", "+3", "-0", "1e3");
    List<LogRecord> records = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      records.add(new LogRecord(STREAM, i, "m", List.of(new Field("n", values.get(i)))));
      records.add(
          new LogRecord(
              STREAM,
              i,
              "m",
              List.of(
                  new Field("big", i % 2 == 0 ? "9223372036854775807" : "-9223372036854775808"))));
    }
    Path directory = temporary.resolve("p");
    TestRecords.write(directory, records, 100);
    try (Part part = Part.open(directory)) {
      List<LogRecord> read = new ArrayList<>();
      part.records().forEachRemaining(read::add);
      assertThat(read).containsExactlyElementsOf(records);
      assertThat(part.blocks().get(0).integerRange("big"))
          .containsExactly(Long.MIN_VALUE, Long.MAX_VALUE);
      assertThat(part.blocks().get(0).integerRange("n")).isNull();
    }
  }

  @Test
  void numericMessagesAreStoredAsIntegersAndReadBackAsText() {
    List<LogRecord> records = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      records.add(new LogRecord(STREAM, i, Integer.toString(1000 - i * 3), List.of()));
    }
    Path directory = temporary.resolve("p");
    TestRecords.write(directory, records, 100);
    try (Part part = Part.open(directory)) {
      List<LogRecord> read = new ArrayList<>();
      part.records().forEachRemaining(read::add);
      assertThat(read).containsExactlyElementsOf(records);
      assertThat(part.blocks().get(0).integerRange("_msg")).containsExactly(853L, 1000L);
    }
  }

  @Test
  void unpairedSurrogatesAreStoredAsQuestionMarks() {
    Path directory = temporary.resolve("p");
    String broken = "half \uD83D of an emoji, whole \uD83D\uDE80";
    TestRecords.write(directory, List.of(new LogRecord(STREAM, 1, broken, List.of())), 10);
    try (Part part = Part.open(directory)) {
      assertThat(part.records().next().message())
          .isEqualTo("half ? of an emoji, whole \uD83D\uDE80");
    }
  }

  @Test
  void aCopiedBlockReadsBackLikeAWrittenOne() {
    Path source = temporary.resolve("source");
    List<LogRecord> copied = new ArrayList<>();
    for (int i = 10; i < 14; i++) {
      copied.add(record(STREAM, i, "copied " + i));
    }
    TestRecords.write(source, copied, 10);
    List<LogRecord> all = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      all.add(record(STREAM, i, "before " + i));
    }
    all.addAll(copied);
    all.add(record(STREAM, 14, "after"));
    Path directory = temporary.resolve("p");
    PartInfo info;
    try (Part part = Part.open(source);
        PartWriter writer = PartWriter.create(directory, options(10))) {
      all.subList(0, 3).forEach(writer::add);
      writer.copyBlock((PartBlockRef) part.blocks().get(0));
      writer.add(all.get(all.size() - 1));
      info = writer.finish(5, part.info().uncompressedBytes() + 1000);
    }
    try (Part part = Part.open(directory)) {
      assertThat(part.blocks()).extracting(BlockRef::rowCount).containsExactly(3, 4, 1);
      List<LogRecord> read = new ArrayList<>();
      part.records().forEachRemaining(read::add);
      assertThat(read).isEqualTo(all);
      assertThat(part.info()).isEqualTo(info);
      assertThat(info.rows()).isEqualTo(8);
      assertThat(info.minTimeNanos()).isZero();
      assertThat(info.maxTimeNanos()).isEqualTo(14);
      assertThat(info.uncompressedBytes()).isGreaterThan(1000);
      assertThat(part.dataChecksumMatches()).isTrue();
    }
  }

  @Test
  void copiesOutOfOrderAndPlainFinishAfterACopyAreRefused() {
    Path source = temporary.resolve("source");
    TestRecords.write(source, List.of(record(STREAM, 5, "a"), record(STREAM, 6, "b")), 10);
    try (Part part = Part.open(source);
        PartWriter writer = PartWriter.create(temporary.resolve("p"), options(10))) {
      PartBlockRef block = (PartBlockRef) part.blocks().get(0);
      writer.add(record(STREAM, 7, "later"));
      assertThatThrownBy(() -> writer.copyBlock(block))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("block out of order");
      try (PartWriter other = PartWriter.create(temporary.resolve("q"), options(10))) {
        other.copyBlock(block);
        assertThatThrownBy(() -> other.add(record(STREAM, 5, "too early")))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> other.finish(0))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("copied blocks");
        other.add(record(STREAM, 6, "as late as the copied block's last row"));
        assertThatThrownBy(() -> other.finish(0, 1))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("fewer than");
      }
    }
  }

  @Test
  void optionsAreChecked() {
    assertThatThrownBy(() -> new PartWriterOptions(0, 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PartWriterOptions(10, 99))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(PartWriterOptions.defaults().blockRows()).isEqualTo(4096);
  }

  private static PartWriterOptions options(int blockRows) {
    return new PartWriterOptions(blockRows, 3);
  }

  private static LogRecord record(Stream stream, long time, String message) {
    return new LogRecord(stream, time, message, List.of(new Field("i", Long.toString(time))));
  }

  static Map<String, String> labels(String service) {
    return Map.of("service", service);
  }
}
