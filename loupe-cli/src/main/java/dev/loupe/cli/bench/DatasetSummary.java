package dev.loupe.cli.bench;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * What a generated data set holds, as the bench needs it to check the server's answers: sizes, the
 * mix of kinds, the needle and its lines, the common term and how many lines hold it. Kept next to
 * the files as {@code dataset.properties} so that {@code --reuse-dataset} can skip generation.
 *
 * @param generationNanos how long generation took; 0 when the data set was reused
 */
record DatasetSummary(
    DatasetSpec spec,
    long rawBytes,
    long ndjsonBytes,
    long accessLines,
    long appLines,
    long syslogLines,
    String needle,
    List<String> needleLines,
    String commonTerm,
    long commonTermLines,
    long generationNanos) {

  static final String FILE_NAME = "dataset.properties";

  DatasetSummary {
    requireNonNull(spec, "spec is null");
    requireNonNull(needle, "needle is null");
    requireNonNull(commonTerm, "commonTerm is null");
    needleLines = List.copyOf(needleLines);
  }

  long lines() {
    return spec.lines();
  }

  DatasetSummary reused() {
    return new DatasetSummary(
        spec,
        rawBytes,
        ndjsonBytes,
        accessLines,
        appLines,
        syslogLines,
        needle,
        needleLines,
        commonTerm,
        commonTermLines,
        0);
  }

  void write(Path file) throws IOException {
    Properties properties = new Properties();
    properties.setProperty("generator_version", Integer.toString(DatasetGenerator.VERSION));
    properties.setProperty("lines", Long.toString(spec.lines()));
    properties.setProperty("seed", Long.toString(spec.seed()));
    properties.setProperty("end_nanos", Long.toString(spec.endNanos()));
    properties.setProperty("window_nanos", Long.toString(spec.windowNanos()));
    properties.setProperty("raw_bytes", Long.toString(rawBytes));
    properties.setProperty("ndjson_bytes", Long.toString(ndjsonBytes));
    properties.setProperty("access_lines", Long.toString(accessLines));
    properties.setProperty("app_lines", Long.toString(appLines));
    properties.setProperty("syslog_lines", Long.toString(syslogLines));
    properties.setProperty("needle", needle);
    for (int index = 0; index < needleLines.size(); index++) {
      properties.setProperty("needle_line." + index, needleLines.get(index));
    }
    properties.setProperty("common_term", commonTerm);
    properties.setProperty("common_term_lines", Long.toString(commonTermLines));
    try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      properties.store(writer, "loupe bench data set: what raw.log and data.ndjson hold");
    }
  }

  /**
   * The summary stored in {@code directory} when it describes files of this generator version,
   * {@code seed} and {@code lines} whose sizes still match; empty otherwise (then generate).
   */
  static Optional<DatasetSummary> readMatching(
      Path directory, long seed, long lines, Path rawFile, Path ndjsonFile) throws IOException {
    Path file = directory.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)
        || !Files.isRegularFile(rawFile)
        || !Files.isRegularFile(ndjsonFile)) {
      return Optional.empty();
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    }
    try {
      DatasetSummary summary = fromProperties(properties);
      boolean matches =
          Integer.parseInt(properties.getProperty("generator_version", "0"))
                  == DatasetGenerator.VERSION
              && summary.spec().seed() == seed
              && summary.spec().lines() == lines
              && Files.size(rawFile) == summary.rawBytes()
              && Files.size(ndjsonFile) == summary.ndjsonBytes();
      return matches ? Optional.of(summary) : Optional.empty();
    } catch (IllegalArgumentException | NullPointerException damaged) {
      return Optional.empty();
    }
  }

  private static DatasetSummary fromProperties(Properties properties) {
    DatasetSpec spec =
        new DatasetSpec(
            number(properties, "lines"),
            number(properties, "seed"),
            number(properties, "end_nanos"),
            number(properties, "window_nanos"));
    List<String> needleLines = new ArrayList<>();
    for (int index = 0; properties.containsKey("needle_line." + index); index++) {
      needleLines.add(properties.getProperty("needle_line." + index));
    }
    return new DatasetSummary(
        spec,
        number(properties, "raw_bytes"),
        number(properties, "ndjson_bytes"),
        number(properties, "access_lines"),
        number(properties, "app_lines"),
        number(properties, "syslog_lines"),
        properties.getProperty("needle"),
        needleLines,
        properties.getProperty("common_term"),
        number(properties, "common_term_lines"),
        0);
  }

  private static long number(Properties properties, String key) {
    return Long.parseLong(properties.getProperty(key));
  }
}
