package dev.loupe.storage.part;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.core.Field;
import dev.loupe.core.LogRecord;
import dev.loupe.core.Stream;
import dev.loupe.core.Tokens;
import dev.loupe.storage.Block;
import dev.loupe.storage.BlockRef;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Reads the part that format version 1 wrote, kept under {@code src/test/resources/compat/v1/}, and
 * checks every value of every row against the text file written beside it. These files are never
 * rewritten: a reader that cannot read them has broken every part on every user's disk. A new
 * format version gets a new directory ({@code v2/}) and this test keeps reading {@code v1/}.
 */
class PartCompatibilityTest {
  private static final String PART = "/compat/v1/part-1";
  private static final String EXPECTED = "/compat/v1/part-1-expected.txt";
  private static final int BLOCK_ROWS = 16;
  private static final long WAL_POSITION = 4242;

  @Test
  void version1PartReadsBackEveryValue() throws Exception {
    Expected expected =
        Expected.parse(Files.readAllLines(resource(EXPECTED), StandardCharsets.UTF_8));
    try (Part part = Part.open(resource(PART))) {
      assertThat(part.info()).isEqualTo(expected.info(part.info().bytesOnDisk()));
      assertThat(part.info().bytesOnDisk()).isEqualTo(expected.bytesOnDisk);
      assertThat(part.dataChecksumMatches()).isTrue();
      List<LogRecord> records = new ArrayList<>();
      part.records().forEachRemaining(records::add);
      assertThat(records).hasSize(expected.rows.size());
      for (int row = 0; row < records.size(); row++) {
        assertThat(describe(records.get(row))).as("row %d", row).isEqualTo(expected.rows.get(row));
      }
      checkBlocks(part, expected);
    }
  }

  @Test
  void version1PartUsesEveryEncoding() throws Exception {
    try (Part part = Part.open(resource(PART))) {
      Set<ColumnEncoding> used = EnumSet.noneOf(ColumnEncoding.class);
      for (BlockRef block : part.blocks()) {
        for (ColumnChunk chunk : ((PartBlockRef) block).header().chunks()) {
          used.add(chunk.encoding());
        }
      }
      assertThat(used).containsExactlyInAnyOrder(ColumnEncoding.values());
    }
  }

  /** Block sizes, value by value through {@link Block}, integer ranges and every token's bloom. */
  private static void checkBlocks(Part part, Expected expected) {
    assertThat(part.blocks())
        .extracting(BlockRef::rowCount)
        .containsExactlyElementsOf(expected.blockRows);
    int firstRow = 0;
    for (BlockRef ref : part.blocks()) {
      Block block = ref.read(null);
      List<Map<String, String>> rows = expected.rows.subList(firstRow, firstRow + ref.rowCount());
      for (int row = 0; row < rows.size(); row++) {
        for (Map.Entry<String, String> value : rows.get(row).entrySet()) {
          String column = value.getKey();
          String actual =
              column.equals("_time")
                  ? Long.toString(block.timeNanos(row))
                  : block.value(column, row);
          assertThat(actual).as("%s row %d %s", ref, row, column).isEqualTo(value.getValue());
          Tokens.forEachHash(
              value.getValue(),
              hash ->
                  assertThat(ref.mayContainToken(column, hash) || column.equals("_time")).isTrue());
        }
      }
      for (String column : ref.columnNames()) {
        assertThat(ref.integerRange(column))
            .as("%s range of %s", ref, column)
            .isEqualTo(integerRange(rows, column));
      }
      firstRow += ref.rowCount();
    }
  }

  /** An independent statement of the rule: every present value prints back the same as a long. */
  private static long[] integerRange(List<Map<String, String>> rows, String column) {
    if (column.startsWith("_") && !column.equals("_msg")) {
      return null;
    }
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (Map<String, String> row : rows) {
      String value = row.get(column);
      if (value == null) {
        continue;
      }
      long parsed;
      try {
        parsed = Long.parseLong(value);
      } catch (NumberFormatException notAnInteger) {
        return null;
      }
      if (!Long.toString(parsed).equals(value)) {
        return null;
      }
      min = Math.min(min, parsed);
      max = Math.max(max, parsed);
    }
    return new long[] {min, max};
  }

