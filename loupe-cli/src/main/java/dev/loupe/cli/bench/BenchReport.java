package dev.loupe.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns the figures of a run into the {@link Report}: one section a step, each figure next to its
 * target from issue 2, notes that say how to read the figures, and the run's failures. Pure: the
 * same results give the same report. Stateless.
 */
final class BenchReport {
  private static final double NOT_MEASURED = Double.NaN;

  /** Facts about the run that are not figures: when, how, on what. */
  record RunFacts(String date, String commandLine, MachineInfo machine, String serverCommand) {}

  private BenchReport() {}

  static Report build(BenchResults results, RunFacts facts) {
    List<Report.Section> sections = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    if (results.mainPhase()) {
      sections.add(ingest(results, notes));
      sections.add(visibility(results, notes));
      sections.add(tail(results, notes));
      sections.add(disk(results, notes));
      sections.add(needle(results));
      sections.add(count(results, notes));
      sections.add(queries(results));
      sections.add(memory(results));
      sections.add(start(results, notes));
    }
    if (!results.protocols().isEmpty()) {
      sections.add(protocols(results, notes));
    }
    return new Report(
        "loupe bench, " + facts.date(), facts(facts, results), sections, notes, results.failures());
  }

  private static List<Report.Fact> facts(RunFacts facts, BenchResults results) {
    List<Report.Fact> list = new ArrayList<>();
    list.add(new Report.Fact("command", "`" + facts.commandLine() + "`"));
    list.add(new Report.Fact("machine", facts.machine().describe()));
    list.add(new Report.Fact("java", facts.machine().java()));
    list.add(new Report.Fact("server", "`" + facts.serverCommand() + "`"));
    results.dataset().ifPresent(dataset -> list.addAll(datasetFacts(dataset)));
    return list;
  }

  private static List<Report.Fact> datasetFacts(DatasetSummary dataset) {
    long lines = dataset.lines();
    String mix =
        String.format(
            Locale.ROOT,
            "%s lines (%.0f %% access, %.0f %% app JSON, %.0f %% syslog), seed %d",
            Figures.count(lines),
            100.0 * dataset.accessLines() / lines,
            100.0 * dataset.appLines() / lines,
            100.0 * dataset.syslogLines() / lines,
            dataset.spec().seed());
    String files =
        "raw.log "
            + perLine(dataset.rawBytes(), lines)
            + ", data.ndjson "
            + perLine(dataset.ndjsonBytes(), lines);
    String generation =
        dataset.generationNanos() == 0
            ? "reused (--reuse-dataset)"
            : Figures.duration(dataset.generationNanos())
                + " ("
                + Figures.rate(lines * 1e9 / dataset.generationNanos())
                + " lines/s)";
    String planted =
        dataset.needle()
            + " in "
            + dataset.needleLines().size()
            + " lines; "
            + dataset.commonTerm()
            + " in "
            + Figures.count(dataset.commonTermLines())
            + " lines";
    return List.of(
        new Report.Fact("data set", mix),
        new Report.Fact("files", files),
        new Report.Fact("generation", generation),
        new Report.Fact("needle and common term", planted));
  }

  private static Report.Section ingest(BenchResults results, List<String> notes) {
    if (results.ingest().isEmpty()) {
      return new Report.Section(
          "Ingest",
          List.of(
              notMeasured("ingest rate", Target.INGEST_LINES_PER_SECOND),
              notMeasured("acknowledgement p99", Target.ACKNOWLEDGEMENT_P99_NANOS)));
    }
    IngestFigures ingest = results.ingest().get();
    Latencies acks = ingest.acknowledgements();
    List<Report.Row> rows = new ArrayList<>();
    rows.add(
        Report.Row.judged(
            "ingest rate",
            Figures.rate(ingest.linesPerSecond()) + " lines/s",
            Target.INGEST_LINES_PER_SECOND,
            ingest.linesPerSecond()));
    rows.add(
        Report.Row.info(
            "ingest throughput",
            Figures.decimal(ingest.bytesPerSecond() / 1e6) + " MB/s of NDJSON"));
    rows.add(
        Report.Row.info(
            "lines acknowledged",
            Figures.count(ingest.lines()) + " in " + Figures.duration(ingest.nanos())));
    rows.add(
        Report.Row.info(
            "requests of " + Figures.count(ingest.batchLines()) + " lines",
            Figures.count(ingest.requests())
                + ", "
                + Figures.bytes(ingest.averageBodyBytes())
                + " each"));
    rows.add(Report.Row.info("acknowledgement p50", Figures.duration(acks.p50Nanos())));
    rows.add(
        Report.Row.judged(
            "acknowledgement p99",
            Figures.duration(acks.p99Nanos()),
            Target.ACKNOWLEDGEMENT_P99_NANOS,
            acks.isEmpty() ? NOT_MEASURED : acks.p99Nanos()));
    if (ingest.rejected() > 0) {
      rows.add(Report.Row.info("rejected lines", Figures.count(ingest.rejected())));
    }
    double queueingNanos =
        ingest.clients() * (double) ingest.batchLines() / ingest.linesPerSecond() * 1e9;
    if (ingest.linesPerSecond() > 0) {
      notes.add(
          "Acknowledgement latency under full load is bounded below by queueing (Little's law): "
              + ingest.clients()
              + " clients with "
              + Figures.count(ingest.batchLines())
              + " lines in flight each, at the measured rate, wait about "
              + Figures.duration((long) queueingNanos)
              + " a request. Fewer --batch-lines or --clients lower it.");
    }
    return new Report.Section(
        "Ingest (" + ingest.clients() + " clients over HTTP/1.1 on loopback)", rows);
  }

