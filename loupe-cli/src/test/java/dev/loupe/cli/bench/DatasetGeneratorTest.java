package dev.loupe.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.loupe.core.Tokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetGeneratorTest {
  private static final long END_NANOS = 1_795_000_000_000_000_000L;
  private static final long WINDOW_NANOS = BenchRun.DATA_WINDOW.toNanos();

  /** Spans several chunks and a partial last one. */
  private static final long LINES = 3 * DatasetGenerator.CHUNK_LINES + 1_234;

  private static final JsonFactory JSON = new JsonFactory();

  @TempDir Path directory;

  @Test
  void sameSeedGivesSameBytes() {
    Generated first = generateAll(spec(7));
    Generated second = generateAll(spec(7));

    assertThat(second.raw).isEqualTo(first.raw);
    assertThat(second.ndjson).isEqualTo(first.ndjson);
  }

  @Test
  void otherSeedGivesOtherData() {
    Generated first = generateAll(spec(7));
    Generated other = generateAll(spec(8));

    assertThat(other.raw).isNotEqualTo(first.raw);
    assertThat(new DatasetGenerator(spec(8)).needle())
        .isNotEqualTo(new DatasetGenerator(spec(7)).needle());
  }

  @Test
  void filesAreTheSameWhateverTheThreadCount() throws IOException {
    DatasetSummary oneThread = write(spec(11), "one", 1);
    DatasetSummary threeThreads = write(spec(11), "three", 3);

    assertThat(Files.readAllBytes(directory.resolve("three.raw")))
        .isEqualTo(Files.readAllBytes(directory.resolve("one.raw")));
    assertThat(Files.readAllBytes(directory.resolve("three.ndjson")))
        .isEqualTo(Files.readAllBytes(directory.resolve("one.ndjson")));
    assertThat(threeThreads.reused()).isEqualTo(oneThread.reused());
  }

  @Test
  void summaryMatchesTheFiles() throws IOException {
    DatasetSummary summary = write(spec(3), "set", 2);
    List<String> rawLines = Files.readAllLines(directory.resolve("set.raw"));
    List<String> ndjsonLines = Files.readAllLines(directory.resolve("set.ndjson"));

    assertThat(rawLines).hasSize((int) LINES);
    assertThat(ndjsonLines).hasSize((int) LINES);
    assertThat(Files.size(directory.resolve("set.raw"))).isEqualTo(summary.rawBytes());
    assertThat(Files.size(directory.resolve("set.ndjson"))).isEqualTo(summary.ndjsonBytes());
    assertThat(summary.accessLines() + summary.appLines() + summary.syslogLines()).isEqualTo(LINES);
  }

  @Test
  void needleIsInExactlyFiveLinesOneInEachFifthOfEveryKind() {
    DatasetGenerator generator = new DatasetGenerator(spec(5));
    Generated generated = generateAll(spec(5));
    String needle = generator.needle();

    List<Integer> found = new ArrayList<>();
    for (int line = 0; line < generated.rawLines().size(); line++) {
      if (generated.rawLines().get(line).contains(needle)) {
        found.add(line);
      }
    }

    assertThat(needle).matches("NEEDLE[0-9A-F]{10}");
    assertThat(found).hasSize(DatasetGenerator.NEEDLE_COUNT);
    for (int index = 0; index < found.size(); index++) {
      assertThat(found.get(index) / (LINES / DatasetGenerator.NEEDLE_COUNT))
          .as("needle %d lies in fifth %d", index, index)
          .isEqualTo(index);
    }
    assertThat(generated.rawLines().get(found.get(0))).contains("\"GET /api/v1/sessions/" + needle);
    assertThat(generated.rawLines().get(found.get(1))).startsWith("{\"ts\":").contains(needle);
    assertThat(generated.rawLines().get(found.get(2))).contains(" sshd[").contains(needle);
    assertThat(generated.needleLines())
        .containsExactlyElementsOf(found.stream().map(generated.rawLines()::get).toList());
  }

  @Test
  void needleIsOneTokenForLoupe() {
    String needle = new DatasetGenerator(spec(5)).needle();
    Generated generated = generateAll(spec(5));

    for (String line : generated.needleLines()) {
      assertThat(Tokens.split(line)).contains(needle);
    }
  }

  @Test
  void commonTermCountAgreesWithGrepAndWithLoupeTokens() {
    Generated generated = generateAll(spec(9));
    String term = DatasetGenerator.COMMON_TERM;
    long substringLines = 0;
    long tokenLines = 0;
    for (String line : generated.rawLines()) {
      if (line.contains(term)) {
        substringLines++;
      }
      if (Tokens.split(line).stream().anyMatch(token -> token.equalsIgnoreCase(term))) {
        tokenLines++;
      }
    }

    assertThat(generated.commonTermLines()).isGreaterThan(LINES / 5);
    assertThat(substringLines).as("grep -c -F %s", term).isEqualTo(generated.commonTermLines());
    assertThat(tokenLines)
        .as("Loupe's token count of %s", term)
        .isEqualTo(generated.commonTermLines());
  }

  @Test
  void mixOfKindsIsAsDocumented() {
    Generated generated = generateAll(spec(13));

    assertThat(share(generated.accessLines())).isBetween(0.38, 0.42);
    assertThat(share(generated.appLines())).isBetween(0.43, 0.47);
    assertThat(share(generated.syslogLines())).isBetween(0.13, 0.17);
  }

  @Test
  void appLevelsHaveRealisticFrequencies() throws IOException {
    Generated generated = generateAll(spec(17));
    Map<String, Integer> levels = new HashMap<>();
    for (String line : generated.ndjsonLines()) {
      String level = fields(line).get("level");
      if (level != null) {
        levels.merge(level, 1, Integer::sum);
      }
    }
    double total = levels.values().stream().mapToInt(Integer::intValue).sum();

    assertThat(levels.keySet()).containsExactlyInAnyOrder("debug", "info", "warn", "error");
    assertThat(levels.get("info") / total).isBetween(0.70, 0.88);
    assertThat(levels.get("error") / total).isBetween(0.01, 0.08);
  }

  @Test
  void everyNdjsonLineCarriesItsRawLineTimeAndStream() throws IOException {
    Generated generated = generateAll(spec(21));
    long previousTime = Long.MIN_VALUE;
    for (int line = 0; line < generated.ndjsonLines().size(); line++) {
      String ndjson = generated.ndjsonLines().get(line);
      String raw = generated.rawLines().get(line);
      Map<String, String> fields = fields(ndjson);
      assertThat(fields).containsKeys("service", "host", "source");
      assertThat(fields.get("source")).isIn("access", "app", "syslog");
      String timeText;
      if (fields.get("source").equals("app")) {
        // a structured logger's line travels as it is, plus the source label
        assertThat(ndjson).isEqualTo(raw.substring(0, raw.length() - 1) + ",\"source\":\"app\"}");
        timeText = fields.get("ts");
      } else {
        assertThat(fields.get("_msg")).isEqualTo(raw);
        timeText = fields.get("_time");
      }
      Instant time = Instant.parse(timeText);
      long timeNanos = time.getEpochSecond() * 1_000_000_000L + time.getNano();
      assertThat(timeNanos).isBetween(END_NANOS - WINDOW_NANOS - 1_000_000, END_NANOS - 1);
      assertThat(timeNanos + 1_000_000).isGreaterThanOrEqualTo(previousTime);
      previousTime = timeNanos;
    }
  }

  @Test
  void textLinesCarryOnlyStreamLabelsAndAppLinesTheirTypedFields() throws IOException {
    Generated generated = generateAll(spec(23));
    Map<String, Set<String>> keysBySource = new HashMap<>();
    for (String line : generated.ndjsonLines()) {
      Map<String, String> fields = fields(line);
      keysBySource
          .computeIfAbsent(fields.get("source"), source -> new HashSet<>())
          .addAll(fields.keySet());
    }

    assertThat(keysBySource.get("access"))
        .containsExactlyInAnyOrder("_time", "_msg", "service", "host", "source");
    assertThat(keysBySource.get("syslog"))
        .containsExactlyInAnyOrder("_time", "_msg", "service", "host", "source");
    assertThat(keysBySource.get("app"))
        .contains(
            "ts", "msg", "level", "trace_id", "user_id", "method", "path", "status", "latency_ms");
  }

  @Test
  void aboutTwentyServicesOnTenHosts() throws IOException {
    Generated generated = generateAll(spec(29));
    Set<String> services = new HashSet<>();
    Set<String> hosts = new HashSet<>();
    for (String line : generated.ndjsonLines()) {
      Map<String, String> fields = fields(line);
      if (fields.get("source").equals("app")) {
        services.add(fields.get("service"));
      }
      hosts.add(fields.get("host"));
    }

    assertThat(services).hasSize(Vocabulary.SERVICES.size()).hasSizeBetween(18, 22);
    assertThat(hosts).hasSize(Vocabulary.ALL_HOSTS.size());
  }

  private static double share(long lines) {
    return (double) lines / LINES;
  }

  private static DatasetSpec spec(long seed) {
    return new DatasetSpec(LINES, seed, END_NANOS, WINDOW_NANOS);
  }

  private DatasetSummary write(DatasetSpec spec, String name, int threads) throws IOException {
    return new DatasetGenerator(spec)
        .writeFiles(
            directory.resolve(name + ".raw"),
            directory.resolve(name + ".ndjson"),
            threads,
            Progress.Factory.NONE);
  }

  /** The scalar fields of one NDJSON line as text. */
  private static Map<String, String> fields(String ndjsonLine) throws IOException {
    Map<String, String> fields = new HashMap<>();
    try (JsonParser parser = JSON.createParser(ndjsonLine)) {
      assertThat(parser.nextToken()).isEqualTo(JsonToken.START_OBJECT);
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        assertThat(value.isScalarValue()).as("field %s is flat", name).isTrue();
        fields.put(name, parser.getText());
      }
    }
    return fields;
  }

  private static Generated generateAll(DatasetSpec spec) {
    DatasetGenerator generator = new DatasetGenerator(spec);
    StringBuilder raw = new StringBuilder();
    StringBuilder ndjson = new StringBuilder();
    long[] counts = new long[4];
    List<String> needleLines = new ArrayList<>();
    for (int chunk = 0; chunk < generator.chunkCount(); chunk++) {
      DatasetChunk generated =
          generator.generate(
              chunk, DatasetChunk.ChunkBuffers.allocate(DatasetGenerator.CHUNK_LINES));
      raw.append(generated.buffers().raw());
      ndjson.append(generated.buffers().ndjson());
      counts[0] += generated.accessLines();
      counts[1] += generated.appLines();
      counts[2] += generated.syslogLines();
      counts[3] += generated.commonTermLines();
      needleLines.addAll(generated.needleLines());
    }
    return new Generated(
        raw.toString(),
        ndjson.toString(),
        raw.toString().lines().toList(),
        ndjson.toString().lines().toList(),
        counts[0],
        counts[1],
        counts[2],
        counts[3],
        needleLines);
  }

  private record Generated(
      String raw,
      String ndjson,
      List<String> rawLines,
      List<String> ndjsonLines,
      long accessLines,
      long appLines,
      long syslogLines,
      long commonTermLines,
      List<String> needleLines) {}
}
