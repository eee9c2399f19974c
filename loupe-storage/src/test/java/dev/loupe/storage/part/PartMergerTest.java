package dev.loupe.storage.part;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.Field;
import dev.loupe.core.LogRecord;
import dev.loupe.core.LoupeException;
import dev.loupe.core.Stream;
import dev.loupe.core.Tokens;
import dev.loupe.storage.BlockRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PartMergerTest {
  private static final int BLOCK_ROWS = 64;
  private static final long SECOND = 1_000_000_000L;
  private static final PartWriterOptions OPTIONS = new PartWriterOptions(BLOCK_ROWS, 3);
  private static final Stream STREAM = TestRecords.API;

  @TempDir Path temporary;

  @Test
  void copyingGivesExactlyTheRowsOfTheRowMerge() {
    for (long seed = 1; seed <= 8; seed++) {
      List<List<LogRecord>> inputs = randomInputs(new Random(seed));
      List<Part> parts = writeInputs("seed" + seed, inputs);
      try {
        MergeResult copying = PartMerger.merge(parts, temporary.resolve("copy" + seed), OPTIONS);
        MergeResult rows = PartMerger.mergeRows(parts, temporary.resolve("rows" + seed), OPTIONS);
        List<LogRecord> expected = stableMerge(inputs);
        String context = "seed " + seed;
        assertThat(readAll(temporary.resolve("copy" + seed))).as(context).isEqualTo(expected);
        assertThat(readAll(temporary.resolve("rows" + seed))).as(context).isEqualTo(expected);
        assertThat(copying.copiedBlocks()).as(context).isPositive();
        assertThat(copying.rewrittenBlocks()).as(context).isPositive();
        assertThat(rows.copiedBlocks()).as(context).isZero();
        assertThat(copying.copiedRows() + copying.rewrittenRows()).isEqualTo(expected.size());
        assertSameTotals(copying.info(), rows.info(), parts, context);
        assertThat(copying.info().blocks())
            .isEqualTo(countBlocks(temporary.resolve("copy" + seed)));
      } finally {
        parts.forEach(Part::close);
      }
    }
  }

  @Test
  void copiedBlocksKeepTheirChunksBloomFiltersAndIntegerRanges() {
    List<LogRecord> first = rowsOf(STREAM, 0, 2 * BLOCK_ROWS, 1);
    List<LogRecord> second = rowsOf(STREAM, 10 * SECOND, 2 * BLOCK_ROWS, 2);
    List<Part> parts = writeInputs("in", List.of(first, second));
    Path output = temporary.resolve("out");
    try {
      MergeResult result = PartMerger.merge(parts, output, OPTIONS);
      assertThat(result.copiedBlocks()).isEqualTo(4);
      assertThat(result.rewrittenBlocks()).isZero();
      List<BlockRef> inputBlocks = new ArrayList<>(parts.get(0).blocks());
      inputBlocks.addAll(parts.get(1).blocks());
      try (Part merged = Part.open(output)) {
        assertThat(merged.dataChecksumMatches()).isTrue();
        assertThat(merged.blocks()).hasSameSizeAs(inputBlocks);
        for (int i = 0; i < inputBlocks.size(); i++) {
          assertSameBlock((PartBlockRef) merged.blocks().get(i), (PartBlockRef) inputBlocks.get(i));
        }
      }
    } finally {
      parts.forEach(Part::close);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    // case,                        second input starts at (ns), rows in each, copied, rewritten
    "disjoint full blocks,          1000000000000, 64, 2, 0",
    "overlapping ranges,            30, 64, 0, 2",
    "touching at one time,          63, 64, 0, 2",
    "next nanosecond,               64, 64, 2, 0",
    "half full is full enough,      1000000000000, 32, 2, 0",
    "small blocks are re-encoded,   1000000000000, 31, 0, 2",
  })
  void whichBlocksAreCopied(
      String name, long secondStart, int rowsEach, int copied, int rewritten) {
    List<LogRecord> first = rowsOf(STREAM, 0, rowsEach, 1);
    List<LogRecord> second = rowsOf(STREAM, secondStart, rowsEach, 2);
    List<Part> parts = writeInputs("in", List.of(first, second));
    try {
      MergeResult result = PartMerger.merge(parts, temporary.resolve("out"), OPTIONS);
      assertThat(result.copiedBlocks()).as(name).isEqualTo(copied);
      assertThat(result.rewrittenBlocks()).as(name).isEqualTo(rewritten);
      assertThat(readAll(temporary.resolve("out"))).isEqualTo(stableMerge(List.of(first, second)));
    } finally {
      parts.forEach(Part::close);
    }
  }

  @Test
  void rowsOlderThanACopiedBlockAreWrittenBeforeIt() {
    // Small blocks before and after a full one: rows, copy, rows, in time order.
    List<LogRecord> before = rowsOf(STREAM, 0, 5, 1);
    List<LogRecord> full = rowsOf(STREAM, 50 * SECOND, BLOCK_ROWS, 3);
    List<LogRecord> after = rowsOf(STREAM, 100 * SECOND, 5, 2);
    List<List<LogRecord>> inputs = List.of(after, full, before);
    List<Part> parts = writeInputs("in", inputs);
    try {
      MergeResult result = PartMerger.merge(parts, temporary.resolve("out"), OPTIONS);
      assertThat(result.copiedBlocks()).isEqualTo(1);
      assertThat(readAll(temporary.resolve("out"))).isEqualTo(stableMerge(inputs));
      try (Part merged = Part.open(temporary.resolve("out"))) {
        assertThat(merged.blocks()).extracting(BlockRef::rowCount).containsExactly(5, 64, 5);
      }
    } finally {
      parts.forEach(Part::close);
    }
  }

  @Test
  void aCorruptChunkInABlockToCopyFailsTheMergeAndLeavesTheInputsAlone() throws IOException {
    List<LogRecord> first = rowsOf(STREAM, 0, BLOCK_ROWS, 1);
    List<LogRecord> second = rowsOf(STREAM, 10 * SECOND, BLOCK_ROWS, 2);
    List<Part> parts = writeInputs("in", List.of(first, second));
    Path damaged = parts.get(1).directory().resolve(PartFileNames.DATA);
    PartIndex.BlockHeader header = ((PartBlockRef) parts.get(1).blocks().get(0)).header();
    PartTest.flipByte(damaged, header.chunks()[1].offset() + 3);
    byte[] damagedBytes = Files.readAllBytes(damaged);
    byte[] intactBytes = Files.readAllBytes(parts.get(0).directory().resolve(PartFileNames.DATA));
    Path output = temporary.resolve("out");
    try {
      assertThatThrownBy(() -> PartMerger.merge(parts, output, OPTIONS))
          .isInstanceOf(LoupeException.class)
          .satisfies(
              failure ->
                  assertThat(((LoupeException) failure).code()).isEqualTo(ErrorCode.CORRUPT_DATA))
          .hasMessageContaining("checksum mismatch");
      assertThat(output).doesNotExist();
      assertThat(Files.readAllBytes(damaged)).isEqualTo(damagedBytes);
      assertThat(Files.readAllBytes(parts.get(0).directory().resolve(PartFileNames.DATA)))
          .isEqualTo(intactBytes);
      assertThat(parts.get(0).blocks().get(0).read(null).rowCount()).isEqualTo(BLOCK_ROWS);
    } finally {
      parts.forEach(Part::close);
    }
  }

  @Test
  void mergingNothingGivesAnEmptyPart() {
    MergeResult result = PartMerger.merge(List.of(), temporary.resolve("out"), OPTIONS);
    assertThat(result.info().rows()).isZero();
    assertThat(result.copiedBlocks()).isZero();
  }

  // ---- helpers -----------------------------------------------------------------------------

  private static void assertSameBlock(PartBlockRef merged, PartBlockRef input) {
    assertThat(merged.stream()).isEqualTo(input.stream());
    assertThat(merged.minTimeNanos()).isEqualTo(input.minTimeNanos());
    assertThat(merged.maxTimeNanos()).isEqualTo(input.maxTimeNanos());
    assertThat(merged.rowCount()).isEqualTo(input.rowCount());
    ColumnChunk[] mergedChunks = merged.header().chunks();
    ColumnChunk[] inputChunks = input.header().chunks();
    assertThat(mergedChunks).hasSameSizeAs(inputChunks);
    for (int i = 0; i < inputChunks.length; i++) {
      ColumnChunk left = mergedChunks[i];
      ColumnChunk right = inputChunks[i];
      assertThat(left.name()).isEqualTo(right.name());
      assertThat(left.encoding()).isEqualTo(right.encoding());
      assertThat(left.flags()).isEqualTo(right.flags());
      assertThat(left.checksum()).isEqualTo(right.checksum());
      assertThat(left.bloom()).isEqualTo(right.bloom());
      assertThat(merged.integerRange(left.name())).isEqualTo(input.integerRange(right.name()));
    }
    PartBlock block = input.read(null);
    for (String column : block.columnNames()) {
      for (int row = 0; row < block.rowCount(); row++) {
        String value = block.value(column, row);
        if (value != null) {
          Tokens.forEachHash(
              value,
              hash ->
                  assertThat(merged.mayContainToken(column, hash))
                      .as("%s may contain a token of %s", column, value)
                      .isEqualTo(input.mayContainToken(column, hash)));
        }
      }
    }
    assertThat(merged.read(null).times()).isEqualTo(block.times());
  }

  private static void assertSameTotals(
      PartInfo copying, PartInfo rows, List<Part> inputs, String context) {
    assertThat(copying.rows()).as(context).isEqualTo(rows.rows());
    assertThat(copying.minTimeNanos()).as(context).isEqualTo(rows.minTimeNanos());
    assertThat(copying.maxTimeNanos()).as(context).isEqualTo(rows.maxTimeNanos());
    assertThat(copying.uncompressedBytes()).as(context).isEqualTo(rows.uncompressedBytes());
    assertThat(copying.walPosition()).as(context).isEqualTo(rows.walPosition());
    long inputBytes = inputs.stream().mapToLong(part -> part.info().uncompressedBytes()).sum();
    assertThat(rows.uncompressedBytes()).as(context).isEqualTo(inputBytes);
  }

  /**
   * Four inputs over six streams: some streams in disjoint time windows per input (full blocks and
   * a small tail, the copy candidates), some at random times across every input (overlaps, equal
   * times across inputs), some missing from an input; fields present in some rows only.
   */
  private static List<List<LogRecord>> randomInputs(Random random) {
    List<List<LogRecord>> inputs = new ArrayList<>();
    for (int input = 0; input < 4; input++) {
      inputs.add(new ArrayList<>());
    }
    for (int streamNumber = 0; streamNumber < 6; streamNumber++) {
      Stream stream = Stream.of("default", Map.of("service", "s" + streamNumber));
      for (int input = 0; input < 4; input++) {
        if (random.nextInt(6) == 0) {
          continue;
        }
        int rows = BLOCK_ROWS * random.nextInt(4) + random.nextInt(BLOCK_ROWS);
        long start =
            switch (streamNumber % 3) {
              case 0 -> input * 1000 * SECOND; // disjoint
              case 1 -> random.nextInt(3) * SECOND; // overlapping
              default -> (random.nextBoolean() ? input : 0) * 1000 * SECOND; // either
            };
        inputs.get(input).addAll(randomRows(stream, start, rows, random));
      }
    }
    for (List<LogRecord> input : inputs) {
      input.sort(TestRecords.ORDER);
    }
    return inputs;
  }

  private static List<LogRecord> randomRows(Stream stream, long start, int count, Random random) {
    List<LogRecord> records = new ArrayList<>(count);
    long time = start;
    for (int i = 0; i < count; i++) {
      time += random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(50_000_000); // some equal times
      List<Field> fields = new ArrayList<>();
      if (random.nextInt(4) != 0) {
        fields.add(new Field("status", Integer.toString(200 + random.nextInt(400))));
      }
      if (random.nextBoolean()) {
        fields.add(new Field("user", "user-" + random.nextInt(1_000)));
      }
      if (random.nextInt(10) == 0) {
        fields.add(new Field("trace", Long.toHexString(random.nextLong())));
      }
      fields.add(new Field("level", random.nextBoolean() ? "info" : "warn"));
      String message = "request " + random.nextInt(100) + " served in " + random.nextInt(999);
      records.add(new LogRecord(stream, time, message, fields));
    }
    return records;
  }

  /** {@code count} rows one millisecond apart from {@code start}, with integer and text fields. */
  private static List<LogRecord> rowsOf(Stream stream, long start, int count, long seed) {
    Random random = new Random(seed);
    List<LogRecord> records = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      List<Field> fields = new ArrayList<>();
      fields.add(new Field("status", Integer.toString(200 + random.nextInt(400))));
      if (i % 3 == 0) {
        fields.add(new Field("user", "user-" + random.nextInt(1_000)));
      }
      long time = start + (start < 1000 ? i : i * 1_000_000L);
      records.add(new LogRecord(stream, time, "line " + i + " of " + seed, fields));
    }
    return records;
  }

  private List<Part> writeInputs(String prefix, List<List<LogRecord>> inputs) {
    List<Part> parts = new ArrayList<>();
    for (int input = 0; input < inputs.size(); input++) {
      Path directory = temporary.resolve(prefix + "-" + input);
      try (PartWriter writer = PartWriter.create(directory, OPTIONS)) {
        inputs.get(input).forEach(writer::add);
        writer.finish(10 + input);
      }
      parts.add(Part.open(directory));
    }
    return parts;
  }

  /** What any merge must give: the inputs concatenated, normalized, stably sorted. */
  private static List<LogRecord> stableMerge(List<List<LogRecord>> inputs) {
    List<LogRecord> all = new ArrayList<>();
    for (List<LogRecord> input : inputs) {
      input.stream().map(TestRecords::normalized).forEach(all::add);
    }
    all.sort(TestRecords.ORDER);
    return all;
  }

  private static List<LogRecord> readAll(Path directory) {
    try (Part part = Part.open(directory)) {
      List<LogRecord> records = new ArrayList<>();
      Iterator<LogRecord> iterator = part.records();
      iterator.forEachRemaining(records::add);
      assertThat(part.dataChecksumMatches()).isTrue();
      return records;
    }
  }

  private static int countBlocks(Path directory) {
    try (Part part = Part.open(directory)) {
      return part.blocks().size();
    }
  }
}