  private static Report.Section visibility(BenchResults results, List<String> notes) {
    if (results.visibility().isEmpty()) {
      return new Report.Section(
          "Time to visible",
          List.of(notMeasured("acknowledged to visible p99", Target.VISIBLE_P99_NANOS)));
    }
    VisibilityFigures visibility = results.visibility().get();
    if (visibility.firstFailure() != null) {
      notes.add("A visibility probe failed: " + visibility.firstFailure());
    }
    Latencies acknowledged = visibility.acknowledgedToVisible();
    Latencies sent = visibility.sentToVisible();
    List<Report.Row> rows = new ArrayList<>();
    rows.add(Report.Row.info("probes", Figures.count(visibility.probes())));
    rows.add(
        Report.Row.info("acknowledged to visible p50", Figures.duration(acknowledged.p50Nanos())));
    double p99 =
        visibility.notVisible() > 0
            ? Double.POSITIVE_INFINITY
            : acknowledged.isEmpty() ? NOT_MEASURED : acknowledged.p99Nanos();
    String p99Text =
        visibility.notVisible() > 0
            ? visibility.notVisible() + " never visible"
            : Figures.duration(acknowledged.p99Nanos());
    rows.add(
        Report.Row.judged("acknowledged to visible p99", p99Text, Target.VISIBLE_P99_NANOS, p99));
    rows.add(
        Report.Row.info(
            "sent to visible p50 / p99",
            Figures.duration(sent.p50Nanos()) + " / " + Figures.duration(sent.p99Nanos())));
    Latencies small = visibility.sentToAcknowledged();
    rows.add(
        Report.Row.info(
            "one-line request acknowledged p50 / p99",
            Figures.duration(small.p50Nanos()) + " / " + Figures.duration(small.p99Nanos())));
    return new Report.Section(
        "Time to visible (a probe line every "
            + VisibilityProbe.INTERVAL_MILLIS
            + " ms during ingest, polled every "
            + VisibilityProbe.POLL_MILLIS
            + " ms)",
        rows);
  }

  private static Report.Section disk(BenchResults results, List<String> notes) {
    if (results.disk().isEmpty()) {
      return new Report.Section(
          "Disk",
          List.of(notMeasured("stored size vs zstd -3 of raw.log", Target.DISK_VERSUS_ZSTD_RAW)));
    }
    DiskFigures disk = results.disk().get();
    List<Report.Row> rows = new ArrayList<>();
    rows.add(
        Report.Row.info(
            "stored (parts)",
            Figures.bytes(disk.partBytes())
                + ", "
                + plural(disk.parts(), "part")
                + ", "
                + plural(disk.partRows(), "row")));
    rows.add(Report.Row.info("bytes a line", Figures.decimal(disk.bytesPerRow()) + " B"));
    rows.add(Report.Row.info("flush and merges", Figures.duration(disk.flushNanos())));
    if (results.zstd().isPresent()) {
      ZstdFigures zstd = results.zstd().get();
      double versusRaw = (double) disk.partBytes() / zstd.raw().outputBytes();
      rows.add(
          Report.Row.judged(
              "stored vs zstd -3 of raw.log",
              Figures.ratio(versusRaw) + " (zstd: " + Figures.bytes(zstd.raw().outputBytes()) + ")",
              Target.DISK_VERSUS_ZSTD_RAW,
              versusRaw));
      rows.add(
          Report.Row.info(
              "stored vs zstd -3 of data.ndjson",
              Figures.ratio((double) disk.partBytes() / zstd.ndjson().outputBytes())
                  + " (zstd: "
                  + Figures.bytes(zstd.ndjson().outputBytes())
                  + ")"));
      rows.add(
          Report.Row.info(
              "zstd -3 -T1 speed (raw / ndjson)",
              Figures.rate(zstd.rawLinesPerSecond())
                  + " / "
                  + Figures.rate(zstd.ndjsonLinesPerSecond())
                  + " lines/s"));
    } else {
      rows.add(
          new Report.Row(
              "stored vs zstd -3 of raw.log",
              results.isZstdMissing() ? "zstd not installed" : "not measured",
              Target.DISK_VERSUS_ZSTD_RAW.text(),
              Verdict.NOT_MEASURED));
      if (results.isZstdMissing()) {
        notes.add(
            "zstd is not installed: install it (apt-get install zstd) for the disk baseline.");
      }
    }
    return new Report.Section("Disk (after flush and merges, WAL excluded)", rows);
  }

