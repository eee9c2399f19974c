package dev.loupe.ingest.decode;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.Field;
import dev.loupe.core.LogRecord;
import dev.loupe.core.Stream;
import dev.loupe.ingest.IngestLimits;
import dev.loupe.ingest.Levels;
import dev.loupe.ingest.StreamCache;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns one syslog message, RFC 5424 or RFC 3164 (told apart by what follows the priority: a
 * version digit and a space means 5424), into a record. The listeners frame messages ({@link
 * SyslogFramer} for TCP, one datagram each for UDP) and hand each here.
 *
 * <p>The record:
 *
 * <ul>
 *   <li>{@code _time}: the message's timestamp ({@link DecoderSyslog5424}, {@link
 *       DecoderSyslog3164} say which forms), else the receive time.
 *   <li>{@code _msg}: the MSG part (UTF-8 BOM removed); trailing {@code \n}, {@code \r} and NUL
 *       bytes of the message are dropped, as many senders add them.
 *   <li>Fields, in this order, each only when the message has it: {@code facility} ({@code auth},
 *       {@code local0}, ...), {@code severity} ({@code err}, {@code notice}, ...), {@code level}
 *       (the severity normalised by {@link Levels#fromSyslogSeverity}), {@code host}, {@code
 *       appname}, {@code procid}, {@code msgid}, then structured data as {@code sd.<id>.<param>},
 *       then the static labels of {@link SyslogOptions}, then {@code syslog.truncated} (the length
 *       of a message cut to the size limit) and {@code syslog.error}.
 *   <li>{@code _stream}: the static labels plus the {@link SyslogOptions#streamFields()} present.
 * </ul>
 *
 * <p>Bad messages are kept, never thrown: a message without a valid priority, or an RFC 5424
 * message that breaks its grammar, becomes a record whose {@code _msg} is the whole message, whose
 * time is the receive time, and whose {@code syslog.error} says what was wrong and at which byte
 * (0-based from the start of the message), e.g. {@code rfc 5424 at byte 4: invalid timestamp ...}.
 * A valid priority still gives facility, severity and level. A record with more fields than {@link
 * IngestLimits#maxFieldsPerRecord()} is kept the same way, without its structured data. Losing a
 * log line because a sender formats it badly is worse for the people reading logs than storing it
 * unparsed: this way it is searchable, and {@code syslog.error:*} finds every such line. Invalid
 * UTF-8 is replaced with U+FFFD.
 *
 * <p>Not thread-safe: one instance per connection (or UDP socket), holding the reused parse state
 * and a per-connection stream cache in front of the shared {@link StreamCache}.
 */
public final class DecoderSyslog {
  public static final String FIELD_FACILITY = "facility";
  public static final String FIELD_SEVERITY = "severity";
  public static final String FIELD_HOST = "host";
  public static final String FIELD_APP_NAME = "appname";
  public static final String FIELD_PROC_ID = "procid";
  public static final String FIELD_MSG_ID = "msgid";

  /** Structured-data fields are named {@code sd.<id>.<param>}. */
  public static final String STRUCTURED_DATA_PREFIX = "sd.";

  /** On a message kept as plain text: why it could not be parsed, and where. */
  public static final String FIELD_ERROR = "syslog.error";

  /** On a message cut to the size limit: its length in bytes before the cut. */
  public static final String FIELD_TRUNCATED = "syslog.truncated";

  private static final int NO_PRIORITY = -1;

  private final boolean acceptsFileLines;
  private final SyslogOptions options;
  private final int maxFieldsPerRecord;
  private final StreamResolver streams;
  private final DecoderSyslog3164 bsd;
  private final SyslogCursor cursor = new SyslogCursor();
  private final SyslogMessage parts = new SyslogMessage();
  private final String[] labelValues;
  private long malformed;

  public DecoderSyslog(SyslogOptions options, IngestLimits limits, StreamCache streamCache) {
    this(options, limits, streamCache, false);
  }

  private DecoderSyslog(
      SyslogOptions options,
      IngestLimits limits,
      StreamCache streamCache,
      boolean acceptsFileLines) {
    this.acceptsFileLines = acceptsFileLines;
    this.options = requireNonNull(options, "options is null");
    this.maxFieldsPerRecord = requireNonNull(limits, "limits is null").maxFieldsPerRecord();
    List<String> labelNames = new ArrayList<>(options.streamFields());
    labelNames.addAll(options.staticLabels().keySet());
    this.streams = new StreamResolver(options.tenant(), labelNames, streamCache);
    this.labelValues = new String[streams.labelNames().size()];
    this.bsd = new DecoderSyslog3164(options.timeZone());
  }

  /**
   * A decoder that also reads the lines syslog daemons write to files, which have no priority:
   * {@code Nov 22 10:00:00 web-1 sshd[812]: ...} (rsyslog's traditional format) or {@code
   * 2026-11-22T10:00:00.123+01:00 web-1 sshd[812]: ...} (its default file format) are read as RFC
   * 3164 without facility, severity and level. A line with neither a priority nor such a timestamp
   * is kept with {@code syslog.error}, as on the network. For bodies and files ({@link
   * DecoderSyslogLines}); the listeners take only messages with a priority, since what arrives on a
   * syslog port without one is not syslog.
   */
  public static DecoderSyslog acceptingFileLines(
      SyslogOptions options, IngestLimits limits, StreamCache streamCache) {
    return new DecoderSyslog(options, limits, streamCache, true);
  }

  /** True for the names of the fields this decoder writes; static labels may not take them. */
  static boolean isOwnFieldName(String name) {
    return switch (name) {
      case FIELD_FACILITY,
          FIELD_SEVERITY,
          Levels.FIELD,
          FIELD_HOST,
          FIELD_APP_NAME,
          FIELD_PROC_ID,
          FIELD_MSG_ID,
          FIELD_ERROR,
          FIELD_TRUNCATED ->
          true;
      default -> name.startsWith(STRUCTURED_DATA_PREFIX);
    };
  }

  /** Decodes a whole message: {@link #decode(byte[], int, int, long, long)} without truncation. */
  public LogRecord decode(byte[] bytes, int offset, int length, long receiveTimeNanos) {
    return decode(bytes, offset, length, length, receiveTimeNanos);
  }

  /**
   * Decodes the message in {@code bytes[offset, offset + length)}; never throws for any content.
   *
   * @param originalLength the message's length before the listener cut it to its size limit;
   *     greater than {@code length} adds {@code syslog.truncated}
   * @param receiveTimeNanos the time of records whose message has none, and the "now" that RFC 3164
   *     years are inferred from
   */
  public LogRecord decode(
      byte[] bytes, int offset, int length, long originalLength, long receiveTimeNanos) {
    int trimmedLength = withoutTrailingTerminators(bytes, offset, length);
    cursor.reset(bytes, offset, trimmedLength);
    parts.reset();
    int priority = NO_PRIORITY;
    String error = null;
    try {
      if (acceptsFileLines && cursor.peek() != '<' && !cursor.atEnd()) {
        fileLine(receiveTimeNanos);
      } else {
        priority = priority(cursor);
        if (DecoderSyslog5424.startsWithVersion(cursor)) {
          DecoderSyslog5424.parse(cursor, parts);
        } else {
          bsd.parse(cursor, parts, receiveTimeNanos);
        }
      }
    } catch (SyslogSyntaxException bad) {
      error = describe(bad, priority);
    }
    String truncated = originalLength > length ? Long.toString(originalLength) : null;
    int fieldCount = fieldCount(truncated != null);
    if (error == null && fieldCount > maxFieldsPerRecord) {
      error = tooManyFields(fieldCount);
    }
    if (error != null) {
      malformed++;
      String whole = cursor.text(offset, offset + trimmedLength);
      return record(priority, null, whole, receiveTimeNanos, truncated, error);
    }
    long timeNanos = parts.timeNanos == SyslogMessage.NO_TIME ? receiveTimeNanos : parts.timeNanos;
    return record(priority, parts, parts.message, timeNanos, truncated, null);
  }

  /** Messages kept as plain text with {@code syslog.error} since this decoder was made. */
  public long malformed() {
    return malformed;
  }

  private LogRecord record(
      int priority,
      SyslogMessage parsed,
      String message,
      long timeNanos,
      String truncated,
      String error) {
    List<Field> fields = new ArrayList<>(16);
    if (priority != NO_PRIORITY) {
      fields.add(new Field(FIELD_FACILITY, SyslogPriority.facilityName(priority)));
      fields.add(new Field(FIELD_SEVERITY, SyslogPriority.severityName(priority)));
      fields.add(
          new Field(Levels.FIELD, Levels.fromSyslogSeverity(SyslogPriority.severity(priority))));
    }
    if (parsed != null) {
      addIfPresent(fields, FIELD_HOST, parsed.host);
      addIfPresent(fields, FIELD_APP_NAME, parsed.appName);
      addIfPresent(fields, FIELD_PROC_ID, parsed.procId);
      addIfPresent(fields, FIELD_MSG_ID, parsed.msgId);
      fields.addAll(parsed.structuredData);
    }
    for (Map.Entry<String, String> label : options.staticLabels().entrySet()) {
      fields.add(new Field(label.getKey(), label.getValue()));
    }
    addIfPresent(fields, FIELD_TRUNCATED, truncated);
    addIfPresent(fields, FIELD_ERROR, error);
    return new LogRecord(stream(fields), timeNanos, message, fields);
  }

  private Stream stream(List<Field> fields) {
    List<String> names = streams.labelNames();
    for (int index = 0; index < labelValues.length; index++) {
      labelValues[index] = nonEmptyValue(fields, names.get(index));
    }
    return streams.resolve(labelValues);
  }

  private static String nonEmptyValue(List<Field> fields, String name) {
    for (Field field : fields) {
      if (field.name().equals(name)) {
        return field.value().isEmpty() ? null : field.value();
      }
    }
    return null;
  }

  private static void addIfPresent(List<Field> fields, String name, String value) {
    if (value != null) {
      fields.add(new Field(name, value));
    }
  }

  /** The fields a parsed record would have, to hold it to the limit before building it. */
  private int fieldCount(boolean truncated) {
    int count = 3 + parts.structuredData.size() + options.staticLabels().size();
    count += parts.host != null ? 1 : 0;
    count += parts.appName != null ? 1 : 0;
    count += parts.procId != null ? 1 : 0;
    count += parts.msgId != null ? 1 : 0;
    return count + (truncated ? 1 : 0);
  }

  private String tooManyFields(int count) {
    return "the message has "
        + count
        + " fields with its structured data, more than the limit of "
        + maxFieldsPerRecord
        + "; send fewer structured data parameters or raise the field limit";
  }

  /** A line of a syslog file: RFC 3164 without its priority, starting with the timestamp. */
  private void fileLine(long receiveTimeNanos) throws SyslogSyntaxException {
    if (!bsd.parseTimestamped(cursor, parts, receiveTimeNanos)) {
      throw new SyslogSyntaxException(
          0,
          "expected '<' and a priority such as <13>, or the timestamp a syslog file line starts"
              + " with (Nov 22 10:00:00, or RFC 3339), but found "
              + cursor.found());
    }
  }

  /** {@code <PRI>}: 1 to 3 digits, 0 to 191; moves past it. */
  private static int priority(SyslogCursor cursor) throws SyslogSyntaxException {
    if (cursor.atEnd()) {
      throw new SyslogSyntaxException(0, "the message is empty");
    }
    cursor.expect('<', "'<' and a priority such as <13>");
    int value = 0;
    int digits = 0;
    while (cursor.peek() >= '0' && cursor.peek() <= '9' && digits < 3) {
      value = value * 10 + cursor.peek() - '0';
      cursor.skip(1);
      digits++;
    }
    if (digits == 0) {
      throw new SyslogSyntaxException(
          cursor.position(), "expected the priority digits but found " + cursor.found());
    }
    if (value > SyslogPriority.MAX) {
      throw new SyslogSyntaxException(
          1, "priority " + value + " is over " + SyslogPriority.MAX + " (facility 23, severity 7)");
    }
    cursor.expect('>', "'>' after the priority");
    return value;
  }

  private static String describe(SyslogSyntaxException bad, int priority) {
    String what = priority == NO_PRIORITY ? "not syslog" : "rfc 5424";
    return Reasons.bounded(what + " at byte " + bad.position() + ": " + bad.detail());
  }

  private static int withoutTrailingTerminators(byte[] bytes, int offset, int length) {
    int end = offset + length;
    while (end > offset && isTerminator(bytes[end - 1])) {
      end--;
    }
    return end - offset;
  }

  private static boolean isTerminator(byte value) {
    return value == '\n' || value == '\r' || value == 0;
  }
}
