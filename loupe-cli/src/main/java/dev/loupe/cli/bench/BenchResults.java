package dev.loupe.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The figures of one bench run, filled in step by step. A step that failed or did not run leaves
 * its figures empty, and the report shows them as not measured; failures are kept in order. Used by
 * the bench's one thread.
 */
final class BenchResults {
  private DatasetSummary dataset;
  private long firstReadyNanos = -1;
  private IngestFigures ingest;
  private VisibilityFigures visibility;
  private MemoryFigures memory;
  private DiskFigures disk;
  private ZstdFigures zstd;
  private boolean zstdMissing;
  private NeedleFigures needle;
  private CountFigures count;
  private RestartFigures restart;
  private TailFigures tail;
  private final List<QueryFigures> queries = new ArrayList<>();
  private final List<ProtocolOutcome> protocols = new ArrayList<>();
  private boolean mainPhase = true;
  private long protocolLines;
  private int protocolClients;
  private int protocolBatchLines;

  /**
   * One protocol of the protocol phase: its figures, or why it has none (failed or skipped).
   *
   * @param figures the figures, or {@code null}
   * @param notMeasured why there are no figures, or {@code null}
   */
  record ProtocolOutcome(Protocol protocol, ProtocolFigures figures, String notMeasured) {}

  private final List<String> failures = new ArrayList<>();

  void dataset(DatasetSummary value) {
    dataset = value;
  }

  void firstReadyNanos(long value) {
    firstReadyNanos = value;
  }

  void ingest(IngestFigures value) {
    ingest = value;
  }

  void visibility(VisibilityFigures value) {
    visibility = value;
  }

  void memory(MemoryFigures value) {
    memory = value;
  }

  void disk(DiskFigures value) {
    disk = value;
  }

  void zstd(ZstdFigures value) {
    zstd = value;
  }

  void zstdMissing() {
    zstdMissing = true;
  }

  void needle(NeedleFigures value) {
    needle = value;
  }

  void count(CountFigures value) {
    count = value;
  }

  void restart(RestartFigures value) {
    restart = value;
  }

  void tail(TailFigures value) {
    tail = value;
  }

  void query(QueryFigures value) {
    queries.add(value);
  }

  /** The main phase (HTTP ingest, queries, restart) was not run: --protocols-only. */
  void withoutMainPhase() {
    mainPhase = false;
  }

  void protocolLines(long value) {
    protocolLines = value;
  }

  /** The connections and lines a batch of the protocol phase, for the section title. */
  void protocolSetup(int clients, int batchLines) {
    protocolClients = clients;
    protocolBatchLines = batchLines;
  }

  int protocolClients() {
    return protocolClients;
  }

  int protocolBatchLines() {
    return protocolBatchLines;
  }

  void protocol(ProtocolFigures value) {
    protocols.add(new ProtocolOutcome(value.protocol(), value, null));
  }

  void protocolFailed(Protocol protocol, String reason) {
    protocols.add(new ProtocolOutcome(protocol, null, "failed: " + reason));
  }

  void protocolSkipped(Protocol protocol, String reason) {
    protocols.add(new ProtocolOutcome(protocol, null, "not measured: " + reason));
  }

  boolean mainPhase() {
    return mainPhase;
  }

  long protocolLines() {
    return protocolLines;
  }

  /** The protocol phase's outcomes in the order they ran; empty when it did not run. */
  List<ProtocolOutcome> protocols() {
    return List.copyOf(protocols);
  }

  void fail(String failure) {
    failures.add(failure);
  }

  Optional<DatasetSummary> dataset() {
    return Optional.ofNullable(dataset);
  }

  long firstReadyNanos() {
    return firstReadyNanos;
  }

  Optional<IngestFigures> ingest() {
    return Optional.ofNullable(ingest);
  }

  Optional<VisibilityFigures> visibility() {
    return Optional.ofNullable(visibility);
  }

  Optional<MemoryFigures> memory() {
    return Optional.ofNullable(memory);
  }

  Optional<DiskFigures> disk() {
    return Optional.ofNullable(disk);
  }

  Optional<ZstdFigures> zstd() {
    return Optional.ofNullable(zstd);
  }

  boolean isZstdMissing() {
    return zstdMissing;
  }

  Optional<NeedleFigures> needle() {
    return Optional.ofNullable(needle);
  }

  Optional<CountFigures> count() {
    return Optional.ofNullable(count);
  }

  Optional<RestartFigures> restart() {
    return Optional.ofNullable(restart);
  }

  Optional<TailFigures> tail() {
    return Optional.ofNullable(tail);
  }

  /** The query step's figures in the order they ran. */
  List<QueryFigures> queries() {
    return List.copyOf(queries);
  }

  List<String> failures() {
    return List.copyOf(failures);
  }
}
