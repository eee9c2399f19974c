package dev.loupe.server;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import dev.loupe.ingest.Decoder;
import dev.loupe.ingest.IngestLimits;
import dev.loupe.ingest.StreamCache;
import dev.loupe.ingest.decode.DecoderAccessLog;
import dev.loupe.ingest.decode.DecoderJsonLines;
import dev.loupe.ingest.decode.DecoderLogfmt;
import dev.loupe.ingest.decode.DecoderPlainText;
import dev.loupe.ingest.decode.DecoderSyslogLines;
import dev.loupe.ingest.decode.SyslogOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The body formats of {@code POST /api/v1/ingest} and the decoder of each. The format comes from
 * the {@code _format} query parameter, else the {@code Loupe-Format} header, else the Content-Type
 * ({@code text/plain} is plain text), else JSON lines. Names are case-insensitive; each format has
 * one name shown in errors and docs, and aliases that shippers and people use.
 *
 * <p>Adding a format is one {@link #register} line in the constructor. Syslog bodies ({@code
 * syslog}: RFC 5424 and 3164, one message a line or octet-counted) are read with the server's
 * syslog settings (static labels, time zone, default stream fields), so a message sent over HTTP
 * becomes the same record as one sent to a syslog listener.
 *
 * <p>Immutable and thread-safe once built; the decoders are shared by every request.
 */
final class IngestFormats {
  /** Query parameter naming the format. */
  static final String QUERY_FORMAT = "_format";

  /** Header standing in for {@link #QUERY_FORMAT}. */
  static final String HEADER_FORMAT = "Loupe-Format";

  static final String JSON = "json";
  static final String LOGFMT = "logfmt";
  static final String ACCESS_LOG = "clf";
  static final String PLAIN = "plain";
  static final String SYSLOG = "syslog";

  private final Map<String, Decoder> byName = new HashMap<>();
  private final List<String> names = new ArrayList<>();

  IngestFormats(IngestLimits limits, SyslogOptions syslog, StreamCache streams) {
    requireNonNull(limits, "limits is null");
    requireNonNull(syslog, "syslog is null");
    requireNonNull(streams, "streams is null");
    register(JSON, new DecoderJsonLines(limits, streams), "jsonline", "ndjson");
    register(LOGFMT, new DecoderLogfmt(limits, streams));
    register(ACCESS_LOG, new DecoderAccessLog(limits, streams), "access", "combined", "common");
    register(PLAIN, new DecoderPlainText(limits, streams), "text");
    register(SYSLOG, new DecoderSyslogLines(syslog, limits, streams), "rfc5424", "rfc3164");
  }

  /**
   * The decoder for a request.
   *
   * @param format the {@code _format} parameter or {@code Loupe-Format} header, or null
   * @param contentType the Content-Type header, or null
   * @throws LoupeException BAD_REQUEST for a format that is not known, naming the known ones
   */
  Decoder choose(String format, String contentType) {
    if (format != null && !format.isBlank()) {
      Decoder decoder = byName.get(format.strip().toLowerCase(Locale.ROOT));
      if (decoder == null) {
        throw new LoupeException(
            ErrorCode.BAD_REQUEST,
            "unknown ingest format \""
                + format.strip()
                + "\": use "
                + QUERY_FORMAT
                + " (or the "
                + HEADER_FORMAT
                + " header) with one of "
                + String.join(", ", names));
      }
      return decoder;
    }
    String mediaType = contentType == null ? "" : contentType.strip().toLowerCase(Locale.ROOT);
    return byName.get(mediaType.startsWith("text/plain") ? PLAIN : JSON);
  }

  /** The names of the formats, in registration order, aliases left out. */
  List<String> names() {
    return List.copyOf(names);
  }

  private void register(String name, Decoder decoder, String... aliases) {
    if (byName.putIfAbsent(name, decoder) != null) {
      throw new IllegalStateException("format registered twice: " + name);
    }
    names.add(name);
    for (String alias : aliases) {
      if (byName.putIfAbsent(alias, decoder) != null) {
        throw new IllegalStateException("format alias registered twice: " + alias);
      }
    }
  }
}
