package dev.loupe.ingest;

import dev.loupe.core.LogRecord;
import java.util.List;

/**
 * Receives the records of a body in batches, in body order, on the thread that runs the decoder,
 * one call at a time. The list belongs to the sink once handed over: the decoder never touches it
 * again. An exception thrown here (storage full, shutting down) stops decoding and reaches the
 * decoder's caller unchanged; the batches accepted before it stay accepted.
 */
@FunctionalInterface
public interface BatchSink {
  void accept(List<LogRecord> batch);
}