  private static Report.Section needle(BenchResults results) {
    if (results.needle().isEmpty()) {
      return new Report.Section(
          "Needle search", List.of(notMeasured("speed-up vs grep -F", Target.NEEDLE_SPEEDUP)));
    }
    NeedleFigures needle = results.needle().get();
    List<Report.Row> rows = new ArrayList<>();
    rows.add(
        Report.Row.info(
            "rows returned",
            needle.rows()
                + (needle.matchesPlanted() ? ", the planted lines" : ", NOT the planted lines")));
    rows.add(Report.Row.info("Loupe cold", Figures.duration(needle.coldNanos())));
    rows.add(
        Report.Row.judged(
            "Loupe warm median",
            Figures.duration(needle.warmClient().p50Nanos()),
            Target.NEEDLE_WARM_NANOS,
            needle.warmClient().isEmpty() ? NOT_MEASURED : needle.warmClient().p50Nanos()));
    rows.add(
        Report.Row.info(
            "Loupe warm median (min) of " + needle.warmClient().count(),
            Figures.duration(needle.warmClient().p50Nanos())
                + " ("
                + Figures.duration(needle.warmClient().minNanos())
                + ")"));
    rows.add(
        Report.Row.info(
            "server duration_ms, warm median (min)",
            Figures.duration(needle.warmServer().p50Nanos())
                + " ("
                + Figures.duration(needle.warmServer().minNanos())
                + ")"));
    rows.add(
        Report.Row.info(
            "blocks scanned / skipped / total",
            Figures.count(needle.blocksScanned())
                + " / "
                + Figures.count(needle.blocksSkipped())
                + " / "
                + Figures.count(needle.blocksTotal())));
    rows.add(
        Report.Row.info(
            "grep -F raw.log, median of " + needle.grep().count(),
            needle.grep().isEmpty()
                ? "grep not installed"
                : Figures.duration(needle.grep().p50Nanos())
                    + ", "
                    + needle.grepLines()
                    + " lines"));
    rows.add(
        Report.Row.judged(
            "speed-up vs grep -F",
            Figures.ratio(needle.speedup()),
            Target.NEEDLE_SPEEDUP,
            needle.speedup()));
    rows.add(
        Report.Row.info("speed-up by server duration_ms", Figures.ratio(needle.serverSpeedup())));
    return new Report.Section("Needle search (" + needle.needle() + ", limit 100)", rows);
  }

  private static Report.Section count(BenchResults results, List<String> notes) {
    if (results.count().isEmpty()) {
      return new Report.Section(
          "Common term count", List.of(Report.Row.info("hits", "not measured")));
    }
    CountFigures count = results.count().get();
    notes.add(
        "Common term: Loupe counts lines holding the token "
            + count.term()
            + " (any case), grep -c -F lines holding the substring; the generator writes "
            + count.term()
            + " only as a whole upper-case word, so both count the same "
            + Figures.count(count.expected())
            + " lines.");
    return new Report.Section(
        "Common term count (" + count.term() + ")",
        List.of(
            Report.Row.info(
                "Loupe /api/v1/hits, warm median (cold)",
                Figures.count(count.hits())
                    + " in "
                    + Figures.duration(count.warmClient().p50Nanos())
                    + " ("
                    + Figures.duration(count.coldNanos())
                    + ")"),
            Report.Row.info(
                "server duration_ms, warm median", Figures.duration(count.warmServer().p50Nanos())),
            Report.Row.info(
                "grep -c -F raw.log, median of " + count.grep().count(),
                count.grep().isEmpty()
                    ? "grep not installed"
                    : Figures.count(count.grepCount())
                        + " in "
                        + Figures.duration(count.grep().p50Nanos())),
            Report.Row.info("speed-up vs grep -c -F", Figures.ratio(count.speedup()))));
  }

