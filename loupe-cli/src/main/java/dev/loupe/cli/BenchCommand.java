package dev.loupe.cli;

import dev.loupe.cli.bench.BenchOptions;
import dev.loupe.cli.bench.BenchRun;
import dev.loupe.cli.bench.Progress;
import dev.loupe.cli.bench.ProtocolOptions;
import dev.loupe.cli.bench.ServerLaunch;
import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code loupe bench}: the end-to-end benchmark of issue 2 in one command. Generates a seeded data
 * set, starts {@code loupe serve} from this very jar as a child process on a fresh data directory,
 * ingests over HTTP, measures disk, search, time to visible, memory and restart, runs the same work
 * with {@code zstd} and {@code grep} for comparison, and prints every figure next to its target.
 * The work is done by {@link BenchRun}; this class reads options.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description =
        "Run the end-to-end benchmark: generate a data set, start a server on a fresh data"
            + " directory, ingest over HTTP, and measure ingest rate, acknowledgement and"
            + " visibility latency, disk size against zstd -3, a needle search and a count"
            + " against grep, memory and restart time; with --protocols also the lines/s of"
            + " syslog, OTLP, Elasticsearch _bulk and Kafka. Prints every figure with its target;"
            + " --report also writes it as Markdown.",
    footer = {
      "",
      "Examples:",
      "  loupe bench --lines 200000       a quick run",
      "  loupe bench --report bench.md    10 M lines; Markdown for docs/BENCHMARKS.md",
      "  loupe bench --keep --reuse-dataset",
      "                                   keep ./bench-data and reuse its data set next time",
      "  loupe bench --protocols-only --protocols syslog-tcp,es-bulk",
      "                                   lines/s of each protocol alone"
    })
