package dev.loupe.cli.simulate;

import static java.util.Objects.requireNonNull;

/**
 * One extra field of a line as shipped (trace id, latency, status...): written as a JSON number
 * when {@code numeric}, else as a string.
 */
record LineField(String name, String value, boolean numeric) {
  LineField {
    requireNonNull(name, "name is null");
    requireNonNull(value, "value is null");
  }

  static LineField text(String name, String value) {
    return new LineField(name, value, false);
  }

  static LineField number(String name, long value) {
    return new LineField(name, Long.toString(value), true);
  }
}