  /**
   * Writes the version 1 files. Run only to create them, once, when a format version is released:
   * {@code ./mvnw -pl loupe-storage test -Dtest=PartCompatibilityTest
   * -Dloupe.compat.regenerate=true}. Never for an existing version: the committed files are what
   * old releases wrote, and the point of this test is that today's reader still reads them.
   */
  @Test
  @EnabledIfSystemProperty(named = "loupe.compat.regenerate", matches = "true")
  void regenerate() throws IOException {
    Path base = Path.of("src/test/resources/compat/v1");
    Path directory = base.resolve("part-1");
    PartIo.deleteQuietly(directory);
    Files.createDirectories(base);
    List<LogRecord> records = records();
    PartInfo info;
    try (PartWriter writer = PartWriter.create(directory, new PartWriterOptions(BLOCK_ROWS, 3))) {
      records.forEach(writer::add);
      info = writer.finish(WAL_POSITION);
    }
    List<String> lines = new ArrayList<>();
    lines.add(
        "# format version 1 part written by PartCompatibilityTest.regenerate; one row a line,");
    lines.add("# tab-separated name=value, values escaped (\\\\ \\t \\n \\r)");
    lines.add(
        "# info "
            + info.rows()
            + " "
            + info.blocks()
            + " "
            + info.minTimeNanos()
            + " "
            + info.maxTimeNanos()
            + " "
            + info.bytesOnDisk()
            + " "
            + info.walPosition()
            + " "
            + info.uncompressedBytes());
    try (Part part = Part.open(directory)) {
      lines.add(
          "# blocks "
              + String.join(
                  " ",
                  part.blocks().stream()
                      .map(block -> Integer.toString(block.rowCount()))
                      .toList()));
    }
    for (LogRecord record : records) {
      lines.add(Expected.format(describe(TestRecords.normalized(record))));
    }
    Files.write(base.resolve("part-1-expected.txt"), lines, StandardCharsets.UTF_8);
  }