final class BenchCommand implements Callable<Integer> {
  @Option(
      names = "--lines",
      defaultValue = "10000000",
      description = "Lines in the data set (default: ${DEFAULT-VALUE}; at least 1000).")
  long lines;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description =
          "Seed of the data set: the same seed and lines give the same bytes (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--clients",
      defaultValue = "4",
      description =
          "Concurrent ingest clients, one connection each; also the connections of each"
              + " protocol (default: ${DEFAULT-VALUE}).")
  int clients;

  @Option(
      names = "--batch-lines",
      defaultValue = "5000",
      description = "Lines in each ingest request (default: ${DEFAULT-VALUE}, about 1.3 MB).")
  int batchLines;

  @Option(
      names = "--warm-runs",
      defaultValue = "10",
      description =
          "Warm runs of the needle search after the cold one (default: ${DEFAULT-VALUE}).")
  int warmRuns;

  @Option(
      names = "--dir",
      defaultValue = "bench-data",
      description =
          "Bench directory: data set, server data and logs (default: ./${DEFAULT-VALUE}; deleted"
              + " after a successful run unless --keep).")
  Path directory;

  @Option(names = "--keep", description = "Keep the bench directory after the run.")
  boolean keep;

  @Option(
      names = "--reuse-dataset",
      description =
          "Skip generation when the bench directory holds a data set of the same seed and lines"
              + " (with --keep on the earlier run). The server's data is always fresh.")
  boolean reuseDataset;

  @Option(
      names = "--report",
      paramLabel = "FILE",
      description = "Also write the report as Markdown to FILE, for docs/BENCHMARKS.md.")
  Path reportFile;

  @Option(
      names = "--server-jvm-options",
      defaultValue = "-Xmx512m -XX:+UseParallelGC",
      description =
          "JVM options of the server child process (default: ${DEFAULT-VALUE}: a heap that"
              + " leaves room under the 768 MB RSS target, and the throughput collector).")
  String serverJvmOptions;

  @Option(
      names = "--server-options",
      paramLabel = "OPTIONS",
      defaultValue = "",
      description =
          "More `loupe serve` options for the server child process, after its port and data (e.g."
              + " \"--max-patterns 0\" to measure what pattern mining costs). Default: none.")
  String serverOptions;

  @Option(
      names = "--protocols",
      paramLabel = "LIST",
      description =
          "Also run the protocol phase: send the data set's first --protocol-lines lines through"
              + " each of these protocols' wire formats, each to a fresh server, and report"
              + " lines/s until every line is visible. Comma-separated from syslog-tcp, otlp-http,"
              + " es-bulk, kafka (kafka needs --kafka-bootstrap). Default: none.")
  String protocols;

  @Option(
      names = "--protocol-lines",
      paramLabel = "N",
      defaultValue = "1000000",
      description =
          "Lines sent through each protocol (default: ${DEFAULT-VALUE}; at most the data set's"
              + " --lines unless --protocols-only).")
  long protocolLines;

  @Option(
      names = "--protocol-batch-lines",
      paramLabel = "N",
      defaultValue = "2000",
      description =
          "Lines in each protocol request, Kafka send or run of syslog frames (default:"
              + " ${DEFAULT-VALUE}, near what Filebeat and the OpenTelemetry Collector send).")
  int protocolBatchLines;

  @Option(
      names = "--protocols-only",
      description =
          "Run only the protocol phase: a data set of --protocol-lines lines, no HTTP ingest,"
              + " queries or restart.")
  boolean protocolsOnly;

  @Option(
      names = "--protocol-gzip",
      description = "Gzip the Elasticsearch _bulk bodies, as Filebeat does by default.")
  boolean protocolGzip;

  @Option(
      names = "--kafka-bootstrap",
      paramLabel = "HOST:PORT",
      description =
          "Kafka broker for the kafka protocol: the bench makes a topic on it, produces to it and"
              + " starts the server with --kafka-bootstrap. Without it the kafka row is skipped.")
  String kafkaBootstrap;

  @Option(
      names = "--metric-rules",
      paramLabel = "N",
      description =
          "Instead of the full bench: the metric-rules figure. Appends --lines lines to a fresh"
              + " store without rules and with N rules (3 alternating rounds) and reports lines/s"
              + " of both and the slowdown (target: under 10 %% with 20 rules).")
  Integer metricRules;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (metricRules != null) {
      java.nio.file.Path probeDirectory =
          java.nio.file.Files.createTempDirectory("loupe-bench-rules");
      dev.loupe.cli.bench.MetricRulesProbe.Result result =
          dev.loupe.cli.bench.MetricRulesProbe.run(
              probeDirectory, lines, metricRules, 3, System.out);
      System.out.printf(
          "metric rules: %,.0f lines/s without, %,.0f lines/s with %d rules: %.1f %% slower"
              + " (best wall-clock rates; noisy on a shared machine)%n",
          result.withoutLinesPerSecond(),
          result.withLinesPerSecond(),
          result.rules(),
          result.slowdownPercent());
      System.out.printf(
          "metric rules: %,.0f ns of CPU a line without, %,.0f ns with %d rules: %.1f %% more CPU"
              + " a line (target: under 10 %%)%n",
          result.withoutCpuNanosPerLine(),
          result.withCpuNanosPerLine(),
          result.rules(),
          result.cpuSlowdownPercent());
      java.nio.file.Files.deleteIfExists(probeDirectory);
      return 0;
    }
    BenchOptions options;
    try {
      options =
          new BenchOptions(
              lines,
              seed,
              clients,
              batchLines,
              warmRuns,
              directory,
              keep,
              reuseDataset,
              reportFile,
              launch(),
              commandLine(),
              new ProtocolOptions(
                  ProtocolOptions.parseProtocols(protocols),
                  protocolLines,
                  protocolBatchLines,
                  protocolsOnly,
                  protocolGzip,
                  kafkaBootstrap));
    } catch (IllegalArgumentException invalid) {
      throw new ParameterException(spec.commandLine(), invalid.getMessage());
    }
    try {
      return new BenchRun(
              options, Clock.systemUTC(), System.out, System.err, BenchCommand::progressBar)
          .run();
    } catch (IOException failure) {
      // what reaches here is a refusal before the run (the directory) or the report file:
      // one line saying what is wrong, as the other commands print their errors
      throw new LoupeException(ErrorCode.BAD_REQUEST, failure.getMessage(), failure);
    }
  }

  private static Progress progressBar(long totalBytes) {
    ProgressBar bar = new ProgressBar(System.err, totalBytes);
    return new Progress() {
      @Override
      public void update(long lines, long bytes) {
        bar.update(lines, bytes);
      }

      @Override
      public void finish(long lines, long bytes) {
        bar.finish(lines, bytes);
      }
    };
  }

  /** The server is started the way a user would: this JDK's java, this jar, {@code serve}. */
  private ServerLaunch launch() {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Path jar = runningJar();
    return new ServerLaunch(
        java,
        serverJvmOptions,
        jar,
        jar == null ? System.getProperty("java.class.path") : null,
        serverOptions);
  }

  /** The jar this class was loaded from, or {@code null} when it runs from classes (an IDE). */
  private static Path runningJar() {
    CodeSource source = BenchCommand.class.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return null;
    }
    try {
      Path location = Path.of(source.getLocation().toURI());
      return Files.isRegularFile(location) && location.toString().endsWith(".jar")
          ? location
          : null;
    } catch (URISyntaxException | IllegalArgumentException notAFile) {
      return null;
    }
  }

  private String commandLine() {
    List<String> arguments = spec.root().commandLine().getParseResult().originalArgs();
    return "loupe "
        + arguments.stream()
            .map(
                argument ->
                    argument.isEmpty() || argument.contains(" ") ? "'" + argument + "'" : argument)
            .collect(Collectors.joining(" "));
  }
}
