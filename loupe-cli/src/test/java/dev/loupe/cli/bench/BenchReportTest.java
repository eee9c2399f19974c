package dev.loupe.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BenchReportTest {
  private static final BenchReport.RunFacts FACTS =
      new BenchReport.RunFacts(
          "2026-11-22T10:00:00Z",
          "loupe bench --lines 200000",
          new MachineInfo(2, 24L << 30, "Test CPU", "Linux", "Java 25"),
          "java -Xmx512m -jar loupe.jar serve");

  @Test
  void judgesEveryFigureWithATarget() {
    Map<String, Report.Row> rows = rows(BenchReport.build(fullResults(), FACTS));

    assertThat(rows.get("ingest rate").verdict()).isEqualTo(Verdict.MET);
    assertThat(rows.get("acknowledgement p99").verdict()).isEqualTo(Verdict.MISSED);
    assertThat(rows.get("acknowledged to visible p99").verdict()).isEqualTo(Verdict.MET);
    assertThat(rows.get("stored vs zstd -3 of raw.log").verdict()).isEqualTo(Verdict.MET);
    assertThat(rows.get("speed-up vs grep -F").verdict()).isEqualTo(Verdict.MET);
    assertThat(rows.get("speed-up vs grep -F").measured()).isEqualTo("50.0×");
    assertThat(rows.get("peak RSS while ingesting").verdict()).isEqualTo(Verdict.MISSED);
    assertThat(rows.get("restart to ready, 20.0 MB stored").verdict()).isEqualTo(Verdict.MET);
    assertThat(rows.get("Loupe warm median").verdict()).isEqualTo(Verdict.MET);
    assertThat(rows.get("acknowledged to received p99").verdict()).isEqualTo(Verdict.MET);
    assertThat(rows.get("count by status, warm median of 10").verdict()).isEqualTo(Verdict.MISSED);
    assertThat(rows.get("count by status, warm median of 10").measured())
        .isEqualTo("1.20 s (server 1.20 s), cold 2.00 s");
    assertThat(rows.get("regex search, warm median of 10").verdict()).isEqualTo(Verdict.NONE);
    assertThat(rows.get("regex search, rows").measured()).isEqualTo("5: the planted needle lines");
  }

  @Test
  void tailLinesNeverReceivedMissTheTailTarget() {
    BenchResults results = fullResults();
    results.tail(
        new TailFigures(
            10, 2, 0, 0, 5_000_000_000L, latencies(10_000_000), latencies(20_000_000), "broke"));

    Report report = BenchReport.build(results, FACTS);
    Report.Row row = rows(report).get("acknowledged to received p99");

    assertThat(row.verdict()).isEqualTo(Verdict.MISSED);
    assertThat(row.measured()).isEqualTo("2 never received");
    assertThat(report.notes()).contains("The tail probe failed: broke");
  }

  @Test
  void showsTheFactsTheMarkdownNeeds() {
    Report report = BenchReport.build(fullResults(), FACTS);

    assertThat(report.title()).isEqualTo("loupe bench, 2026-11-22T10:00:00Z");
    assertThat(report.facts())
        .extracting(Report.Fact::name)
        .containsExactly(
            "command",
            "machine",
            "java",
            "server",
            "data set",
            "files",
            "generation",
            "needle and common term");
    assertThat(report.facts().get(4).value())
        .isEqualTo("200,000 lines (40 % access, 45 % app JSON, 15 % syslog), seed 42");
    assertThat(report.facts().get(1).value()).startsWith("2 cores (Test CPU), 24.0 GiB memory");
  }

  @Test
  void explainsAcknowledgementLatencyByQueueing() {
    Report report = BenchReport.build(fullResults(), FACTS);

    // 4 clients x 5000 lines at 400 k lines/s: 50 ms a request
    assertThat(report.notes()).anyMatch(note -> note.contains("wait about 50.0 ms a request"));
  }

  @Test
  void stepsThatDidNotRunAreNotMeasured() {
    BenchResults results = new BenchResults();
    results.fail("the server exited with code 1 before it was ready");

    Report report = BenchReport.build(results, FACTS);

    assertThat(report.count(Verdict.MET)).isZero();
    // ingest 2, visibility, tail, disk, needle, queries, memory, restart
    assertThat(report.count(Verdict.NOT_MEASURED)).isEqualTo(9);
    assertThat(report.failures())
        .containsExactly("the server exited with code 1 before it was ready");
  }

  @Test
  void missingZstdIsSaidNotCrashedOn() {
    BenchResults results = fullResults();
    BenchResults withoutZstd = new BenchResults();
    results.disk().ifPresent(withoutZstd::disk);
    withoutZstd.zstdMissing();

    Report report = BenchReport.build(withoutZstd, FACTS);

    assertThat(rows(report).get("stored vs zstd -3 of raw.log").measured())
        .isEqualTo("zstd not installed");
    assertThat(report.notes()).anyMatch(note -> note.contains("zstd is not installed"));
  }

  @Test
  void probesNeverSeenMissTheVisibilityTarget() {
    BenchResults results = fullResults();
    results.visibility(
        new VisibilityFigures(
            10,
            1,
            30_000_000_000L,
            latencies(50_000_000),
            latencies(60_000_000),
            latencies(5_000_000),
            null));

    Report.Row row = rows(BenchReport.build(results, FACTS)).get("acknowledged to visible p99");

    assertThat(row.verdict()).isEqualTo(Verdict.MISSED);
    assertThat(row.measured()).isEqualTo("1 never visible");
  }

  @Test
  void protocolRowsJudgeTheVisibleRateWhereTheIssueSetsATarget() {
    BenchResults results = new BenchResults();
    results.withoutMainPhase();
    results.protocolLines(200_000);
    results.protocolSetup(4, 2_000);
    // 200,000 lines visible in 0.8 s: 250 k lines/s; acknowledged in 0.5 s
    results.protocol(figures(Protocol.SYSLOG_TCP, 500_000_000L, 800_000_000L));
    // 2 s to visible: 100 k lines/s, under the target
    results.protocol(figures(Protocol.ES_BULK, 1_500_000_000L, 2_000_000_000L));
    results.protocol(figures(Protocol.OTLP_HTTP, 1_000_000_000L, 4_000_000_000L));
    results.protocolSkipped(Protocol.KAFKA, "needs --kafka-bootstrap HOST:PORT of a broker");

    Report report = BenchReport.build(results, FACTS);
    Map<String, Report.Row> rows = rows(report);

    assertThat(report.sections()).hasSize(1);
    assertThat(report.sections().get(0).title())
        .isEqualTo("Protocols (200,000 lines each, 4 connections, 2,000 lines a batch)");
    Report.Row syslog = rows.get(Protocol.SYSLOG_TCP.title());
    assertThat(syslog.measured()).isEqualTo("250.0 k lines/s (200,000 in 800 ms)");
    assertThat(syslog.target()).isEqualTo("≥ 200 k lines/s");
    assertThat(syslog.verdict()).isEqualTo(Verdict.MET);
    assertThat(rows.get("syslog-tcp: written to the sockets").measured())
        .isEqualTo("400.0 k lines/s in 500 ms");
    assertThat(rows.get(Protocol.ES_BULK.title()).verdict()).isEqualTo(Verdict.MISSED);
    assertThat(rows.get(Protocol.OTLP_HTTP.title()).verdict()).isEqualTo(Verdict.NONE);
    assertThat(rows.get("otlp-http: on the wire").measured())
        .isEqualTo("50.0 MB (250.0 B a line), 100 batches");
    assertThat(rows.get(Protocol.KAFKA.title()).measured())
        .isEqualTo("not measured: needs --kafka-bootstrap HOST:PORT of a broker");
    assertThat(report.count(Verdict.MET)).isEqualTo(1);
    assertThat(report.count(Verdict.MISSED)).isEqualTo(1);
  }

  @Test
  void aFailedProtocolIsNotMeasuredAgainstItsTarget() {
    BenchResults results = new BenchResults();
    results.protocolFailed(Protocol.ES_BULK, "the _bulk answer holds errors");

    Report.Row row = rows(BenchReport.build(results, FACTS)).get(Protocol.ES_BULK.title());

    assertThat(row.measured()).isEqualTo("failed: the _bulk answer holds errors");
    assertThat(row.verdict()).isEqualTo(Verdict.NOT_MEASURED);
  }

  private static ProtocolFigures figures(Protocol protocol, long acknowledged, long visible) {
    return new ProtocolFigures(protocol, 200_000, 100, 50_000_000, 4, 2_000, acknowledged, visible);
  }

  private static Map<String, Report.Row> rows(Report report) {
    return report.sections().stream()
        .flatMap(section -> section.rows().stream())
        .collect(
            Collectors.toMap(Report.Row::figure, Function.identity(), (first, second) -> first));
  }

  private static Latencies latencies(long nanos) {
    return new Latencies(10, nanos / 2, nanos, nanos, nanos);
  }

  private static BenchResults fullResults() {
    BenchResults results = new BenchResults();
    results.dataset(
        new DatasetSummary(
            new DatasetSpec(200_000, 42, 1_795_000_000_000_000_000L, 7_200_000_000_000L),
            39_000_000,
            82_000_000,
            80_000,
            90_000,
            30_000,
            "NEEDLE0123456789",
            List.of("1", "2", "3", "4", "5"),
            "GET",
            97_000,
            250_000_000));
    results.firstReadyNanos(900_000_000);
    results.ingest(
        new IngestFigures(
            200_000, 82_000_000, 40, 0, null, 500_000_000, 4, 5_000, latencies(45_000_000)));
    results.visibility(
        new VisibilityFigures(
            10,
            0,
            30_000_000_000L,
            latencies(300_000_000),
            latencies(340_000_000),
            latencies(4_000_000),
            null));
    results.memory(
        new MemoryFigures(400L << 20, 900L << 20, 850L << 20, 8, 450L << 20, 950L << 20));
    results.disk(new DiskFigures(20_000_000, 200_010, 3, 0, 0, 5, 2_000_000_000L, 200_010));
    results.zstd(
        new ZstdFigures(
            new ExternalTool.Run(0, 25_000_000, 90_000, "", 150_000_000),
            new ExternalTool.Run(0, 30_000_000, 100_000, "", 300_000_000),
            200_000));
    results.needle(
        new NeedleFigures(
            "NEEDLE0123456789",
            20_000_000,
            latencies(2_000_000),
            latencies(1_000_000),
            5,
            5,
            95,
            100,
            true,
            latencies(100_000_000),
            5));
    results.count(
        new CountFigures(
            "GET",
            97_000,
            97_000,
            90_000_000,
            latencies(60_000_000),
            latencies(55_000_000),
            97_000,
            latencies(120_000_000)));
    results.tail(
        new TailFigures(
            50, 0, 48, 0, 5_000_000_000L, latencies(3_000_000), latencies(8_000_000), null));
    results.query(
        new QueryFigures(
            "count by status",
            BenchRun.COUNT_BY_STATUS,
            2_000_000_000L,
            latencies(1_200_000_000L),
            latencies(1_200_000_000L),
            9,
            "counts sum to 200,010, every stored line"));
    results.query(
        new QueryFigures(
            "regex search",
            BenchRun.REGEX_SEARCH,
            900_000_000,
            latencies(800_000_000),
            latencies(790_000_000),
            5,
            "the planted needle lines"));
    results.restart(
        new RestartFigures(
            900_000_000, 300_000_000, false, 1_200_000_000, 1_300_000_000, 20_000_000));
    return results;
  }
}
