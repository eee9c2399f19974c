package dev.loupe.ingest.decode;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.FieldNames;
import dev.loupe.ingest.BatchSink;
import dev.loupe.ingest.Decoder;
import dev.loupe.ingest.IngestLimits;
import dev.loupe.ingest.IngestParameters;
import dev.loupe.ingest.IngestResult;
import dev.loupe.ingest.Limits;
import dev.loupe.ingest.StreamCache;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Decodes logfmt, one record a line: {@code ts=2024-05-01T12:00:00Z level=info msg="user logged in"
 * user=42 cached}, the format of Heroku, go-kit, Grafana and logrus's text formatter. {@link
 * LogfmtParser} says how a line splits into fields.
 *
 * <p>A line becomes a record with the rules of {@link DecoderJsonLines}: {@code _msg} from the
 * first of {@link IngestParameters#messageFields()} present ({@code _msg}, {@code message}, {@code
 * msg} by default), {@code _time} from the first of {@link IngestParameters#timeFields()} present
 * (by default {@code _time}, {@code timestamp}, {@code time}, {@code ts}, {@code @timestamp}:
 * go-kit writes {@code ts}, so logfmt adds it to the JSON defaults), stream labels from {@link
 * IngestParameters#streamFields()}, derived names dropped, field order kept, duplicate keys kept.
 * Keys are taken as written: {@code http.status} is already a flat dotted name. A line without any
 * {@code =} is not pairs but a message: it becomes a record with that {@code _msg} and no fields,
 * so text mixed into a logfmt stream is kept.
 *
 * <p>Per line, what goes wrong rejects that line only, with its line number and the column: a
 * syntax error ({@link LogfmtParser}), an unreadable time, more than {@link
 * IngestLimits#maxFieldsPerRecord()} fields, a line longer than {@link
 * IngestLimits#maxLineBytes()}. Empty and blank lines are skipped; a UTF-8 byte order mark before a
 * line is ignored; invalid UTF-8 is replaced with U+FFFD, never rejected.
 *
 * <p>Thread-safe and immutable; each {@link #decode} call has its own buffers.
 */
public final class DecoderLogfmt implements Decoder {
  /** The JSON defaults plus go-kit's {@code ts}; used when the request names no time field. */
  static final List<String> DEFAULT_TIME_FIELDS =
      List.of(FieldNames.TIME, "timestamp", "time", "ts", "@timestamp");

  private final IngestLimits limits;
  private final StreamCache streamCache;
  private final int batchMaxRecords;
  private final long batchMaxBytes;

  public DecoderLogfmt(IngestLimits limits, StreamCache streamCache) {
    this(limits, streamCache, Limits.BATCH_MAX_RECORDS, Limits.BATCH_MAX_BYTES);
  }

  /** With other batch bounds, so that tests can see batching on small bodies. */
  DecoderLogfmt(
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
    StreamResolver streamResolver =
        new StreamResolver(parameters.tenant(), parameters.streamFields(), streamCache);
    List<String> timeFields =
        parameters.timeFields().equals(IngestParameters.DEFAULT_TIME_FIELDS)
            ? DEFAULT_TIME_FIELDS
            : parameters.timeFields();
    RecordAssembler assembler =
        new RecordAssembler(
            timeFields,
            parameters.messageFields(),
            parameters.receiveTimeNanos(),
            limits.maxFieldsPerRecord(),
            streamResolver,
            collector);
    Session session =
        new Session(assembler, collector, parameters.receiveTimeNanos(), limits.maxLineBytes());
    new LineReader(body, limits.maxBodyBytes(), limits.maxLineBytes(), collector::stored)
        .readAll(session);
    return collector.finish();
  }

  /** The per-body state: the parser's buffer and the record being assembled. */
  private static final class Session implements LineReader.LineConsumer {
    private final RecordAssembler assembler;
    private final RecordCollector collector;
    private final long receiveTimeNanos;
    private final int maxLineBytes;
    private final LogfmtParser parser = new LogfmtParser();
    private final LogfmtParser.FieldSink fieldSink;

    Session(
        RecordAssembler assembler,
        RecordCollector collector,
        long receiveTimeNanos,
        int maxLineBytes) {
      this.assembler = assembler;
      this.collector = collector;
      this.receiveTimeNanos = receiveTimeNanos;
      this.maxLineBytes = maxLineBytes;
      this.fieldSink = assembler::add;
    }

    @Override
    public void line(byte[] bytes, int offset, int length, long lineNumber) {
      int end = offset + length;
      if (Utf8.skipBlanksAndByteOrderMark(bytes, offset, end) == end) {
        return;
      }
      if (Utf8.isValid(bytes, offset, length)) {
        decodeLine(bytes, offset, end, lineNumber);
        return;
      }
      byte[] repaired = Utf8.replaceInvalid(bytes, offset, length);
      decodeLine(repaired, 0, repaired.length, lineNumber);
    }

    @Override
    public void lineTooLong(long lineNumber) {
      collector.reject(lineNumber, Reasons.lineTooLong(maxLineBytes));
    }

    private void decodeLine(byte[] bytes, int lineStart, int end, long lineNumber) {
      int start = Utf8.skipBlanksAndByteOrderMark(bytes, lineStart, end);
      int lineBytes = end - lineStart;
      assembler.start();
      String rejection;
      if (LogfmtParser.hasPair(bytes, start, end)) {
        rejection = parser.parse(bytes, lineStart, start, end, fieldSink);
        if (rejection == null) {
          rejection = assembler.finish(receiveTimeNanos, "", lineBytes);
        }
      } else {
        String message = new String(bytes, start, end - start, StandardCharsets.UTF_8);
        rejection = assembler.finish(receiveTimeNanos, message, lineBytes);
      }
      if (rejection != null) {
        collector.reject(lineNumber, Reasons.bounded(rejection));
      }
    }
  }
}
