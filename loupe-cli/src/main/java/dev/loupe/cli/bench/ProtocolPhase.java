package dev.loupe.cli.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The protocol phase of {@code loupe bench}: for each protocol asked for, the first {@code lines}
 * lines of the data set are encoded in the protocol's wire format (untimed), a fresh {@code loupe
 * serve} is started on its own data directory with the protocol turned on, the batches are sent by
 * the protocol's own client ({@link ProtocolLoad}), and the phase waits until the server counts
 * every line. Each protocol gets a fresh server so that the figures do not depend on the order or
 * on what an earlier protocol left to merge.
 *
 * <p>A protocol that fails is reported and the phase goes on with the next. Kafka needs a broker:
 * without {@code --kafka-bootstrap} its row says so (see {@code docs/BENCHMARKS.md} for why the
 * bench does not start one). Used by the bench's one thread.
 */
final class ProtocolPhase {
  /** Generous for a cold JVM on a loaded machine, as the main phase's. */
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);

  private static final Duration STOP_TIMEOUT = Duration.ofMinutes(2);

  /** The count may stand still this long (a flush, a GC on a loaded machine) before it fails. */
  private static final Duration STALL_TIMEOUT = Duration.ofSeconds(60);

  private final BenchOptions options;
  private final ProtocolOptions protocolOptions;
  private final Path directory;
  private final PrintStream log;
  private final Progress.Factory progress;
  private final BenchResults results;

  ProtocolPhase(
      BenchOptions options,
      Path directory,
      PrintStream log,
      Progress.Factory progress,
      BenchResults results) {
    this.options = options;
    this.protocolOptions = options.protocolOptions();
    this.directory = directory;
    this.log = log;
    this.progress = progress;
    this.results = results;
  }

  /** Runs every protocol of the options on the first {@code lines} lines of the NDJSON file. */
  void run(Path ndjsonFile, Path rawFile, long lines) throws InterruptedException {
    for (Protocol protocol : protocolOptions.protocols()) {
      try {
        runOne(protocol, ndjsonFile, rawFile, lines);
      } catch (IOException | RuntimeException failure) {
        String message =
            JsonFlat.abbreviate(
                failure.getMessage() == null ? failure.toString() : failure.getMessage());
        log.println("    " + protocol.option() + " failed: " + message);
        results.protocolFailed(protocol, message);
        results.fail(protocol.option() + ": " + message);
      }
    }
  }

  private void runOne(Protocol protocol, Path ndjsonFile, Path rawFile, long lines)
      throws IOException, InterruptedException {
    if (protocol == Protocol.KAFKA && protocolOptions.kafkaBootstrap() == null) {
      log.println("==> kafka: skipped, no --kafka-bootstrap broker given");
      results.protocolSkipped(protocol, "needs --kafka-bootstrap HOST:PORT of a broker");
      return;
    }
    try (ProtocolClient client = client(protocol)) {
      log.printf(
          "==> %s: encoding %,d lines in batches of %,d%n",
          protocol.option(), lines, protocolOptions.batchLines());
      List<WireBatch> batches =
          encode(client, ndjsonFile, rawFile, lines, protocolOptions.batchLines());
      long wireBytes = batches.stream().mapToLong(WireBatch::bytes).sum();
      Path data = directory.resolve(BenchRun.DATA_DIRECTORY + "-" + protocol.option());
      BenchRun.deleteRecursively(data);
      log.println("==> " + protocol.option() + ": starting a fresh server");
      try (ServerProcess server =
          ServerProcess.start(
              options.launch(),
              data,
              directory.resolve(BenchRun.SERVER_LOG),
              client.serverArguments())) {
        LoupeHttp http = new LoupeHttp(server.port());
        server.awaitReady(http, READY_TIMEOUT);
        log.printf(
            "==> %s: sending %s of %s over %d connections%n",
            protocol.option(), Figures.count(lines), Figures.bytes(wireBytes), options.clients());
        ProtocolLoad load =
            new ProtocolLoad(
                client, batches, options.clients(), server.port(), http, STALL_TIMEOUT);
        ProtocolLoad.Timing timing = load.run(progress.start(wireBytes));
        ProtocolFigures figures =
            new ProtocolFigures(
                protocol,
                lines,
                batches.size(),
                wireBytes,
                options.clients(),
                protocolOptions.batchLines(),
                timing.acknowledgedNanos(),
                timing.visibleNanos());
        log.printf(
            "    %s lines/s acknowledged, %s lines/s visible%n",
            Figures.rate(figures.acknowledgedLinesPerSecond()),
            Figures.rate(figures.visibleLinesPerSecond()));
        results.protocol(figures);
        server.stop(STOP_TIMEOUT);
      }
      BenchRun.deleteRecursively(data);
    }
  }

  private ProtocolClient client(Protocol protocol) throws IOException {
    return switch (protocol) {
      case SYSLOG_TCP -> new ClientSyslogTcp(ServerProcess.freePort());
      case OTLP_HTTP -> new ClientOtlpHttp();
      case ES_BULK -> new ClientEsBulk(protocolOptions.gzip());
      case KAFKA -> ClientKafka.create(protocolOptions.kafkaBootstrap(), options.clients());
    };
  }

  /**
   * The first {@code lines} lines of the data set, encoded in batches of {@code batchLines}: the
   * NDJSON file and the raw file are read in step (line i of one is line i of the other).
   */
  static List<WireBatch> encode(
      ProtocolClient client, Path ndjsonFile, Path rawFile, long lines, int batchLines)
      throws IOException {
    List<WireBatch> batches = new ArrayList<>();
    List<ProtocolLine> pending = new ArrayList<>(batchLines);
    long read = 0;
    try (BufferedReader ndjson = Files.newBufferedReader(ndjsonFile, StandardCharsets.UTF_8);
        BufferedReader raw = Files.newBufferedReader(rawFile, StandardCharsets.UTF_8)) {
      String line;
      while (read < lines && (line = ndjson.readLine()) != null) {
        String rawLine = raw.readLine();
        if (rawLine == null) {
          throw new IOException(rawFile + " ends at line " + read + ", before " + ndjsonFile);
        }
        pending.add(ProtocolLine.parse(line, rawLine));
        read++;
        if (pending.size() == batchLines) {
          batches.add(client.encode(pending));
          pending.clear();
        }
      }
    }
    if (!pending.isEmpty()) {
      batches.add(client.encode(pending));
    }
    if (read < lines) {
      throw new IOException(
          ndjsonFile + " holds " + read + " lines, the protocol phase needs " + lines);
    }
    return batches;
  }
}
