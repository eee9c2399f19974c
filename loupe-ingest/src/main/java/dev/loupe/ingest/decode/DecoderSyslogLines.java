package dev.loupe.ingest.decode;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LogRecord;
import dev.loupe.core.LoupeException;
import dev.loupe.ingest.BatchSink;
import dev.loupe.ingest.Decoder;
import dev.loupe.ingest.IngestLimits;
import dev.loupe.ingest.IngestParameters;
import dev.loupe.ingest.IngestResult;
import dev.loupe.ingest.Limits;
import dev.loupe.ingest.StreamCache;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;

/**
 * Decodes a body of syslog messages (HTTP {@code _format=syslog}, {@code loupe ingest --format
 * syslog}) into records exactly as the syslog listeners do: each message goes through a {@link
 * DecoderSyslog}, RFC 5424 or RFC 3164 told apart per message, with the same fields ({@code
 * facility}, {@code severity}, {@code level}, {@code host}, {@code appname}, {@code procid}, {@code
 * msgid}, {@code sd.*}, the static labels of {@link SyslogOptions}). Messages that break the
 * grammar are kept whole with {@code syslog.error}, as on the network. Lines that syslog daemons
 * write to files, which have no priority, are read too ({@link DecoderSyslog#acceptingFileLines}).
 *
 * <p>Framing, chosen from the first byte of the body that is not a line ending:
 *
 * <ul>
 *   <li>anything but a digit (a message starts with {@code <}, a file line with its timestamp): one
 *       message a line, as in every other body format; empty and blank lines are skipped; a line
 *       over {@link IngestLimits#maxLineBytes()} is rejected with its line number, the others kept.
 *   <li>a digit: RFC 6587 octet counting ({@code 71 <13>1 2026-...}), read by the {@link
 *       SyslogFramer} of the TCP listener, so a message may hold newlines and newline-framed
 *       messages may follow; numbers in errors then count messages, not lines. A message over the
 *       line limit is rejected, and a last frame cut short by the end of the body too.
 * </ul>
 *
 * <p>Per request: the tenant is the request's; the stream fields are the request's {@code
 * _stream_fields} when given, else those of the server's syslog settings. Messages without a time
 * of their own get the receive time plus one nanosecond per line (or message) before them, so that
 * order is kept; RFC 3164 years are inferred from the receive time, in the configured zone.
 *
 * <p>Thread-safe and immutable; each {@link #decode} call has its own decoder and buffers.
 */
public final class DecoderSyslogLines implements Decoder {
  private final SyslogOptions options;
  private final IngestLimits limits;
  private final StreamCache streamCache;
  private final int batchMaxRecords;
  private final long batchMaxBytes;

  /**
   * @param options the server's syslog settings: static labels, time zone, default stream fields
   *     (their tenant is replaced by each request's)
   */
  public DecoderSyslogLines(SyslogOptions options, IngestLimits limits, StreamCache streamCache) {
    this(options, limits, streamCache, Limits.BATCH_MAX_RECORDS, Limits.BATCH_MAX_BYTES);
  }

  /** With other batch bounds, so that tests can see batching on small bodies. */
  DecoderSyslogLines(
      SyslogOptions options,
      IngestLimits limits,
      StreamCache streamCache,
      int batchMaxRecords,
      long batchMaxBytes) {
    this.options = requireNonNull(options, "options is null");
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
    DecoderSyslog decoder =
        DecoderSyslog.acceptingFileLines(requestOptions(parameters), limits, streamCache);
    long receiveTimeNanos = parameters.receiveTimeNanos();
    byte[] first = new byte[Limits.READ_BUFFER_BYTES];
    int firstLength = readSome(body, first);
    InputStream whole =
        new SequenceInputStream(new ByteArrayInputStream(first, 0, firstLength), body);
    if (startsWithOctetCount(first, firstLength)) {
      new OctetCountedBody(decoder, collector, receiveTimeNanos).read(whole);
    } else {
      new LineReader(whole, limits.maxBodyBytes(), limits.maxLineBytes(), collector::stored)
          .readAll(new Lines(decoder, collector, receiveTimeNanos));
    }
    return collector.finish();
  }

  /** The server's options with the request's tenant, and its stream fields when it names any. */
  private SyslogOptions requestOptions(IngestParameters parameters) {
    SyslogOptions withTenant = options.withTenant(parameters.tenant());
    return parameters.streamFields().isEmpty()
        ? withTenant
        : withTenant.withStreamFields(parameters.streamFields());
  }

