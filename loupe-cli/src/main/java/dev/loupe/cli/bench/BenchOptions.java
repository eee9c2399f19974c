package dev.loupe.cli.bench;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * What {@code loupe bench} was asked to do (see {@code BenchCommand} for each option's meaning).
 *
 * @param reportFile where to write the Markdown report, or {@code null}
 * @param commandLine the command as typed, for the report
 * @param protocolOptions the protocol phase ({@link ProtocolOptions#NONE} for none)
 */
public record BenchOptions(
    long lines,
    long seed,
    int clients,
    int batchLines,
    int warmRuns,
    Path directory,
    boolean keep,
    boolean reuseDataset,
    Path reportFile,
    ServerLaunch launch,
    String commandLine,
    ProtocolOptions protocolOptions) {

  public BenchOptions {
    requireNonNull(directory, "directory is null");
    requireNonNull(launch, "launch is null");
    requireNonNull(commandLine, "commandLine is null");
    requireNonNull(protocolOptions, "protocolOptions is null");
    if (lines < DatasetSpec.MIN_LINES) {
      throw new IllegalArgumentException(
          "--lines must be at least " + DatasetSpec.MIN_LINES + ", got " + lines);
    }
    if (clients < 1 || clients > 256) {
      throw new IllegalArgumentException("--clients must be 1 to 256, got " + clients);
    }
    if (batchLines < 1) {
      throw new IllegalArgumentException("--batch-lines must be positive, got " + batchLines);
    }
    if (warmRuns < 1) {
      throw new IllegalArgumentException("--warm-runs must be positive, got " + warmRuns);
    }
  }

  /**
   * Lines of the data set: the main phase's, or with {@code --protocols-only} the protocol phase's.
   */
  public long datasetLines() {
    return protocolOptions.only() ? protocolOptions.lines() : lines;
  }
}
