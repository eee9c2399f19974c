package dev.loupe.ingest.decode;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decodes the body of an Elasticsearch {@code _bulk} request, as Filebeat, Logstash, Fluent Bit,
 * Vector and every Elasticsearch client send it: newline-delimited JSON in pairs of an action line
 * ({@code {"create":{"_index":"logs"}}}) and a source line (the document).
 *
 * <ul>
 *   <li>{@code index} and {@code create} store their document; {@code update} and {@code delete}
 *       fail as items (Loupe keeps logs append-only), the first with its source line skipped. A
 *       line that is no action fails as an item and the line after it is skipped as its source.
 *   <li>A document becomes a record exactly as a line of {@link DecoderJsonLines} does, with the
 *       index in front as field {@value #INDEX_FIELD}, which is always a stream label besides the
 *       request's stream fields, and the client's {@code _id}, when given, as field {@value
 *       #ID_FIELD}. The time and message fields default to {@link #DEFAULT_TIME_FIELDS} and {@link
 *       #DEFAULT_MESSAGE_FIELDS}, the names the Elastic shippers write; the request's own {@code
 *       _time_field} and {@code _msg_field} replace them.
 *   <li>The index comes from the action's {@code _index}, else from the path ({@code
 *       /{index}/_bulk}); an action with neither fails, as in Elasticsearch.
 *   <li>Every action gets a {@link BulkItem} in {@link BulkResult#items()}, in body order, so that
 *       the response can answer item for item; the good documents of a body are stored whatever
 *       happens to the others.
 * </ul>
 *
 * <p>Thread-safe and immutable apart from a request counter; each call has its own buffers.
 */
public final class DecoderEsBulk implements Decoder {
  /** The field, and stream label, holding the index a document was sent to. */
  public static final String INDEX_FIELD = "_index";

  /** The field holding the {@code _id} a client gave a document. */
  public static final String ID_FIELD = "_id";

  /** Beats, Logstash and Fluent Bit write {@code @timestamp}; Vector writes {@code timestamp}. */
  public static final List<String> DEFAULT_TIME_FIELDS =
      List.of("@timestamp", FieldNames.TIME, "timestamp", "time");

  /**
   * Beats, Logstash and Vector write {@code message}; Fluent Bit's tail and Docker inputs {@code
   * log} (Filebeat's {@code log} is an object, flattened away, so it never competes).
   */
  public static final List<String> DEFAULT_MESSAGE_FIELDS =
      List.of("message", FieldNames.MESSAGE, "log", "msg");

  /** Configured like {@link DecoderJsonLines}'s factory, for the same reasons. */
  private static final JsonFactory JSON_FACTORY =
      JsonFactory.builder()
          .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
          .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          .build();

  private final IngestLimits limits;
  private final StreamCache streamCache;
  private final int batchMaxRecords;
  private final long batchMaxBytes;
  private final AtomicLong requests = new AtomicLong();

  public DecoderEsBulk(IngestLimits limits, StreamCache streamCache) {
    this(limits, streamCache, Limits.BATCH_MAX_RECORDS, Limits.BATCH_MAX_BYTES);
  }

  /** With other batch bounds, so that tests can see batching on small bodies. */
  DecoderEsBulk(
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

  /** The counts of {@link #decodeBulk} with no index from the path. */
  @Override
  public IngestResult decode(InputStream body, IngestParameters parameters, BatchSink sink)
      throws IOException {
    return decodeBulk(body, parameters, null, sink).summary();
  }

  /**
   * Reads the body to its end, handing records to {@code sink} in batches, and answers for every
   * action. Throws as {@link Decoder#decode} does (a body over the size limit, a corrupt compressed
   * body, the sink's refusal); the batches handed over before stay stored.
   *
   * @param parameters tenant, stream, time and message fields; time and message fields replace the
   *     defaults of this class, so pass {@link #DEFAULT_TIME_FIELDS} and {@link
   *     #DEFAULT_MESSAGE_FIELDS} unless the client chose others
   * @param defaultIndex the index of the path, for actions that name none; null when none
   */
  public BulkResult decodeBulk(
      InputStream body, IngestParameters parameters, String defaultIndex, BatchSink sink)
      throws IOException {
    requireNonNull(body, "body is null");
    requireNonNull(parameters, "parameters is null");
    BulkResult.IdSeed idSeed =
        new BulkResult.IdSeed(parameters.receiveTimeNanos(), requests.incrementAndGet());
    RecordCollector collector =
        new RecordCollector(sink, limits.maxFirstErrors(), batchMaxRecords, batchMaxBytes);
    StreamResolver streamResolver =
        new StreamResolver(parameters.tenant(), withIndexLabel(parameters), streamCache);
    JsonLinesSession documents =
        new JsonLinesSession(
            JSON_FACTORY,
            parameters,
            limits.maxFieldsPerRecord(),
            limits.maxLineBytes(),
            streamResolver,
            collector,
            true);
    List<BulkItem> items;
    try (EsBulkSession session =
        new EsBulkSession(
            JSON_FACTORY, documents, collector, defaultIndex, limits.maxLineBytes())) {
      LineReader reader =
          new LineReader(body, limits.maxBodyBytes(), limits.maxLineBytes(), collector::stored);
      reader.readAll(session);
      session.finish();
      items = session.items();
    }
    return new BulkResult(collector.finish(), items, idSeed);
  }

  private static List<String> withIndexLabel(IngestParameters parameters) {
    List<String> labels = new ArrayList<>(parameters.streamFields());
    if (!labels.contains(INDEX_FIELD)) {
      labels.add(INDEX_FIELD);
    }
    return labels;
  }
}
