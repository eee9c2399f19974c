package dev.loupe.ingest;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.LogRecord;
import java.util.List;

/**
 * The one path every protocol's records take to storage: each {@link IngestStage} in order, then
 * the store. Protocol adapters (HTTP, syslog, OTLP, Kafka, ...) are thin: they decode and hand
 * batches here, so a stage added once applies to every source.
 *
 * <p>Thread-safe when its stages are. {@link #accept} returns once the store has accepted the batch
 * (for the embedded store: once it is in the fsynced WAL), so a caller that acknowledges after it
 * never acknowledges a lost record.
 */
public final class IngestPipeline implements BatchSink {
  private final List<IngestStage> stages;
  private final BatchSink store;

  /**
   * @param stages applied in this order to every batch
   * @param store where the processed batch goes ({@code storage::append} in a server)
   */
  public IngestPipeline(List<IngestStage> stages, BatchSink store) {
    this.stages = List.copyOf(requireNonNull(stages, "stages is null"));
    this.store = requireNonNull(store, "store is null");
  }

  @Override
  public void accept(List<LogRecord> batch) {
    if (batch.isEmpty()) {
      return;
    }
    List<LogRecord> current = batch;
    for (IngestStage stage : stages) {
      current = stage.process(current);
    }
    store.accept(current);
  }
}
