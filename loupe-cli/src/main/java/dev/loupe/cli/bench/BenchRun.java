package dev.loupe.cli.bench;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One run of {@code loupe bench}, the six steps of issue 2 in order on a fresh data directory:
 *
 * <ol>
 *   <li>generate (or reuse) the seeded data set: raw.log and data.ndjson;
 *   <li>start {@code loupe serve} as a child process and ingest data.ndjson over HTTP with
 *       concurrent clients, while a probe measures time to visible and a sampler reads memory;
 *   <li>flush and merge, read the stored size, and run {@code zstd -3 -T1} on both files;
 *   <li>search the needle (cold, then warm) and count the common term, against {@code grep}; then
 *       the queries of issue 3: count by status, p99 latency by service and minute, and a regex
 *       search (a tail probe measured live-tail latency during step 2);
 *   <li>read the server's memory peaks;
 *   <li>stop the server and time a restart on the stored data to ready and to a first query.
 * </ol>
 *
 * <p>With {@code --protocols}, the protocol phase of issue 4 follows ({@link ProtocolPhase}: each
 * protocol on a fresh server); with {@code --protocols-only} it runs alone after step 1.
 *
 * <p>A step that throws ends the run; the report then shows what was measured so far and the
 * failure. Wrong answers (the needle lines, the count, the stored rows) are failures too, but the
 * run goes on so that every figure is still measured. The child server never outlives the run.
 *
 * <p>Directory layout: {@code raw.log}, {@code data.ndjson}, {@code dataset.properties}, the
 * server's {@code data/} and {@code server.log}, the tools' stderr in {@code tools.log}, and the
 * {@code .loupe-bench} marker that makes the directory safe to delete.
 *
 * <p>Call {@link #run} once, from one thread.
 */
public final class BenchRun {
  /** Time span of the data set: the last two hours before the run, as recent logs are. */
  static final Duration DATA_WINDOW = Duration.ofHours(2);

  /** Generous: a cold JVM on a loaded 2-core machine; the ready figure itself is what counts. */
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);

  /** A stop flushes the memtable; a server that takes longer than this is killed and reported. */
  private static final Duration STOP_TIMEOUT = Duration.ofMinutes(2);

  /** Runs of grep and of the warm count: each reads the whole raw file, so a few suffice. */
  private static final int GREP_RUNS = 3;

  private static final int COUNT_WARM_RUNS = 3;

  /** Issue 3's stats queries; the generated app request lines carry status and latency_ms. */
  static final String COUNT_BY_STATUS = "* | stats count() by (status)";

  static final String P99_BY_SERVICE_MINUTE =
      "* | stats p99(latency_ms) by (service, bin(_time, 1m))";

  /** Only the app needle lines say "rejected session token" (see {@link LineApp}). */
  static final String REGEX_SEARCH = "~\"rejected session token \\w+\"";

  /**
   * Rows of a stats table: the server's maximum (10,000), above the groups (services × 120 minutes)
   * of the p99 query.
   */
  private static final int TABLE_LIMIT = 10_000;

  /** The limit of the needle query: far above the 5 planted lines, so all must come back. */
  private static final int NEEDLE_LIMIT = 100;

  /** Free disk the run needs a generated line: raw + NDJSON (~610 B) plus the stored data. */
  private static final long DISK_BYTES_PER_LINE = 1_000;

  static final String MARKER_FILE = ".loupe-bench";
  static final String RAW_FILE = "raw.log";
  static final String NDJSON_FILE = "data.ndjson";
  static final String SERVER_LOG = "server.log";
  static final String TOOLS_LOG = "tools.log";
  static final String DATA_DIRECTORY = "data";

  private final BenchOptions options;
  private final Clock clock;
  private final PrintStream out;
  private final PrintStream log;
  private final Progress.Factory progress;
  private final BenchResults results = new BenchResults();

  // figures the steps hand to later steps; written and read by the run's one thread
  private Map<String, String> ingestHealth = Map.of();
  private long sampledResidentMaxBytes = -1;
  private int sampleCount;
  private long probeLines;
  private long storedBytes = -1;

  /**
   * @param out where the report goes (stdout)
   * @param log where step headings and progress go (stderr)
   */
  public BenchRun(
      BenchOptions options,
      Clock clock,
      PrintStream out,
      PrintStream log,
      Progress.Factory progress) {
    this.options = requireNonNull(options, "options is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.out = requireNonNull(out, "out is null");
    this.log = requireNonNull(log, "log is null");
    this.progress = requireNonNull(progress, "progress is null");
  }

  /** Runs the bench, prints the report and writes the Markdown; 0 when nothing failed, else 1. */
  public int run() throws IOException, InterruptedException {
    Instant started = clock.instant();
    Path directory = prepareDirectory(options.directory().toAbsolutePath().normalize());
    try {
      DatasetSummary dataset = dataset(directory, started);
      results.dataset(dataset);
      if (options.protocolOptions().only()) {
        results.withoutMainPhase();
      } else {
        deleteRecursively(directory.resolve(DATA_DIRECTORY));
        againstServer(directory, dataset);
      }
      protocols(directory, dataset);
    } catch (IOException | RuntimeException failure) {
      results.fail(describe(failure));
    } finally {
      finish(directory, !results.failures().isEmpty());
    }
    Report report = BenchReport.build(results, facts(started));
    out.println();
    out.print(ReportFormatter.text(report));
    out.flush();
    if (options.reportFile() != null) {
      Files.writeString(
          options.reportFile(), ReportFormatter.markdown(report), StandardCharsets.UTF_8);
      log.println("Markdown report written to " + options.reportFile());
    }
    return report.failures().isEmpty() ? 0 : 1;
  }

  /**
   * The protocol phase, when asked for: the first {@code --protocol-lines} lines of the data set
   * (all of them when it is smaller) through each protocol, each on a fresh server.
   */
  private void protocols(Path directory, DatasetSummary dataset) throws InterruptedException {
    ProtocolOptions protocolOptions = options.protocolOptions();
    if (protocolOptions.protocols().isEmpty()) {
      return;
    }
    long lines = Math.min(protocolOptions.lines(), dataset.lines());
    results.protocolLines(lines);
    results.protocolSetup(options.clients(), protocolOptions.batchLines());
    new ProtocolPhase(options, directory, log, progress, results)
        .run(directory.resolve(NDJSON_FILE), directory.resolve(RAW_FILE), lines);
  }

  private DatasetSummary dataset(Path directory, Instant started) throws IOException {
    Path raw = directory.resolve(RAW_FILE);
    Path ndjson = directory.resolve(NDJSON_FILE);
    if (options.reuseDataset()) {
      Optional<DatasetSummary> stored =
          DatasetSummary.readMatching(
              directory, options.seed(), options.datasetLines(), raw, ndjson);
      if (stored.isPresent()) {
        log.println("==> reusing the data set in " + directory + " (same seed and lines)");
        return stored.get().reused();
      }
      log.println("    (no data set with this seed and size to reuse: generating)");
    }
    checkFreeDisk(directory);
    long endNanos = started.getEpochSecond() * 1_000_000_000L + started.getNano();
    DatasetSpec spec =
        new DatasetSpec(options.datasetLines(), options.seed(), endNanos, DATA_WINDOW.toNanos());
    log.printf(
        "==> generating %,d lines (seed %d) into %s and %s%n",
        options.datasetLines(), options.seed(), RAW_FILE, NDJSON_FILE);
    int threads = Runtime.getRuntime().availableProcessors();
    DatasetSummary summary = new DatasetGenerator(spec).writeFiles(raw, ndjson, threads, progress);
    if (summary.needleLines().size() != DatasetGenerator.NEEDLE_COUNT) {
      throw new IllegalStateException(
          "the generator planted "
              + summary.needleLines().size()
              + " needle lines, not "
              + DatasetGenerator.NEEDLE_COUNT);
    }
    summary.write(directory.resolve(DatasetSummary.FILE_NAME));
    return summary;
  }

  private void againstServer(Path directory, DatasetSummary dataset)
      throws IOException, InterruptedException {
    log.println("==> starting the server: " + options.launch().display());
    try (ServerProcess server =
        ServerProcess.start(
            options.launch(), directory.resolve(DATA_DIRECTORY), directory.resolve(SERVER_LOG))) {
      LoupeHttp http = new LoupeHttp(server.port());
      results.firstReadyNanos(server.awaitReady(http, READY_TIMEOUT));
      try {
        ingest(server.port(), http, directory, dataset);
        // after ingest the steps are independent: one that fails is reported, the rest still run
        step("disk", () -> disk(http, dataset));
        step("zstd", () -> zstd(directory, dataset));
        step("needle search", () -> needle(http, directory, dataset));
        step("common-term count", () -> count(http, directory, dataset));
        step("count by status", () -> countByStatus(http, dataset));
        step("p99 latency by service and minute", () -> p99ByServiceAndMinute(http));
        step("regex search", () -> regexSearch(http, dataset));
      } finally {
        recordMemory(http);
      }
      log.println("==> stopping the server (SIGTERM)");
      ServerProcess.Stop stop = server.stop(STOP_TIMEOUT);
      restart(directory, dataset, stop);
    }
  }

  /** A step of the run that may fail on its own. */
  @FunctionalInterface
  private interface Step {
    void run() throws IOException, InterruptedException;
  }

  private void step(String name, Step step) throws InterruptedException {
    try {
      step.run();
    } catch (IOException | RuntimeException failure) {
      log.println("    " + name + " failed: " + describe(failure));
      results.fail(name + ": " + describe(failure));
    }
  }

  /** Step 2: ingest with the probe and the memory sampler running alongside. */
  private void ingest(int port, LoupeHttp http, Path directory, DatasetSummary dataset)
      throws IOException, InterruptedException {
    log.printf(
        "==> ingesting %s over HTTP: %d clients, %,d lines a request%n",
        NDJSON_FILE, options.clients(), options.batchLines());
    HealthSampler sampler = new HealthSampler(new LoupeHttp(port));
    VisibilityProbe probe = new VisibilityProbe(new LoupeHttp(port), clock, options.seed());
    TailProbe tail = new TailProbe(port, new LoupeHttp(port), clock, options.seed());
    IngestLoad load =
        new IngestLoad(
            directory.resolve(NDJSON_FILE),
            options.clients(),
            options.batchLines(),
            client -> new LoupeHttp(port));
    sampler.start();
    probe.start();
    tail.start();
    IngestFigures figures;
    try {
      figures = load.run(progress.start(dataset.ndjsonBytes()));
    } finally {
      results.visibility(probe.stopAndSummarise());
      results.tail(tail.stopAndSummarise());
      sampler.stop();
      sampledResidentMaxBytes = sampler.maxResidentBytes();
      sampleCount = sampler.samples();
      probeLines = probe.acceptedLines() + tail.acceptedLines();
    }
    // the server's peaks now are its peaks "while ingesting at full rate", as the target says
    ingestHealth = http.health();
    results.ingest(figures);
    if (figures.rejected() > 0) {
      results.fail(
          "the server rejected "
              + figures.rejected()
              + " lines of the data set; first: "
              + figures.firstRejection());
    } else if (figures.lines() != dataset.lines()) {
      results.fail(
          "the server acknowledged " + figures.lines() + " lines of " + dataset.lines() + " sent");
    }
  }

  /** Step 4: the server's memory peaks, after ingest and over the whole run. */
  private void recordMemory(LoupeHttp http) throws InterruptedException {
    Map<String, String> now;
    try {
      now = http.health();
      storedBytes = number(now, "part_bytes");
    } catch (IOException | RuntimeException serverGone) {
      now = Map.of();
    }
    results.memory(
        new MemoryFigures(
            number(ingestHealth, "heap_peak_bytes"),
            number(ingestHealth, "rss_peak_bytes"),
            sampledResidentMaxBytes,
            sampleCount,
            number(now, "heap_peak_bytes"),
            number(now, "rss_peak_bytes")));
  }

  /** Step 3a: flush and merge, then the stored size from /health. */
  private void disk(LoupeHttp http, DatasetSummary dataset)
      throws IOException, InterruptedException {
    log.println("==> flushing and merging (POST /api/v1/admin/flush?merge=true)");
    long started = System.nanoTime();
    Map<String, String> flush = http.flush(true);
    long flushNanos = System.nanoTime() - started;
    Map<String, String> health = http.health();
    DiskFigures disk =
        new DiskFigures(
            JsonFlat.number(health, "part_bytes"),
            JsonFlat.number(health, "part_rows"),
            number(health, "parts"),
            number(health, "wal_bytes"),
            number(health, "memtable_rows"),
            number(flush, "merges"),
            flushNanos,
            dataset.lines() + probeLines);
    results.disk(disk);
    if (disk.partRows() != disk.expectedRows()) {
      results.fail(
          "after flush the parts hold "
              + disk.partRows()
              + " rows, expected "
              + disk.expectedRows()
              + " ("
              + dataset.lines()
              + " data-set lines and "
              + probeLines
              + " probe lines)"
              + (disk.memtableRows() > 0
                  ? "; " + disk.memtableRows() + " still in the memtable"
                  : ""));
    }
  }

  /** Step 3b: zstd -3 -T1 of both files, output counted from its stdout. */
  private void zstd(Path directory, DatasetSummary dataset)
      throws IOException, InterruptedException {
    log.println("==> zstd -3 -T1 of " + RAW_FILE + " and " + NDJSON_FILE);
    Path toolsLog = directory.resolve(TOOLS_LOG);
    Optional<ExternalTool.Run> raw = zstdOf(directory.resolve(RAW_FILE), toolsLog);
    if (raw.isEmpty()) {
      log.println("    zstd is not installed: no disk baseline");
      results.zstdMissing();
      return;
    }
    ExternalTool.Run ndjson = zstdOf(directory.resolve(NDJSON_FILE), toolsLog).orElseThrow();
    for (ExternalTool.Run run : List.of(raw.get(), ndjson)) {
      if (run.exitCode() != 0) {
        throw new IOException("zstd failed with exit code " + run.exitCode() + "; see " + toolsLog);
      }
    }
    results.zstd(new ZstdFigures(raw.get(), ndjson, dataset.lines()));
  }

  private static Optional<ExternalTool.Run> zstdOf(Path file, Path toolsLog)
      throws IOException, InterruptedException {
    return ExternalTool.run(List.of("zstd", "-3", "-T1", "-c", file.toString()), false, toolsLog);
  }

  /** Step 5a: the needle, cold then warm, checked against the planted lines; grep -F likewise. */
  private void needle(LoupeHttp http, Path directory, DatasetSummary dataset)
      throws IOException, InterruptedException {
    String needle = dataset.needle();
    log.println(
        "==> needle search: " + needle + " (1 cold + " + options.warmRuns() + " warm), grep -F");
    LoupeHttp.QueryAnswer cold = http.query(needle, 0, NEEDLE_LIMIT);
    checkNeedleAnswer("Loupe", cold.messages(), dataset, true);
    LatencyRecorder client = new LatencyRecorder();
    LatencyRecorder server = new LatencyRecorder();
    LoupeHttp.QueryAnswer last = cold;
    for (int run = 0; run < options.warmRuns(); run++) {
      last = http.query(needle, 0, NEEDLE_LIMIT);
      client.record(last.nanos());
      server.record(serverNanos(last.status()));
      if (last.rows() != cold.rows()) {
        results.fail(
            "the needle query returned " + last.rows() + " rows warm, " + cold.rows() + " cold");
      }
    }
    LatencyRecorder grep = new LatencyRecorder();
    long grepLines = -1;
    for (int run = 0; run < GREP_RUNS; run++) {
      Optional<ExternalTool.Run> result =
          ExternalTool.run(
              List.of("grep", "-F", needle, directory.resolve(RAW_FILE).toString()),
              true,
              directory.resolve(TOOLS_LOG));
      if (result.isEmpty()) {
        break;
      }
      grep.record(result.get().nanos());
      grepLines = result.get().outputLines();
      if (run == 0) {
        checkNeedleAnswer("grep -F", result.get().keptLines(), dataset, false);
      }
    }
    Map<String, String> status = last.status();
    results.needle(
        new NeedleFigures(
            needle,
            cold.nanos(),
            client.summary(),
            server.summary(),
            cold.rows(),
            number(status, "_status.blocks_scanned"),
            number(status, "_status.blocks_skipped"),
            number(status, "_status.blocks_total"),
            messagesOfLines(cold.messages(), dataset.needleLines()),
            grep.summary(),
            grepLines));
  }

  private void checkNeedleAnswer(
      String who, List<String> lines, DatasetSummary dataset, boolean messagesOnly) {
    boolean matched =
        messagesOnly
            ? messagesOfLines(lines, dataset.needleLines())
            : sameLines(lines, dataset.needleLines());
    if (matched) {
      return;
    }
    results.fail(
        who
            + " returned "
            + lines.size()
            + " lines for the needle "
            + dataset.needle()
            + ", expected exactly the "
            + dataset.needleLines().size()
            + " planted lines:\n"
            + String.join("\n", dataset.needleLines())
            + "\ngot:\n"
            + String.join("\n", lines));
  }

  /**
   * True when each expected raw line holds exactly one of the returned messages: Loupe returns
   * {@code _msg}, which is the whole raw line for text logs and the {@code msg} field of a JSON
   * application line.
   */
  static boolean messagesOfLines(List<String> messages, List<String> expectedLines) {
    if (messages.size() != expectedLines.size()) {
      return false;
    }
    List<String> unmatched = new java.util.ArrayList<>(messages);
    for (String line : expectedLines) {
      java.util.Optional<String> match = unmatched.stream().filter(line::contains).findFirst();
      if (match.isEmpty()) {
        return false;
      }
      unmatched.remove(match.get());
    }
    return true;
  }

  static boolean sameLines(List<String> actual, List<String> expected) {
    return actual.size() == expected.size()
        && actual.stream().sorted().toList().equals(expected.stream().sorted().toList());
  }

  /** Step 5b: the common term, /api/v1/hits against grep -c -F, both against the known count. */
  private void count(LoupeHttp http, Path directory, DatasetSummary dataset)
      throws IOException, InterruptedException {
    String term = dataset.commonTerm();
    // GET is in the text of access lines and in the method field of application JSON lines.
    String query = term + " OR method:" + term;
    log.println("==> counting the common term: /api/v1/hits?query=" + query + " and grep -c -F");
    LoupeHttp.HitsAnswer cold = http.hits(query);
    LatencyRecorder client = new LatencyRecorder();
    LatencyRecorder server = new LatencyRecorder();
    for (int run = 0; run < COUNT_WARM_RUNS; run++) {
      LoupeHttp.HitsAnswer warm = http.hits(query);
      client.record(warm.nanos());
      server.record(serverNanos(warm.status()));
    }
    if (cold.hits() != dataset.commonTermLines()) {
      results.fail(
          "/api/v1/hits counted "
              + cold.hits()
              + " lines with "
              + term
              + ", the data set has "
              + dataset.commonTermLines());
    }
    LatencyRecorder grep = new LatencyRecorder();
    long grepCount = -1;
    for (int run = 0; run < GREP_RUNS; run++) {
      Optional<ExternalTool.Run> result =
          ExternalTool.run(
              List.of("grep", "-c", "-F", term, directory.resolve(RAW_FILE).toString()),
              true,
              directory.resolve(TOOLS_LOG));
      if (result.isEmpty()) {
        break;
      }
      grep.record(result.get().nanos());
      grepCount = Long.parseLong(result.get().keptOutput().strip());
    }
    if (grepCount >= 0 && grepCount != dataset.commonTermLines()) {
      results.fail(
          "grep -c -F "
              + term
              + " counted "
              + grepCount
              + " lines, the generator wrote "
              + dataset.commonTermLines()
              + ": the data set breaks its own promise (a bug)");
    }
    results.count(
        new CountFigures(
            term,
            dataset.commonTermLines(),
            cold.hits(),
            cold.nanos(),
            client.summary(),
            server.summary(),
            grepCount,
            grep.summary()));
  }

  /**
   * Step 5c: {@code stats count() by (status)} over every stored line. The generator does not track
   * status counts, so the check is that the counts (lines without a status included, in their null
   * group) sum to every stored line: the data set and the probes' lines.
   */
  private void countByStatus(LoupeHttp http, DatasetSummary dataset)
      throws IOException, InterruptedException {
    long stored = dataset.lines() + probeLines;
    TimedTable timed = timedTable(http, COUNT_BY_STATUS);
    long sum = timed.cold().sum("count()");
    if (sum != stored) {
      results.fail(
          COUNT_BY_STATUS
              + " counted "
              + sum
              + " lines in all groups, "
              + stored
              + " are stored ("
              + dataset.lines()
              + " data-set lines and "
              + probeLines
              + " probe lines)");
    }
    results.query(
        timed.figures(
            "count by status",
            COUNT_BY_STATUS,
            "counts sum to "
                + Figures.count(sum)
                + (sum == stored ? ", every stored line" : ", NOT the " + stored + " stored")));
  }

  /** Step 5d: the p99 latency by service and minute; checked only to return groups. */
  private void p99ByServiceAndMinute(LoupeHttp http) throws IOException, InterruptedException {
    TimedTable timed = timedTable(http, P99_BY_SERVICE_MINUTE);
    long groups = timed.cold().rows().size();
    if (groups == 0) {
      results.fail(P99_BY_SERVICE_MINUTE + " returned no groups");
    }
    results.query(
        timed.figures(
            "p99 latency by service, minute",
            P99_BY_SERVICE_MINUTE,
            "returns groups (values not checked: the generator keeps no percentiles)"));
  }

  /** Step 5e: a regex search that only the planted needle lines match. */
  private void regexSearch(LoupeHttp http, DatasetSummary dataset)
      throws IOException, InterruptedException {
    log.println(
        "==> regex search: " + REGEX_SEARCH + " (1 cold + " + options.warmRuns() + " warm)");
    LoupeHttp.QueryAnswer cold = http.query(REGEX_SEARCH, 0, NEEDLE_LIMIT);
    LatencyRecorder client = new LatencyRecorder();
    LatencyRecorder server = new LatencyRecorder();
    for (int run = 0; run < options.warmRuns(); run++) {
      LoupeHttp.QueryAnswer warm = http.query(REGEX_SEARCH, 0, NEEDLE_LIMIT);
      client.record(warm.nanos());
      server.record(serverNanos(warm.status()));
    }
    // the needle is planted in access, syslog and app lines; only the app lines hold the phrase
    List<String> expected =
        dataset.needleLines().stream()
            .filter(line -> line.contains("rejected session token"))
            .toList();
    boolean planted = messagesOfLines(cold.messages(), expected);
    if (!planted) {
      results.fail(
          "the regex search returned "
              + cold.rows()
              + " lines, expected the "
              + expected.size()
              + " planted app needle lines:\n"
              + String.join("\n", expected)
              + "\ngot:\n"
              + String.join("\n", cold.messages()));
    }
    results.query(
        new QueryFigures(
            "regex search",
            REGEX_SEARCH + ", limit " + NEEDLE_LIMIT,
            cold.nanos(),
            client.summary(),
            server.summary(),
            cold.rows(),
            planted
                ? "the " + expected.size() + " planted app needle lines"
                : "NOT the " + expected.size() + " planted app needle lines"));
  }

  /** A stats query run once cold and then warm. */
  private record TimedTable(TableAnswer cold, Latencies warmClient, Latencies warmServer) {
    QueryFigures figures(String name, String query, String check) {
      return new QueryFigures(
          name, query, cold.nanos(), warmClient, warmServer, cold.rows().size(), check);
    }
  }

  private TimedTable timedTable(LoupeHttp http, String query)
      throws IOException, InterruptedException {
    log.println("==> " + query + " (1 cold + " + options.warmRuns() + " warm)");
    TableAnswer cold = http.table(query, TABLE_LIMIT);
    LatencyRecorder client = new LatencyRecorder();
    LatencyRecorder server = new LatencyRecorder();
    for (int run = 0; run < options.warmRuns(); run++) {
      TableAnswer warm = http.table(query, TABLE_LIMIT);
      client.record(warm.nanos());
      server.record(serverNanos(warm.status()));
      if (warm.rows().size() != cold.rows().size()) {
        results.fail(
            query
                + " returned "
                + warm.rows().size()
                + " rows warm, "
                + cold.rows().size()
                + " cold");
      }
    }
    return new TimedTable(cold, client.summary(), server.summary());
  }

  /** Step 6: restart on the stored data, timed from process start to ready and to a query. */
  private void restart(Path directory, DatasetSummary dataset, ServerProcess.Stop stop)
      throws IOException, InterruptedException {
    log.println("==> restarting the server on the stored data");
    try (ServerProcess server =
        ServerProcess.start(
            options.launch(), directory.resolve(DATA_DIRECTORY), directory.resolve(SERVER_LOG))) {
      LoupeHttp http = new LoupeHttp(server.port());
      long ready = server.awaitReady(http, READY_TIMEOUT);
      long firstQuery = firstQuery(server, http, dataset.needle());
      results.restart(
          new RestartFigures(
              results.firstReadyNanos(),
              stop.nanos(),
              stop.forced(),
              ready,
              firstQuery,
              storedBytes));
      server.stop(STOP_TIMEOUT);
    }
  }

  /** Retries the needle query until it answers; returns nanoseconds from the process start. */
  private static long firstQuery(ServerProcess server, LoupeHttp http, String needle)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (true) {
      try {
        http.query(needle, 0, NEEDLE_LIMIT);
        return System.nanoTime() - server.startedNanos();
      } catch (IOException notYet) {
        if (System.nanoTime() > deadline) {
          throw new IOException(
              "no query succeeded within " + READY_TIMEOUT.toSeconds() + " s of ready", notYet);
        }
        Thread.sleep(10);
      }
    }
  }

  private static long serverNanos(Map<String, String> status) {
    String millis = status.get("_status.duration_ms");
    return millis == null ? 0 : (long) (Double.parseDouble(millis) * 1e6);
  }

  /** A value of /health, or -1 when the server does not report it. */
  private static long number(Map<String, String> values, String name) {
    String value = values.get(name);
    return value == null ? -1 : (long) Double.parseDouble(value);
  }

  private BenchReport.RunFacts facts(Instant started) {
    String date =
        DateTimeFormatter.ISO_INSTANT.format(
            started.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC));
    return new BenchReport.RunFacts(
        date, options.commandLine(), MachineInfo.detect(), options.launch().display());
  }

  private void checkFreeDisk(Path directory) throws IOException {
    long needed = options.datasetLines() * DISK_BYTES_PER_LINE;
    long free = Files.getFileStore(directory).getUsableSpace();
    if (free < needed) {
      throw new IOException(
          "the bench needs about "
              + Figures.bytes(needed)
              + " free in "
              + directory
              + " for "
              + Figures.count(options.datasetLines())
              + " lines, only "
              + Figures.bytes(free)
              + " is free; pass --lines with fewer lines or --dir elsewhere");
    }
  }

  /**
   * The bench directory, created with its marker; refuses a directory that holds other files, so
   * that deleting it afterwards (or its data/) never removes anything the bench did not make.
   */
  static Path prepareDirectory(Path directory) throws IOException {
    Path marker = directory.resolve(MARKER_FILE);
    if (Files.exists(directory)) {
      if (!Files.isDirectory(directory)) {
        throw new IOException("--dir " + directory + " is a file, not a directory");
      }
      if (!Files.exists(marker) && !isEmpty(directory)) {
        throw new IOException(
            "refusing to use "
                + directory
                + ": it is not empty and was not made by loupe bench"
                + " (no "
                + MARKER_FILE
                + " file); pass another --dir");
      }
    }
    Files.createDirectories(directory);
    Files.writeString(marker, "made by loupe bench; deleted with the directory unless --keep\n");
    return directory;
  }

  /**
   * Deletes the bench directory unless --keep, or unless the run failed: then its logs tell why.
   */
  private void finish(Path directory, boolean failed) {
    if (options.keep()) {
      log.println("==> kept " + directory + " (--keep)");
      return;
    }
    if (failed) {
      log.println("==> kept " + directory + " for its logs (" + SERVER_LOG + "): the run failed");
      return;
    }
    try {
      deleteRecursively(directory);
      log.println("==> deleted " + directory + " (pass --keep to keep it)");
    } catch (IOException | UncheckedIOException failure) {
      log.println("could not delete " + directory + ": " + failure.getMessage());
    }
  }

  private static boolean isEmpty(Path directory) throws IOException {
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.findAny().isEmpty();
    }
  }

  static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(root)) {
      paths = new ArrayList<>(walk.sorted(Comparator.reverseOrder()).toList());
    }
    for (Path path : paths) {
      try {
        Files.deleteIfExists(path);
      } catch (DirectoryNotEmptyException raced) {
        throw new IOException(
            "could not delete " + path + ": something wrote into it meanwhile", raced);
      }
    }
  }

  private static String describe(Exception failure) {
    String message = failure.getMessage() == null ? failure.toString() : failure.getMessage();
    if (failure instanceof java.net.ConnectException) {
      return "lost the connection to the server (" + message + "); see " + SERVER_LOG;
    }
    return message;
  }
}
