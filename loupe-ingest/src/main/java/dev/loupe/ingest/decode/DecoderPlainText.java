package dev.loupe.ingest.decode;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.LogRecord;
import dev.loupe.core.Stream;
import dev.loupe.ingest.BatchSink;
import dev.loupe.ingest.Decoder;
import dev.loupe.ingest.IngestLimits;
import dev.loupe.ingest.IngestParameters;
import dev.loupe.ingest.IngestResult;
import dev.loupe.ingest.Limits;
import dev.loupe.ingest.MultilineJoiner;
import dev.loupe.ingest.StreamCache;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Decodes plain text: each event becomes a record whose {@code _msg} is its text. An event is one
 * line, without its {@code \n} or {@code \r\n}, or several lines joined with {@code \n} by a {@link
 * MultilineJoiner} following {@link IngestParameters#multiline()} (by default stack traces and
 * indented lines join the event before them; empty lines are dropped, never joined). Lines carry no
 * fields, so every record has the stream {@code {}} of the request's tenant (stream fields do not
 * apply) and no other fields. The time of an event whose first line is line {@code n} (1-based,
 * empty lines counted) is the receive time plus {@code n - 1} nanoseconds, so that sorting by time
 * keeps the order of the body. Invalid UTF-8 is replaced with U+FFFD. A line over {@link
 * IngestLimits#maxLineBytes()} is rejected with its line number and skipped (the event before it
 * ends there); a body over {@link IngestLimits#maxBodyBytes()} throws, as for every {@link
 * Decoder}.
 *
 * <p>Thread-safe and immutable; each {@link #decode} call has its own buffers.
 */
public final class DecoderPlainText implements Decoder {
  private final IngestLimits limits;
  private final StreamCache streamCache;
  private final int batchMaxRecords;
  private final long batchMaxBytes;

  public DecoderPlainText(IngestLimits limits, StreamCache streamCache) {
    this(limits, streamCache, Limits.BATCH_MAX_RECORDS, Limits.BATCH_MAX_BYTES);
  }

  /** With other batch bounds, so that tests can see batching on small bodies. */
  DecoderPlainText(
      IngestLimits limits, StreamCache streamCache, int batchMaxRecords, long batchMaxBytes) {
    this.limits = requireNonNull(limits, "limits is null");
    this.streamCache = requireNonNull(streamCache, "streamCache is null");
    if (batchMaxRecords < 1 || batchMaxBytes < 1) {
      throw new IllegalArgumentException(
          "batch bounds must be positive: records=" + batchMaxRecords + " bytes=" + batchMaxBytes);
    }
    this.batchMaxRecords = batchMaxRecords;
    this.batchMaxBytes = batchMaxBytes;
  }

  @Override
  public IngestResult decode(InputStream body, IngestParameters parameters, BatchSink sink)
      throws IOException {
    requireNonNull(body, "body is null");
    requireNonNull(parameters, "parameters is null");
    RecordCollector collector =
        new RecordCollector(sink, limits.maxFirstErrors(), batchMaxRecords, batchMaxBytes);
    Stream stream = streamCache.get(parameters.tenant(), Map.of());
    long receiveTimeNanos = parameters.receiveTimeNanos();
    String tooLongReason = Reasons.lineTooLong(limits.maxLineBytes());
    MultilineJoiner joiner =
        new MultilineJoiner(
            parameters.multiline(),
            limits,
            (bytes, offset, length, firstLineNumber, lineCount) -> {
              String message = new String(bytes, offset, length, StandardCharsets.UTF_8);
              long timeNanos = receiveTimeNanos + (firstLineNumber - 1);
              collector.accept(new LogRecord(stream, timeNanos, message, List.of()), length);
            });
    LineReader reader =
        new LineReader(body, limits.maxBodyBytes(), limits.maxLineBytes(), collector::stored);
    reader.readAll(
        new LineReader.LineConsumer() {
          @Override
          public void line(byte[] bytes, int offset, int length, long lineNumber)
              throws IOException {
            joiner.add(bytes, offset, length, lineNumber);
          }

          @Override
          public void lineTooLong(long lineNumber) throws IOException {
            joiner.flush();
            collector.reject(lineNumber, tooLongReason);
          }
        });
    joiner.flush();
    return collector.finish();
  }
}
