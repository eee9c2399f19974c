package dev.loupe.ingest.decode;

import java.util.HashMap;

/**
 * Joins a parent name and a child name with a dot ({@code http} + {@code status} gives {@code
 * http.status}), returning the same String for the same pair so that flattening nested objects does
 * not build a new name for every record.
 *
 * <p>Design note: the JSON parser hands out one canonical String per distinct field name, and the
 * parents are names returned from here, so a two-level map keyed by (parent, child) hits on every
 * record after the first. The map stops growing at {@link #MAX_ENTRIES}: past that (a body whose
 * keys are ids), names are simply concatenated, which is what every record would cost without this
 * class. Not thread-safe: one instance per body.
 */
final class DottedNames {
  /** Real bodies have tens of nested names; this bounds memory against bodies of random keys. */
  static final int MAX_ENTRIES = 4096;

  private final HashMap<String, HashMap<String, String>> childrenByParent = new HashMap<>();
  private int entries;

  String join(String parent, String child) {
    HashMap<String, String> children = childrenByParent.get(parent);
    if (children != null) {
      String joined = children.get(child);
      if (joined != null) {
        return joined;
      }
    }
    String joined = parent + '.' + child;
    if (entries >= MAX_ENTRIES) {
      return joined;
    }
    if (children == null) {
      children = new HashMap<>();
      childrenByParent.put(parent, children);
    }
    children.put(child, joined);
    entries++;
    return joined;
  }
}
