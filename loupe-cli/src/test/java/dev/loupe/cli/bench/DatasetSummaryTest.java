package dev.loupe.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetSummaryTest {
  @TempDir Path directory;

  @Test
  void readsBackWhatItWroteWhenSeedLinesAndSizesMatch() throws IOException {
    DatasetSummary summary = writeFiles(summary(42, 5_000));

    assertThat(readMatching(42, 5_000)).contains(summary.reused());
  }

  @Test
  void otherSeedOrSizeOrChangedFilesAreNotReused() throws IOException {
    writeFiles(summary(42, 5_000));

    assertThat(readMatching(43, 5_000)).isEmpty();
    assertThat(readMatching(42, 6_000)).isEmpty();
    Files.writeString(directory.resolve("raw.log"), "changed");
    assertThat(readMatching(42, 5_000)).isEmpty();
  }

  @Test
  void nothingStoredIsNothingToReuse() throws IOException {
    assertThat(readMatching(42, 5_000)).isEmpty();
  }

  private java.util.Optional<DatasetSummary> readMatching(long seed, long lines)
      throws IOException {
    return DatasetSummary.readMatching(
        directory, seed, lines, directory.resolve("raw.log"), directory.resolve("data.ndjson"));
  }

  private DatasetSummary writeFiles(DatasetSummary summary) throws IOException {
    Files.write(directory.resolve("raw.log"), new byte[(int) summary.rawBytes()]);
    Files.write(directory.resolve("data.ndjson"), new byte[(int) summary.ndjsonBytes()]);
    summary.write(directory.resolve(DatasetSummary.FILE_NAME));
    return summary;
  }

  private static DatasetSummary summary(long seed, long lines) {
    return new DatasetSummary(
        new DatasetSpec(lines, seed, 1_795_000_000_000_000_000L, 7_200_000_000_000L),
        1_000,
        2_000,
        2_000,
        2_250,
        750,
        "NEEDLE0123456789",
        List.of("a \"quoted\" line with NEEDLE0123456789", "Nov  2 x: = : \\ NEEDLE0123456789"),
        "GET",
        1_234,
        999);
  }
}