  /** Frozen inputs: change nothing here once the files are committed. */
  private static List<LogRecord> records() {
    Stream checkout = Stream.of("default", Map.of("service", "checkout", "host", "web-1"));
    Stream payments = Stream.of("default", Map.of("service", "payments"));
    Stream tenant = Stream.of("acme", Map.of("service", "checkout", "region", "eu-west"));
    long start = 1_763_800_000_000_000_000L;
    String[] levels = {"info", "warn", "error"};
    String[] paths = {"/api/cart", "/api/pay", "/health"};
    List<LogRecord> records = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      List<Field> fields = new ArrayList<>();
      fields.add(new Field("level", levels[i % 3]));
      fields.add(new Field("status", Integer.toString(i % 5 == 0 ? 500 : 200 + (i * 37) % 300)));
      fields.add(new Field("path", paths[(i * 7) % 3]));
      if (i % 4 == 0) {
        fields.add(new Field("user.id", "u-" + (1000 + i * 13)));
      }
      String message =
          i == 5
              ? ""
              : "GET "
                  + paths[(i * 7) % 3]
                  + " took "
                  + (i * 11 % 97)
                  + "ms request_id="
                  + (4000 + i * 31);
      records.add(new LogRecord(checkout, start + i * 250_000_000L, message, fields));
    }
    for (int i = 0; i < 16; i++) {
      List<Field> fields = new ArrayList<>();
      fields.add(new Field("amount_cents", Long.toString(1999L + i * 250)));
      fields.add(new Field("code", i % 2 == 0 ? "007" : "-0"));
      fields.add(
          new Field("note", i == 3 ? "tab\there\nnew line \\ back" : "ünïcödé 日本語 🚀 #" + i));
      fields.add(
          new Field(
              "extreme",
              i % 2 == 0 ? Long.toString(Long.MIN_VALUE) : Long.toString(Long.MAX_VALUE)));
      long jitter = (i * 7_919_113L) % 1_000_003L;
      records.add(
          new LogRecord(
              payments,
              start + i * 1_000_000_000L + jitter,
              "payment " + i + " declined=" + (i % 3 == 0),
              fields));
    }
    for (int i = 0; i < 12; i++) {
      List<Field> fields = new ArrayList<>();
      fields.add(
          new Field("bytes_total", Long.toString(1_000_000L + 1_000L * i + (long) i * i * i)));
      fields.add(new Field("level", i == 7 ? "error" : "info"));
      if (i % 3 == 1) {
        fields.add(new Field("trace", "t" + Long.toHexString(0xabcdefL * (i + 1))));
      }
      records.add(
          new LogRecord(
              tenant,
              start - 3_600_000_000_000L + i * 1_000_003L + i * i * 17L,
              "tenant line " + i,
              fields));
    }
    records.sort(RecordOrder.BY_STREAM_THEN_TIME);
    return records;
  }

  /** A record as the name/value pairs the expected file holds, built-in columns first. */
  private static Map<String, String> describe(LogRecord record) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("_stream_id", record.stream().id().toHex());
    values.put("_tenant", record.stream().tenant());
    values.put("_stream", record.stream().canonicalLabels());
    values.put("_time", Long.toString(record.timeNanos()));
    values.put("_msg", record.message());
    for (Field field : record.fields()) {
      values.put(field.name(), field.value());
    }
    return values;
  }

  private static Path resource(String name) throws URISyntaxException {
    URL url = PartCompatibilityTest.class.getResource(name);
    assertThat(url).as("test resource %s", name).isNotNull();
    return Path.of(url.toURI());
  }

  /** The parsed expected file. */
  private static final class Expected {
    final List<Map<String, String>> rows = new ArrayList<>();
    final List<Integer> blockRows = new ArrayList<>();
    long[] info;
    long bytesOnDisk;

    static Expected parse(List<String> lines) {
      Expected expected = new Expected();
      for (String line : lines) {
        if (line.startsWith("# info ")) {
          String[] numbers = line.substring("# info ".length()).split(" ");
          expected.info = new long[numbers.length];
          for (int i = 0; i < numbers.length; i++) {
            expected.info[i] = Long.parseLong(numbers[i]);
          }
          expected.bytesOnDisk = expected.info[4];
        } else if (line.startsWith("# blocks ")) {
          for (String rows : line.substring("# blocks ".length()).split(" ")) {
            expected.blockRows.add(Integer.parseInt(rows));
          }
        } else if (!line.startsWith("#")) {
          expected.rows.add(parseRow(line));
        }
      }
      return expected;
    }

    PartInfo info(long ignoredBytesOnDisk) {
      return new PartInfo(1, info[0], (int) info[1], info[2], info[3], info[4], info[5], info[6]);
    }

    static Map<String, String> parseRow(String line) {
      Map<String, String> values = new LinkedHashMap<>();
      for (String pair : line.split("\t", -1)) {
        int equals = pair.indexOf('=');
        values.put(pair.substring(0, equals), unescape(pair.substring(equals + 1)));
      }
      return values;
    }

    static String format(Map<String, String> values) {
      List<String> pairs = new ArrayList<>();
      values.forEach((name, value) -> pairs.add(name + "=" + escape(value)));
      return String.join("\t", pairs);
    }

    static String escape(String value) {
      return value
          .replace("\\", "\\\\")
          .replace("\t", "\\t")
          .replace("\n", "\\n")
          .replace("\r", "\\r");
    }

    static String unescape(String value) {
      StringBuilder text = new StringBuilder(value.length());
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (c != '\\') {
          text.append(c);
          continue;
        }
        char next = value.charAt(++i);
        text.append(
            switch (next) {
              case 't' -> '\t';
              case 'n' -> '\n';
              case 'r' -> '\r';
              default -> next;
            });
      }
      return text.toString();
    }
  }
}
