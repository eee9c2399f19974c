package dev.loupe.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files an agent would tail: one directory a host, a format a kind of log. */
class OutputFilesTest {
  private static final Pattern COMBINED =
      Pattern.compile(
          "\\S+ - - \\[\\d\\d/\\w{3}/\\d{4}:\\d\\d:\\d\\d:\\d\\d \\+0000\\] \"(GET|POST) \\S+ HTTP/1\\.1\" \\d{3} \\d+ \"[^\"]*\" \"[^\"]*\"");
  private static final Pattern SYSLOG =
      Pattern.compile("\\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\S+ [\\w-]+(\\[\\d+\\])?: .+");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path directory;

  @Test
  void eachHostHasItsAccessLogServiceLogsAndSyslog() throws Exception {
    List<Line> lines = Simulated.lines(4, 5_000, "error-burst:service=catalog,at=0,for=1m");
    Map<String, Integer> expected = new HashMap<>();
    OutputFiles output = new OutputFiles(directory, 1_000_000_000L);
    for (Line line : lines) {
      output.write(line);
      expected.merge(OutputFiles.fileOf(line), 1, Integer::sum);
    }
    output.close();

    Map<String, Integer> found = new HashMap<>();
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String name = directory.relativize(file).toString();
        List<String> fileLines = Files.readAllLines(file, StandardCharsets.UTF_8);
        found.put(name, fileLines.size());
        for (String text : fileLines) {
          if (name.endsWith("/access.log")) {
            assertThat(text).matches(COMBINED);
          } else if (name.endsWith("/syslog")) {
            assertThat(text).matches(SYSLOG);
          } else {
            JsonNode record = JSON.readTree(text);
            assertThat(record.get("ts").asText()).matches("2026-11-21T10:\\d\\d:\\d\\d\\.\\d{3}Z");
            assertThat(record.get("level").asText()).isIn("DEBUG", "INFO", "WARN", "ERROR");
            assertThat(name).endsWith("/" + record.get("service").asText() + ".log");
            assertThat(record.get("msg").asText()).isNotEmpty();
          }
        }
      }
    }

    assertThat(found).isEqualTo(expected);
    assertThat(found)
        .containsKeys(
            "edge-01/access.log", "edge-02/gateway.log", "app-04/payments.log", "db-01/syslog");
    assertThat(Files.readString(directory.resolve("app-01/catalog.log")))
        .contains("\\n\\tat com.zaxxer.hikari");
    assertThat(output.summary()).contains("5,000 lines in " + expected.size() + " files");
  }

  @Test
  void aSecondRunAppendsAsLogsGrow() throws Exception {
    List<Line> lines = Simulated.lines(4, 200);
    for (int run = 0; run < 2; run++) {
      OutputFiles output = new OutputFiles(directory, 1_000_000_000L);
      for (Line line : lines) {
        output.write(line);
      }
      output.close();
    }
    long total;
    try (Stream<Path> files = Files.walk(directory)) {
      total =
          files
              .filter(Files::isRegularFile)
              .mapToLong(
                  file -> {
                    try {
                      return Files.readAllLines(file).size();
                    } catch (java.io.IOException failed) {
                      throw new java.io.UncheckedIOException(failed);
                    }
                  })
              .sum();
    }
    assertThat(total).isEqualTo(400);
  }
}
