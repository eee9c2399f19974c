package dev.loupe.ingest.decode;

import static java.util.Objects.requireNonNull;

import dev.loupe.ingest.BatchSink;
import dev.loupe.ingest.Decoder;
import dev.loupe.ingest.IngestLimits;
import dev.loupe.ingest.IngestParameters;
import dev.loupe.ingest.IngestResult;
import dev.loupe.ingest.Levels;
import dev.loupe.ingest.Limits;
import dev.loupe.ingest.StreamCache;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Decodes web server access logs in the Common and Combined Log Formats, one record a line
 * (Apache's {@code common} and {@code combined} LogFormats, nginx's default {@code combined}):
 *
 * <pre>
 * 127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)"
 * </pre>
 *
 * <p>A line becomes a record:
 *
 * <ul>
 *   <li>{@code _msg} is the whole line, so nothing of it is lost (text after the user agent, such
 *       as nginx's {@code $http_x_forwarded_for} or a request time, stays there only);
 *   <li>{@code _time} is the bracketed time, with its offset;
 *   <li>fields, in this order: {@code client_ip}, {@code ident}, {@code user}, {@code method},
 *       {@code path}, {@code protocol}, {@code status}, {@code bytes}, {@code referer}, {@code
 *       user_agent}, {@code level}. A request line that is not {@code METHOD target PROTOCOL} (a
 *       TLS handshake sent to a plain port, {@code "GET /"} of HTTP/0.9 aside, which gives method
 *       and path) is kept whole in {@code request} instead of method, path and protocol;
 *   <li>{@code "-"} means "not known" for ident, user, request, referer and user agent: the field
 *       is left out. For bytes it means "no body was sent" (Apache's documentation of {@code %b}),
 *       so it becomes {@code 0}, which keeps sums and averages over {@code bytes} right;
 *   <li>{@code level} follows from the status, so that access logs chart by level like every other
 *       source: 5xx is {@code error} (the server failed), 4xx is {@code warn} (the request failed;
 *       often the client's fault, but a wave of 404s or 429s is worth seeing), anything else {@code
 *       info}.
 * </ul>
 *
 * <p>Stream labels come from {@link IngestParameters#streamFields()} among these fields; the time
 * and message field parameters do not apply (the format fixes both). Quoted parts are read with
 * Apache's escaping ({@code \"} and {@code \\}); other escapes ({@code \x16}) are kept as written.
 * A line that does not have the form, up to the bytes, is rejected with its line number, the column
 * and what was expected; the combined tail (referer, user agent) is read when it is there and well
 * formed. Empty and blank lines are skipped; invalid UTF-8 is replaced with U+FFFD.
 *
 * <p>Thread-safe and immutable; each {@link #decode} call has its own buffers.
 */
public final class DecoderAccessLog implements Decoder {
  private static final String EXAMPLE =
      "127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 2326";

  private final IngestLimits limits;
  private final StreamCache streamCache;
  private final int batchMaxRecords;
  private final long batchMaxBytes;

  public DecoderAccessLog(IngestLimits limits, StreamCache streamCache) {
    this(limits, streamCache, Limits.BATCH_MAX_RECORDS, Limits.BATCH_MAX_BYTES);
  }

  /** With other batch bounds, so that tests can see batching on small bodies. */
  DecoderAccessLog(
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
    RecordAssembler assembler =
        new RecordAssembler(
            List.of(),
            List.of(),
            parameters.receiveTimeNanos(),
            limits.maxFieldsPerRecord(),
            streamResolver,
            collector);
    Session session = new Session(assembler, collector, limits.maxLineBytes());
    new LineReader(body, limits.maxBodyBytes(), limits.maxLineBytes(), collector::stored)
        .readAll(session);
    return collector.finish();
  }

  /** The per-body state: the line being read and the record being assembled. */
  private static final class Session implements LineReader.LineConsumer {
    private final RecordAssembler assembler;
    private final RecordCollector collector;
    private final int maxLineBytes;
    private String line;
    private int lineBytes;
    private int position;
    private String timeRejection;

    Session(RecordAssembler assembler, RecordCollector collector, int maxLineBytes) {
      this.assembler = assembler;
      this.collector = collector;
      this.maxLineBytes = maxLineBytes;
    }

    @Override
    public void line(byte[] bytes, int offset, int length, long lineNumber) {
      int end = offset + length;
      if (Utf8.skipBlanksAndByteOrderMark(bytes, offset, end) == end) {
        return;
      }
      line = new String(bytes, offset, length, StandardCharsets.UTF_8);
      lineBytes = length;
      position = 0;
      assembler.start();
      String rejection = readLine();
      if (rejection != null) {
        collector.reject(lineNumber, Reasons.bounded(rejection));
      }
      line = null;
    }

    @Override
    public void lineTooLong(long lineNumber) {
      collector.reject(lineNumber, Reasons.lineTooLong(maxLineBytes));
    }

    /** Reads the line into the assembler and finishes the record; the rejection, or null. */
    private String readLine() {
      String clientIp = token();
      if (clientIp == null) {
        return expected("the client address");
      }
      String ident = spaceThenToken();
      String user = ident == null ? null : spaceThenToken();
      if (ident == null || user == null) {
        return expected(ident == null ? "a space and the ident (or -)" : "a space and the user");
      }
      long timeNanos = readTime();
      if (timeNanos == TimeParser.INVALID) {
        return timeRejection;
      }
      String request = spaceThenQuoted();
      if (request == null) {
        return quotedRejection("the request", "\"GET / HTTP/1.1\"");
      }
      int statusColumn = position + 2;
      String status = spaceThenToken();
      if (status == null || !isStatus(status)) {
        return status == null
            ? expected("a space and the status")
            : "status " + Reasons.quote(status) + " at column " + statusColumn + " is not 3 digits";
      }
      int bytesColumn = position + 2;
      String bytes = spaceThenToken();
      if (bytes == null || !isBytes(bytes)) {
        return bytes == null
            ? expected("a space and the response size")
            : "response size "
                + Reasons.quote(bytes)
                + " at column "
                + bytesColumn
                + " is not a number or -";
      }
      String rejection = addFields(clientIp, ident, user, request, status, bytes);
      if (rejection != null) {
        return rejection;
      }
      return assembler.finish(timeNanos, line, lineBytes);
    }

    private String addFields(
        String clientIp, String ident, String user, String request, String status, String bytes) {
      String rejection = add("client_ip", clientIp);
      rejection = rejection != null ? rejection : addKnown("ident", ident);
      rejection = rejection != null ? rejection : addKnown("user", user);
      rejection = rejection != null ? rejection : addRequest(request);
      rejection = rejection != null ? rejection : add("status", status);
      rejection = rejection != null ? rejection : add("bytes", bytes.equals("-") ? "0" : bytes);
      rejection = rejection != null ? rejection : addCombinedTail();
      return rejection != null ? rejection : add(Levels.FIELD, levelOf(status));
    }

    /** Referer and user agent, when the line goes on with {@code "..." "..."}. */
    private String addCombinedTail() {
      String referer = spaceThenQuoted();
      if (referer == null) {
        return null;
      }
      String rejection = addKnown("referer", referer);
      String userAgent = spaceThenQuoted();
      if (rejection != null || userAgent == null) {
        return rejection;
      }
      return addKnown("user_agent", userAgent);
    }

    /** {@code METHOD target PROTOCOL}, {@code METHOD target} (HTTP/0.9), else kept whole. */
    private String addRequest(String request) {
      if (request.equals("-") || request.isEmpty()) {
        return null;
      }
      int firstSpace = request.indexOf(' ');
      int lastSpace = request.lastIndexOf(' ');
      if (firstSpace <= 0 || !isMethod(request, firstSpace)) {
        return add("request", request);
      }
      if (firstSpace == lastSpace) {
        String rejection = add("method", request.substring(0, firstSpace));
        return rejection != null ? rejection : add("path", request.substring(firstSpace + 1));
      }
      String protocol = request.substring(lastSpace + 1);
      String path = request.substring(firstSpace + 1, lastSpace);
      if (!protocol.startsWith("HTTP/") || path.isEmpty()) {
        return add("request", request);
      }
      String rejection = add("method", request.substring(0, firstSpace));
      rejection = rejection != null ? rejection : add("path", path);
      return rejection != null ? rejection : add("protocol", protocol);
    }

    private String add(String name, String value) {
      return assembler.add(name, value);
    }

    /** Adds the field unless the value is "-" or empty: not known. */
    private String addKnown(String name, String value) {
      return value.equals("-") || value.isEmpty() ? null : assembler.add(name, value);
    }

    // ---- reading the line ----

    /** {@code [10/Oct/2000:13:55:36 -0700]}; INVALID with {@link #timeRejection} set. */
    private long readTime() {
      int open = position + 1;
      if (!has(position, ' ') || !has(open, '[')) {
        timeRejection = expected("a space and [ before the time");
        return TimeParser.INVALID;
      }
      int close = line.indexOf(']', open);
      if (close < 0) {
        timeRejection = "time starting at column " + (open + 1) + " has no closing ]";
        return TimeParser.INVALID;
      }
      String text = line.substring(open + 1, close);
      long timeNanos = TimeParser.parseCommonLog(text);
      if (timeNanos == TimeParser.INVALID) {
        timeRejection =
            "time "
                + Reasons.quote(text)
                + " at column "
                + (open + 2)
                + " cannot be read; expected day/month/year:hour:minute:second offset, like"
                + " 10/Oct/2000:13:55:36 -0700";
      }
      position = close + 1;
      return timeNanos;
    }

    /** The token at the position (up to a space or the end), or null when empty. */
    private String token() {
      int end = line.indexOf(' ', position);
      if (end < 0) {
        end = line.length();
      }
      if (end == position) {
        return null;
      }
      String value = line.substring(position, end);
      position = end;
      return value;
    }

    private String spaceThenToken() {
      if (!has(position, ' ')) {
        return null;
      }
      position++;
      String value = token();
      if (value == null) {
        position--;
      }
      return value;
    }

    /**
     * {@code "..."} with Apache's escapes; null (position unchanged) when the line does not go on
     * so or the quote is not closed.
     */
    private String spaceThenQuoted() {
      int open = position + 1;
      if (!has(position, ' ') || !has(open, '"')) {
        return null;
      }
      StringBuilder value = null;
      int segmentStart = open + 1;
      for (int index = open + 1; index < line.length(); index++) {
        char c = line.charAt(index);
        if (c == '"') {
          position = index + 1;
          if (value == null) {
            return line.substring(segmentStart, index);
          }
          return value.append(line, segmentStart, index).toString();
        }
        boolean escape =
            c == '\\'
                && index + 1 < line.length()
                && (line.charAt(index + 1) == '"' || line.charAt(index + 1) == '\\');
        if (escape) {
          value = value == null ? new StringBuilder() : value;
          value.append(line, segmentStart, index).append(line.charAt(index + 1));
          index++;
          segmentStart = index + 1;
        }
      }
      return null;
    }

    private String quotedRejection(String what, String example) {
      int open = position + 1;
      if (has(position, ' ') && has(open, '"')) {
        return what + " starting at column " + (open + 1) + " has no closing quote";
      }
      return expected("a space and " + what + " in quotes, like " + example);
    }

    private boolean has(int index, char expected) {
      return index < line.length() && line.charAt(index) == expected;
    }

    private String expected(String what) {
      return "expected "
          + what
          + " at column "
          + (position + 1)
          + "; an access log line looks like "
          + EXAMPLE;
    }
  }

  private static boolean isStatus(String status) {
    return status.length() == 3 && allDigits(status);
  }

  private static boolean isBytes(String bytes) {
    return bytes.equals("-") || (bytes.length() <= 19 && allDigits(bytes));
  }

  private static boolean isMethod(String request, int end) {
    for (int index = 0; index < end; index++) {
      char c = request.charAt(index);
      if (!(c >= 'A' && c <= 'Z') && c != '-' && c != '_') {
        return false;
      }
    }
    return true;
  }

  private static boolean allDigits(String text) {
    for (int index = 0; index < text.length(); index++) {
      if (text.charAt(index) < '0' || text.charAt(index) > '9') {
        return false;
      }
    }
    return !text.isEmpty();
  }

  /** 5xx error, 4xx warn, anything else info: see the class comment for why. */
  static String levelOf(String status) {
    return switch (status.charAt(0)) {
      case '5' -> Levels.ERROR;
      case '4' -> Levels.WARN;
      default -> Levels.INFO;
    };
  }
}