  private static Report.Section tail(BenchResults results, List<String> notes) {
    if (results.tail().isEmpty()) {
      return new Report.Section(
          "Live tail", List.of(notMeasured("acknowledged to received p99", Target.TAIL_P99_NANOS)));
    }
    TailFigures tail = results.tail().get();
    if (tail.firstFailure() != null) {
      notes.add("The tail probe failed: " + tail.firstFailure());
    }
    Latencies acknowledged = tail.acknowledgedToReceived();
    Latencies sent = tail.sentToReceived();
    double p99 =
        tail.missed() > 0
            ? Double.POSITIVE_INFINITY
            : acknowledged.isEmpty() ? NOT_MEASURED : acknowledged.p99Nanos();
    String p99Text =
        tail.missed() > 0
            ? tail.missed() + " never received"
            : Figures.duration(acknowledged.p99Nanos());
    List<Report.Row> rows = new ArrayList<>();
    rows.add(
        Report.Row.info(
            "lines sent / received before their acknowledgement",
            Figures.count(tail.probes()) + " / " + Figures.count(tail.beforeAcknowledgement())));
    rows.add(
        Report.Row.info("acknowledged to received p50", Figures.duration(acknowledged.p50Nanos())));
    rows.add(
        Report.Row.judged("acknowledged to received p99", p99Text, Target.TAIL_P99_NANOS, p99));
    rows.add(
        Report.Row.info(
            "sent to received p50 / p99",
            Figures.duration(sent.p50Nanos()) + " / " + Figures.duration(sent.p99Nanos())));
    if (tail.dropped() > 0) {
      rows.add(Report.Row.info("events dropped by the server", Figures.count(tail.dropped())));
    }
    notes.add(
        "Live tail: the server pushes a line when it is stored, before the acknowledgement; a line"
            + " received before its acknowledgement counts as 0 ms acknowledged to received.");
    return new Report.Section(
        "Live tail (GET /api/v1/tail?query="
            + TailProbe.QUERY
            + ", a probe line every "
            + TailProbe.INTERVAL_MILLIS
            + " ms during ingest)",
        rows);
  }

  private static Report.Section queries(BenchResults results) {
    List<QueryFigures> queries = results.queries();
    if (queries.isEmpty()) {
      return new Report.Section(
          "Queries", List.of(notMeasured("count by status, warm median", Target.COUNT_BY_NANOS)));
    }
    List<Report.Row> rows = new ArrayList<>();
    for (QueryFigures query : queries) {
      rows.add(Report.Row.info(query.name(), "`" + query.query() + "`"));
      String warm =
          Figures.duration(query.warmClient().p50Nanos())
              + " (server "
              + Figures.duration(query.warmServer().p50Nanos())
              + "), cold "
              + Figures.duration(query.coldNanos());
      String figure = query.name() + ", warm median of " + query.warmClient().count();
      if (query.query().equals(BenchRun.COUNT_BY_STATUS)) {
        double value = query.warmClient().isEmpty() ? NOT_MEASURED : query.warmClient().p50Nanos();
        rows.add(Report.Row.judged(figure, warm, Target.COUNT_BY_NANOS, value));
      } else {
        rows.add(Report.Row.info(figure, warm));
      }
      rows.add(
          Report.Row.info(
              query.name() + ", rows", Figures.count(query.rows()) + ": " + query.check()));
    }
    return new Report.Section("Queries (all time, 1 cold + warm runs)", rows);
  }

  private static Report.Section memory(BenchResults results) {
    if (results.memory().isEmpty()) {
      return new Report.Section(
          "Server memory", List.of(notMeasured("peak RSS while ingesting", Target.RESIDENT_BYTES)));
    }
    MemoryFigures memory = results.memory().get();
    long peak = memory.residentPeakIngestBytes();
    return new Report.Section(
        "Server memory",
        List.of(
            Report.Row.judged(
                "peak RSS while ingesting",
                Figures.memory(peak),
                Target.RESIDENT_BYTES,
                peak < 0 ? NOT_MEASURED : peak),
            Report.Row.info(
                "largest RSS sampled during ingest",
                Figures.memory(memory.residentSampledMaxBytes())
                    + " ("
                    + memory.samples()
                    + " samples)"),
            Report.Row.info(
                "peak heap while ingesting", Figures.memory(memory.heapPeakIngestBytes())),
            Report.Row.info(
                "peak RSS / heap over the run",
                Figures.memory(memory.residentPeakRunBytes())
                    + " / "
                    + Figures.memory(memory.heapPeakRunBytes()))));
  }

