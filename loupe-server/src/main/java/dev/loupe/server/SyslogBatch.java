package dev.loupe.server;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.LogRecord;
import dev.loupe.core.Timestamps;
import dev.loupe.ingest.BatchSink;
import dev.loupe.ingest.Limits;
import dev.loupe.ingest.decode.DecoderSyslog;
import dev.loupe.ingest.decode.SyslogFramer;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes the messages of one syslog connection (or of the UDP socket) and hands them to the
 * pipeline in batches: one batch per burst of reads, cut earlier at {@link
 * Limits#BATCH_MAX_RECORDS} records or {@link Limits#BATCH_MAX_BYTES} bytes.
 *
 * <p>Design note: syslog has no acknowledgements above TCP, so nothing forces a batch to be stored
 * before the next read; storing each message alone would cost one WAL fsync per line. The listener
 * calls {@link #flush} when a read leaves nothing more waiting in the socket, so a busy sender's
 * messages share one fsync while a quiet one's are stored at once; a batch waiting for its fsync
 * lets the next burst gather in the socket, so batches grow with load by themselves.
 *
 * <p>Not thread-safe: used by the one thread that reads the connection.
 */
final class SyslogBatch implements SyslogFramer.FrameSink {
  private static final Logger LOG = LoggerFactory.getLogger(SyslogBatch.class);

  private final DecoderSyslog decoder;
  private final BatchSink pipeline;
  private final InstantSource clock;
  private final ServerMetrics metrics;
  private final String peer;
  private List<LogRecord> records = new ArrayList<>();
  private long bytes;
  private long receiveTimeNanos;
  private int framesThisRead;

  SyslogBatch(
      DecoderSyslog decoder,
      BatchSink pipeline,
      InstantSource clock,
      ServerMetrics metrics,
      String peer) {
    this.decoder = requireNonNull(decoder, "decoder is null");
    this.pipeline = requireNonNull(pipeline, "pipeline is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.peer = requireNonNull(peer, "peer is null");
  }

  /** Call before the frames of each read: they get its receive time. */
  void startRead() {
    receiveTimeNanos = Timestamps.toNanos(clock.instant());
    framesThisRead = 0;
  }

  /**
   * Decodes one message. Messages without a time of their own get the read's receive time plus one
   * nanosecond per message before them in the read, so that sorting by time keeps their order.
   */
  @Override
  public void frame(byte[] frameBytes, int offset, int length, long originalLength) {
    long malformedBefore = decoder.malformed();
    records.add(
        decoder.decode(
            frameBytes, offset, length, originalLength, receiveTimeNanos + framesThisRead));
    framesThisRead++;
    if (decoder.malformed() != malformedBefore) {
      metrics.syslogMessagesMalformed.increment();
    }
    bytes += length;
    if (records.size() >= Limits.BATCH_MAX_RECORDS || bytes >= Limits.BATCH_MAX_BYTES) {
      flush();
    }
  }

  @Override
  public void rejected(String reason) {
    metrics.syslogMessagesRejected.increment();
    LOG.warn("syslog message from {} rejected: {}", peer, reason);
  }

  /**
   * Hands the gathered records to the pipeline; returns once they are stored (in the fsynced WAL).
   * A refusal (disk full, server stopping) counts them rejected and reaches the caller.
   */
  void flush() {
    if (records.isEmpty()) {
      return;
    }
    List<LogRecord> full = records;
    records = new ArrayList<>();
    bytes = 0;
    try {
      pipeline.accept(full);
    } catch (RuntimeException refused) {
      metrics.syslogMessagesRejected.add(full.size());
      throw refused;
    }
    metrics.syslogMessagesAccepted.add(full.size());
  }

  /** Records decoded but not yet handed to the pipeline. */
  int pending() {
    return records.size();
  }
}
