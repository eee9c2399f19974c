package dev.loupe.ingest.decode;

import dev.loupe.core.FieldNames;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a field name means for one request: a candidate for {@code _time} (with its priority), a
 * candidate for {@code _msg}, a stream label (with its index), or nothing. Built once per request
 * so that each field of each record costs one hash lookup.
 */
final class FieldRoles {
  /** No priority: the name is not a candidate for that role. */
  static final int NONE = Integer.MAX_VALUE;

  /**
   * Names Loupe derives itself. A record's own field of that name would shadow or spoof the real
   * one at query time, so it is dropped unless chosen as the time or message field.
   */
  private static final Set<String> DERIVED_NAMES =
      Set.of(
          FieldNames.TIME,
          FieldNames.MESSAGE,
          FieldNames.STREAM,
          FieldNames.STREAM_ID,
          FieldNames.TENANT,
          FieldNames.PATTERN);

  /**
   * @param timePriority index in the time fields, {@link #NONE} if not one
   * @param messagePriority index in the message fields, {@link #NONE} if not one
   * @param labelIndex index in the sorted stream label names, -1 if not one
   */
  record Role(int timePriority, int messagePriority, int labelIndex) {}

  private final Map<String, Role> roles = new HashMap<>();

  FieldRoles(List<String> timeFields, List<String> messageFields, List<String> labelNames) {
    for (int index = labelNames.size() - 1; index >= 0; index--) {
      roles.put(labelNames.get(index), new Role(NONE, NONE, index));
    }
    // Walk backwards so that a name listed twice keeps its first (best) priority.
    for (int index = timeFields.size() - 1; index >= 0; index--) {
      Role role = roleOf(timeFields.get(index));
      roles.put(timeFields.get(index), new Role(index, role.messagePriority(), role.labelIndex()));
    }
    for (int index = messageFields.size() - 1; index >= 0; index--) {
      Role role = roleOf(messageFields.get(index));
      roles.put(messageFields.get(index), new Role(role.timePriority(), index, role.labelIndex()));
    }
  }

  /** The role of a field name, or null for a plain field. */
  Role get(String name) {
    return roles.get(name);
  }

  static boolean isDerivedName(String name) {
    return !name.isEmpty() && name.charAt(0) == '_' && DERIVED_NAMES.contains(name);
  }

  private Role roleOf(String name) {
    Role existing = roles.get(name);
    return existing != null ? existing : new Role(NONE, NONE, -1);
  }
}
