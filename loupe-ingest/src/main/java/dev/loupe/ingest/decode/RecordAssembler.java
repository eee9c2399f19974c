package dev.loupe.ingest.decode;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.Field;
import dev.loupe.core.LogRecord;
import dev.loupe.core.Stream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds the record of one line from its named values, for the decoders whose lines carry fields
 * (JSON lines, logfmt, access logs), with the rules of {@link DecoderJsonLines}: the first time
 * field present gives {@code _time}, the first message field present gives {@code _msg}, both leave
 * the fields; stream fields with a non-empty value name the stream and stay as fields; fields named
 * like a derived field ({@code _time}, {@code _msg}, ...) that were not chosen are dropped.
 *
 * <p>Call {@link #start()}, then {@link #add} each field in line order, then {@link #finish}. The
 * field list and the label values are reused from line to line, so a line costs only what its
 * record keeps. Not thread-safe: one instance per body.
 *
 * <p>Design note: the role of each field name ({@link FieldRoles}) is remembered by position as
 * well. A JSON parser hands out the names of one body as the same string instances (its symbol
 * table), and the lines of one logger have their fields in the same order, so the name at a
 * position is usually the very instance seen there on the line before: one reference comparison
 * instead of a hash lookup that ends in a character-by-character {@code equals} (the names of the
 * request's roles are other instances). Names that are not reused (logfmt makes new strings) cost
 * one failed comparison more.
 */
final class RecordAssembler {
  /** Field positions whose name and role are remembered; later fields are looked up each time. */
  private static final int NAMES_REMEMBERED = 64;

  private final long receiveTimeNanos;
  private final int maxFieldsPerRecord;
  private final StreamResolver streamResolver;
  private final FieldRoles fieldRoles;
  private final RecordCollector collector;
  private final ArrayList<Field> fields = new ArrayList<>();
  private final String[] labelValues;
  private final String[] namesByPosition = new String[NAMES_REMEMBERED];
  private final FieldRoles.Role[] rolesByPosition = new FieldRoles.Role[NAMES_REMEMBERED];
  private int timeIndex;
  private int timePriority;
  private int messageIndex;
  private int messagePriority;

  /**
   * @param timeFields candidates for {@code _time}, best first
   * @param messageFields candidates for {@code _msg}, best first
   */
  RecordAssembler(
      List<String> timeFields,
      List<String> messageFields,
      long receiveTimeNanos,
      int maxFieldsPerRecord,
      StreamResolver streamResolver,
      RecordCollector collector) {
    this.receiveTimeNanos = receiveTimeNanos;
    this.maxFieldsPerRecord = maxFieldsPerRecord;
    this.streamResolver = requireNonNull(streamResolver, "streamResolver is null");
    this.collector = requireNonNull(collector, "collector is null");
    this.fieldRoles = new FieldRoles(timeFields, messageFields, streamResolver.labelNames());
    this.labelValues = new String[streamResolver.labelNames().size()];
  }

  /** Forgets the fields of the previous line. */
  void start() {
    fields.clear();
    Arrays.fill(labelValues, null);
    timeIndex = -1;
    timePriority = FieldRoles.NONE;
    messageIndex = -1;
    messagePriority = FieldRoles.NONE;
  }

  /** Adds a field of the line; the rejection reason (too many fields), or null. */
  String add(String name, String value) {
    int index = fields.size();
    if (index >= maxFieldsPerRecord) {
      return "record has more than "
          + maxFieldsPerRecord
          + " fields after flattening; send fewer fields or raise the field limit";
    }
    fields.add(new Field(name, value));
    FieldRoles.Role role = roleOf(name, index);
    if (role != null) {
      noteRole(role, index, value);
    }
    return null;
  }

  /**
   * Builds the record and hands it to the collector; the rejection reason (an unreadable time), or
   * null.
   *
   * @param timeIfNone the time when no time field is present
   * @param messageIfNone the message when no message field is present
   * @param lineBytes the size of the line, for batch accounting
   */
  String finish(long timeIfNone, String messageIfNone, int lineBytes) {
    long timeNanos = timeIfNone;
    if (timeIndex >= 0) {
      Field timeField = fields.get(timeIndex);
      timeNanos = TimeParser.parse(timeField.value(), receiveTimeNanos);
      if (timeNanos == TimeParser.INVALID) {
        return timeRejection(timeField);
      }
    }
    String message = messageIndex >= 0 ? fields.get(messageIndex).value() : messageIfNone;
    removeConsumedAndDerivedFields();
    Stream stream = streamResolver.resolve(labelValues);
    collector.accept(new LogRecord(stream, timeNanos, message, fields), lineBytes);
    return null;
  }

  /** The role of the name at a position: remembered when it is the same instance as last time. */
  private FieldRoles.Role roleOf(String name, int position) {
    if (position >= NAMES_REMEMBERED) {
      return fieldRoles.get(name);
    }
    if (namesByPosition[position] == name) {
      return rolesByPosition[position];
    }
    FieldRoles.Role role = fieldRoles.get(name);
    namesByPosition[position] = name;
    rolesByPosition[position] = role;
    return role;
  }

  private void noteRole(FieldRoles.Role role, int index, String value) {
    if (role.timePriority() < timePriority) {
      timePriority = role.timePriority();
      timeIndex = index;
    }
    if (role.messagePriority() < messagePriority) {
      messagePriority = role.messagePriority();
      messageIndex = index;
    }
    int labelIndex = role.labelIndex();
    // An empty label is the same as a missing one: {host=""} and {} would otherwise be two streams.
    if (labelIndex >= 0 && labelValues[labelIndex] == null && !value.isEmpty()) {
      labelValues[labelIndex] = value;
    }
  }

  /** In place, keeping order: the time and message fields became _time and _msg. */
  private void removeConsumedAndDerivedFields() {
    int kept = 0;
    int size = fields.size();
    for (int index = 0; index < size; index++) {
      Field field = fields.get(index);
      boolean consumed = index == timeIndex || index == messageIndex;
      if (!consumed && !FieldRoles.isDerivedName(field.name())) {
        fields.set(kept++, field);
      }
    }
    while (fields.size() > kept) {
      fields.remove(fields.size() - 1);
    }
  }

  private static String timeRejection(Field timeField) {
    return "field "
        + Reasons.quote(timeField.name())
        + " has time "
        + Reasons.quote(timeField.value())
        + " that cannot be read; send RFC 3339 like 2024-05-01T12:00:00.123Z or Unix time in"
        + " seconds, milliseconds, microseconds or nanoseconds (years 1677 to 2262)";
  }
}
