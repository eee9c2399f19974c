package dev.loupe.ingest.decode;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.LogRecord;
import dev.loupe.ingest.BatchSink;
import dev.loupe.ingest.IngestResult;
import dev.loupe.ingest.LineError;
import java.util.ArrayList;
import java.util.List;

/**
 * Gathers the outcome of one body: accepted records go to the sink in batches bounded by count and
 * by bytes, rejected lines are counted and the first few kept with their reasons. Not thread-safe:
 * one instance per body.
 */
final class RecordCollector {
  /** A batch list starts small so that tiny requests do not allocate a full batch. */
  private static final int INITIAL_BATCH_CAPACITY = 256;

  private final BatchSink sink;
  private final int maxFirstErrors;
  private final int batchMaxRecords;
  private final long batchMaxBytes;
  private final List<LineError> firstErrors = new ArrayList<>();
  private List<LogRecord> batch;
  private long batchBytes;
  private long accepted;
  private long rejected;
  private long stored;
  private String lastRejectionReason;

  RecordCollector(BatchSink sink, int maxFirstErrors, int batchMaxRecords, long batchMaxBytes) {
    this.sink = requireNonNull(sink, "sink is null");
    if (batchMaxRecords < 1 || batchMaxBytes < 1) {
      throw new IllegalArgumentException(
          "batch bounds must be positive: records=" + batchMaxRecords + " bytes=" + batchMaxBytes);
    }
    this.maxFirstErrors = maxFirstErrors;
    this.batchMaxRecords = batchMaxRecords;
    this.batchMaxBytes = batchMaxBytes;
    this.batch = newBatch();
  }

  /** Adds a record decoded from a line of {@code lineBytes} bytes; may hand a batch to the sink. */
  void accept(LogRecord record, int lineBytes) {
    batch.add(record);
    accepted++;
    batchBytes += lineBytes;
    if (batch.size() >= batchMaxRecords || batchBytes >= batchMaxBytes) {
      flush();
    }
  }

  void reject(long lineNumber, String reason) {
    rejected++;
    lastRejectionReason = reason;
    if (firstErrors.size() < maxFirstErrors) {
      firstErrors.add(new LineError(lineNumber, reason));
    }
  }

  /** Records accepted so far, stored or still in the open batch. */
  long accepted() {
    return accepted;
  }

  /** Lines rejected so far. */
  long rejected() {
    return rejected;
  }

  /**
   * The reason of the most recent rejection, or null before the first: protocols that answer per
   * item (Elasticsearch {@code _bulk}) quote it for the item whose line was just rejected.
   */
  String lastRejectionReason() {
    return lastRejectionReason;
  }

  /** Records already handed to the sink. */
  long stored() {
    return stored;
  }

  /** Hands the last batch to the sink; call once, after the body is read. */
  IngestResult finish() {
    if (!batch.isEmpty()) {
      flush();
    }
    return new IngestResult(accepted, rejected, firstErrors);
  }

  private void flush() {
    List<LogRecord> full = batch;
    batch = newBatch();
    batchBytes = 0;
    sink.accept(full);
    stored += full.size();
  }

  private List<LogRecord> newBatch() {
    return new ArrayList<>(Math.min(batchMaxRecords, INITIAL_BATCH_CAPACITY));
  }
}