  /** Fills {@code buffer} as far as the body goes; how many bytes it holds. */
  private static int readSome(InputStream body, byte[] buffer) throws IOException {
    int length = 0;
    while (length < buffer.length) {
      int read = body.read(buffer, length, buffer.length - length);
      if (read < 0) {
        break;
      }
      length += read;
    }
    return length;
  }

  /** Whether the first byte that is not a line ending is a nonzero digit: an octet count. */
  static boolean startsWithOctetCount(byte[] bytes, int length) {
    for (int index = 0; index < length; index++) {
      byte current = bytes[index];
      if (current != '\n' && current != '\r') {
        return current >= '1' && current <= '9';
      }
    }
    return false;
  }

  private static boolean isBlank(byte[] bytes, int offset, int length) {
    for (int index = offset; index < offset + length; index++) {
      byte current = bytes[index];
      if (current != ' ' && current != '\t') {
        return false;
      }
    }
    return true;
  }

  /** One message a line. */
  private final class Lines implements LineReader.LineConsumer {
    private final DecoderSyslog decoder;
    private final RecordCollector collector;
    private final long receiveTimeNanos;

    Lines(DecoderSyslog decoder, RecordCollector collector, long receiveTimeNanos) {
      this.decoder = decoder;
      this.collector = collector;
      this.receiveTimeNanos = receiveTimeNanos;
    }

    @Override
    public void line(byte[] bytes, int offset, int length, long lineNumber) {
      if (isBlank(bytes, offset, length)) {
        return;
      }
      LogRecord record = decoder.decode(bytes, offset, length, receiveTimeNanos + lineNumber - 1);
      collector.accept(record, length);
    }

    @Override
    public void lineTooLong(long lineNumber) {
      collector.reject(lineNumber, Reasons.lineTooLong(limits.maxLineBytes()));
    }
  }

  /** Octet-counted frames (and newline-framed ones between them), as on a TCP connection. */
  private final class OctetCountedBody implements SyslogFramer.FrameSink {
    private final DecoderSyslog decoder;
    private final RecordCollector collector;
    private final long receiveTimeNanos;
    private long messageNumber;

    OctetCountedBody(DecoderSyslog decoder, RecordCollector collector, long receiveTimeNanos) {
      this.decoder = decoder;
      this.collector = collector;
      this.receiveTimeNanos = receiveTimeNanos;
    }

    void read(InputStream body) throws IOException {
      SyslogFramer framer = new SyslogFramer(limits.maxLineBytes());
      byte[] buffer = new byte[Limits.READ_BUFFER_BYTES];
      long bodyBytes = 0;
      int read;
      while ((read = readCountingLimit(body, buffer)) >= 0) {
        bodyBytes += read;
        if (bodyBytes > limits.maxBodyBytes()) {
          throw tooLarge();
        }
        framer.feed(buffer, 0, read, this);
      }
      framer.finish(this);
    }

    private int readCountingLimit(InputStream body, byte[] buffer) throws IOException {
      try {
        return body.read(buffer, 0, buffer.length);
      } catch (LoupeException error) {
        // The body stream enforces its own size limit (RequestBodies); say what was stored here.
        if (error.code() != ErrorCode.PAYLOAD_TOO_LARGE) {
          throw error;
        }
        throw tooLarge();
      }
    }

    @Override
    public void frame(byte[] bytes, int offset, int length, long originalLength) {
      messageNumber++;
      if (originalLength > length) {
        collector.reject(
            messageNumber,
            "message "
                + messageNumber
                + " is longer than "
                + limits.maxLineBytes()
                + " bytes; split it or raise the line size limit");
        return;
      }
      if (isBlank(bytes, offset, length)) {
        return;
      }
      LogRecord record =
          decoder.decode(bytes, offset, length, receiveTimeNanos + messageNumber - 1);
      collector.accept(record, length);
    }

    @Override
    public void rejected(String reason) {
      messageNumber++;
      collector.reject(messageNumber, Reasons.bounded("message " + messageNumber + ": " + reason));
    }

    private LoupeException tooLarge() {
      return new LoupeException(
          ErrorCode.PAYLOAD_TOO_LARGE,
          "request body is larger than "
              + limits.maxBodyBytes()
              + " bytes after decompression; send it in smaller requests or raise the body size"
              + " limit; the "
              + collector.stored()
              + " records handed to storage before the limit are stored, the rest of the body was"
              + " not read");
    }
  }
}
