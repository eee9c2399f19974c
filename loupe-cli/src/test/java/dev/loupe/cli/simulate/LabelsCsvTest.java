package dev.loupe.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The labels CSV is written by hand and read back here by commons-csv, an independent reader. */
class LabelsCsvTest {
  @TempDir Path directory;

  @Test
  void fieldsAreQuotedOnlyWhenTheyMustBe() {
    String[][] cases = {
      {"plain text", "plain text"},
      {"a, b", "\"a, b\""},
      {"say \"hi\"", "\"say \"\"hi\"\"\""},
      {"two\nlines", "\"two\nlines\""},
      {"cr\r", "\"cr\r\""},
      {"", ""},
      {" spaces kept ", " spaces kept "},
    };
    for (String[] example : cases) {
      StringBuilder out = new StringBuilder();
      LabelsCsv.appendField(out, example[0]);
      assertThat(out).as(example[0]).hasToString(example[1]);
    }
  }

  @Test
  void everyLineReadsBackAsItWasGenerated() throws Exception {
    List<Line> lines = Simulated.lines(21, 5_000, "deploy:service=search,at=0,for=1m,rate=0.5");
    Path file = directory.resolve("labels/lines.csv");
    try (LabelsCsv csv = new LabelsCsv(file)) {
      for (Line line : lines) {
        csv.write(line);
      }
    }
    List<CSVRecord> records;
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      records =
          CSVFormat.RFC4180
              .builder()
              .setHeader()
              .setSkipHeaderRecord(true)
              .get()
              .parse(reader)
              .getRecords();
    }

    assertThat(Files.readString(file)).startsWith(LabelsCsv.HEADER + "\r\n");
    assertThat(records).hasSize(lines.size());
    for (int index = 0; index < lines.size(); index++) {
      Line line = lines.get(index);
      CSVRecord record = records.get(index);
      assertThat(record.get("LineId")).isEqualTo(Integer.toString(index + 1));
      assertThat(record.get("Content")).isEqualTo(line.content());
      assertThat(record.get("EventId")).isEqualTo(line.event().id());
      assertThat(record.get("EventTemplate"))
          .isEqualTo(LoghubTemplate.of(line.event().eventTemplate()));
    }
    // request lines are labelled with their method's event, in Loghub's normal form
    assertThat(records)
        .anyMatch(
            record ->
                record.get("EventId").equals("access.get")
                    && record
                        .get("EventTemplate")
                        .equals("\"GET <*> HTTP/1.<*>\" <*> <*> <*> \"<*>\""))
        .anyMatch(
            record ->
                record.get("EventId").equals("gateway.request.post")
                    && record
                        .get("EventTemplate")
                        .equals("POST <*> completed with status <*> in <*>"));
    // the hard cases were there: quotes (search queries), commas, multi-line stack traces
    assertThat(lines).anyMatch(line -> line.content().contains("\""));
    assertThat(lines).anyMatch(line -> line.content().contains(","));
    assertThat(lines).anyMatch(line -> line.content().contains("\n"));
  }
}
