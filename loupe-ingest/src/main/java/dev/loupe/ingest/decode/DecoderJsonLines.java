package dev.loupe.ingest.decode;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.loupe.ingest.BatchSink;
import dev.loupe.ingest.Decoder;
import dev.loupe.ingest.IngestLimits;
import dev.loupe.ingest.IngestParameters;
import dev.loupe.ingest.IngestResult;
import dev.loupe.ingest.Limits;
import dev.loupe.ingest.StreamCache;
import java.io.IOException;
import java.io.InputStream;

/**
 * Decodes newline-delimited JSON ("JSON lines", "ndjson"): one JSON object a line, the format of
 * VictoriaLogs' {@code /insert/jsonline} and of most log shippers' HTTP outputs.
 *
 * <p>How a line becomes a record:
 *
 * <ul>
 *   <li>Nested objects are flattened with dotted names: {@code {"http":{"status":500}}} gives
 *       {@code http.status=500}. Empty objects give no field. Arrays are kept as their JSON text,
 *       exactly as written ({@code [1, 2]}); objects inside arrays are not flattened. Strings are
 *       unescaped; numbers keep their text as written ({@code 1.50} stays {@code 1.50}); booleans
 *       become {@code true}/{@code false}; null fields are dropped. Duplicate names are all kept,
 *       in order. Field order is the order of the line. {@code {}} is a record like any other:
 *       empty message, receive time, no fields.
 *   <li>{@code _time}: the first of {@link IngestParameters#timeFields()} present (after
 *       flattening, so {@code event.created} works), read by {@link TimeParser}: RFC 3339 or Unix
 *       time in s/ms/µs/ns chosen by magnitude. None present, an empty value, or {@code 0}: the
 *       receive time. An unreadable time rejects the line.
 *   <li>{@code _msg}: the first of {@link IngestParameters#messageFields()} present; none present
 *       gives the empty string (VictoriaLogs does the same), so a record is never lost for want of
 *       a message.
 *   <li>The chosen time and message fields are removed from the fields (they become {@code _time}
 *       and {@code _msg}, as in VictoriaLogs); other candidates stay as ordinary fields. Fields
 *       named like a derived field ({@code _time}, {@code _msg}, {@code _stream}, {@code
 *       _stream_id}, {@code _tenant}) that were not chosen are dropped: stored, they would shadow
 *       the real ones. Other names starting with {@code _} are kept.
 *   <li>{@code _stream}: the labels are the {@link IngestParameters#streamFields()} present with a
 *       non-empty value. Those fields also stay in the record as ordinary fields, so {@code
 *       host:web-1} finds a record whether or not {@code host} is a stream label.
 * </ul>
 *
 * <p>Per line, what goes wrong rejects that line only, and the others are kept: invalid JSON (the
 * reason gives the column), a line that is not one object, a line longer than {@link
 * IngestLimits#maxLineBytes()} (skipped without being buffered), more than {@link
 * IngestLimits#maxFieldsPerRecord()} fields, an unreadable time, and what Jackson's default {@code
 * StreamReadConstraints} refuse (nesting deeper than about a thousand levels, numbers of more than
 * a thousand digits). Line numbers are 1-based and count every line of the body, empty ones
 * included. Empty and blank lines are skipped silently. Invalid UTF-8 is replaced with U+FFFD,
 * never rejected. A UTF-8 byte order mark before a line is ignored.
 *
 * <p>Design note: the body is split into lines on bytes ({@link LineReader}) and each line's bytes
 * are fed in place to one non-blocking Jackson parser reused from line to line ({@link
 * JsonLinesSession} says how a bad line still gets a parser of its own), so the per-line
 * allocations are what the record keeps (its strings, fields and list); only rare paths (invalid
 * UTF-8, arrays, bad lines) allocate more. Field names come out of Jackson's symbol table and
 * {@link DottedNames} as shared instances; stream ids are resolved through {@link StreamResolver}.
 * Each line is still parsed on its own (fed alone, then checked complete), which is what lets a bad
 * line be rejected without losing the rest.
 *
 * <p>Thread-safe and immutable; each {@link #decode} call has its own buffers.
 */
public final class DecoderJsonLines implements Decoder {
  /**
   * Shared by every call: a JsonFactory is thread-safe, and its root symbol table is what makes
   * field names shared instances across lines and requests. Names are canonicalized but not
   * interned: interning would let a body of random keys grow the JVM's string table.
   */
  private static final JsonFactory JSON_FACTORY =
      JsonFactory.builder()
          .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
          .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          .build();

  private final IngestLimits limits;
  private final StreamCache streamCache;
  private final int batchMaxRecords;
  private final long batchMaxBytes;
  private final boolean reuseParser;

  public DecoderJsonLines(IngestLimits limits, StreamCache streamCache) {
    this(limits, streamCache, Limits.BATCH_MAX_RECORDS, Limits.BATCH_MAX_BYTES);
  }

  /**
   * With {@code reuseParser} false every line gets a parser of its own (see {@link
   * JsonLinesSession}), so that tests can hold both paths to the same results.
   */
  DecoderJsonLines(IngestLimits limits, StreamCache streamCache, boolean reuseParser) {
    this(limits, streamCache, Limits.BATCH_MAX_RECORDS, Limits.BATCH_MAX_BYTES, reuseParser);
  }

  /** With other batch bounds, so that tests can see batching on small bodies. */
  DecoderJsonLines(
      IngestLimits limits, StreamCache streamCache, int batchMaxRecords, long batchMaxBytes) {
    this(limits, streamCache, batchMaxRecords, batchMaxBytes, true);
  }

  private DecoderJsonLines(
      IngestLimits limits,
      StreamCache streamCache,
      int batchMaxRecords,
      long batchMaxBytes,
      boolean reuseParser) {
    this.limits = requireNonNull(limits, "limits is null");
    this.streamCache = requireNonNull(streamCache, "streamCache is null");
    if (batchMaxRecords < 1 || batchMaxBytes < 1) {
      throw new IllegalArgumentException(
          "batch bounds must be positive: records=" + batchMaxRecords + " bytes=" + batchMaxBytes);
    }
    this.batchMaxRecords = batchMaxRecords;
    this.batchMaxBytes = batchMaxBytes;
    this.reuseParser = reuseParser;
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
    try (JsonLinesSession session =
        new JsonLinesSession(
            JSON_FACTORY,
            parameters,
            limits.maxFieldsPerRecord(),
            limits.maxLineBytes(),
            streamResolver,
            collector,
            reuseParser)) {
      LineReader reader =
          new LineReader(body, limits.maxBodyBytes(), limits.maxLineBytes(), collector::stored);
      reader.readAll(session);
    }
    return collector.finish();
  }
}
