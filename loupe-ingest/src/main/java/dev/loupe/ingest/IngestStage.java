package dev.loupe.ingest;

import dev.loupe.core.LogRecord;
import java.util.List;

/**
 * One step of the {@link IngestPipeline} between the decoders and storage: pattern ids, level
 * normalisation, redaction, derived metrics. Called concurrently from every ingest thread, so
 * implementations are thread-safe; they must be fast (they run on the ingest path before the WAL)
 * and must not block on I/O.
 */
@FunctionalInterface
public interface IngestStage {
  /**
   * Returns the batch to hand on: the same list, or a new one with changed records. Records are
   * immutable values, so a stage that changes one builds a new record. A stage never drops a record
   * silently: what it cannot handle it passes on unchanged.
   */
  List<LogRecord> process(List<LogRecord> batch);
}