  private static Report.Section start(BenchResults results, List<String> notes) {
    List<Report.Row> rows = new ArrayList<>();
    if (results.firstReadyNanos() >= 0) {
      rows.add(
          Report.Row.info(
              "start to ready, empty data", Figures.duration(results.firstReadyNanos())));
    }
    if (results.restart().isEmpty()) {
      rows.add(notMeasured("restart to ready on stored data", Target.READY_NANOS));
      return new Report.Section("Start", rows);
    }
    RestartFigures restart = results.restart().get();
    rows.add(
        Report.Row.info(
            "stop (SIGTERM to exit)",
            Figures.duration(restart.stopNanos())
                + (restart.stopForced() ? ", KILLED after timeout" : "")));
    rows.add(
        Report.Row.judged(
            "restart to ready, " + Figures.bytes(restart.storedBytes()) + " stored",
            Figures.duration(restart.readyNanos()),
            Target.READY_NANOS,
            restart.readyNanos()));
    rows.add(
        Report.Row.info("restart to first query", Figures.duration(restart.firstQueryNanos())));
    notes.add(
        "The ready target is for 10 GB stored; this run stored "
            + Figures.bytes(restart.storedBytes())
            + ". Ready time includes the JVM start.");
    return new Report.Section("Start", rows);
  }

  /**
   * Issue 4's protocol rows: per protocol the visible rate (judged, for the protocols with a
   * target), then the acknowledged rate and the wire size as information.
   */
  static Report.Section protocols(BenchResults results, List<String> notes) {
    List<Report.Row> rows = new ArrayList<>();
    for (BenchResults.ProtocolOutcome outcome : results.protocols()) {
      Protocol protocol = outcome.protocol();
      Target target = protocol.target();
      if (outcome.figures() == null) {
        rows.add(
            new Report.Row(
                protocol.title(),
                outcome.notMeasured(),
                target == null ? "" : target.text(),
                target == null ? Verdict.NONE : Verdict.NOT_MEASURED));
        continue;
      }
      ProtocolFigures figures = outcome.figures();
      double visible = figures.visibleLinesPerSecond();
      String measured =
          Figures.rate(visible)
              + " lines/s ("
              + Figures.count(figures.lines())
              + " in "
              + Figures.duration(figures.visibleNanos())
              + ")";
      rows.add(
          target == null
              ? Report.Row.info(protocol.title(), measured)
              : Report.Row.judged(protocol.title(), measured, target, visible));
      rows.add(
          Report.Row.info(
              protocol.option() + ": " + acknowledgedWord(protocol),
              Figures.rate(figures.acknowledgedLinesPerSecond())
                  + " lines/s in "
                  + Figures.duration(figures.acknowledgedNanos())));
      rows.add(
          Report.Row.info(
              protocol.option() + ": on the wire",
              Figures.bytes(figures.wireBytes())
                  + " ("
                  + Figures.decimal(figures.wireBytesPerLine())
                  + " B a line), "
                  + Figures.count(figures.batches())
                  + " batches"));
    }
    notes.add(
        "Protocols: each runs on a fresh server; lines/s is the time from the first send until"
            + " /api/v1/hits counts every line (acknowledged and visible), judged against the"
            + " target; the batches are encoded before the clock starts. Syslog over TCP has no"
            + " acknowledgement: its second figure is the time to write every frame.");
    String title =
        "Protocols ("
            + Figures.count(results.protocolLines())
            + " lines each, "
            + results.protocolClients()
            + " connections, "
            + Figures.count(results.protocolBatchLines())
            + " lines a batch)";
    return new Report.Section(title, rows);
  }

  private static String acknowledgedWord(Protocol protocol) {
    return switch (protocol) {
      case SYSLOG_TCP -> "written to the sockets";
      case KAFKA -> "acknowledged by the broker";
      case OTLP_HTTP, ES_BULK -> "acknowledged";
    };
  }

  private static Report.Row notMeasured(String figure, Target target) {
    return new Report.Row(figure, "not measured", target.text(), Verdict.NOT_MEASURED);
  }

  private static String plural(long count, String noun) {
    return Figures.count(count) + " " + noun + (count == 1 ? "" : "s");
  }

  private static String perLine(long bytes, long lines) {
    return Figures.bytes(bytes) + " (" + Figures.decimal((double) bytes / lines) + " B a line)";
  }
}
