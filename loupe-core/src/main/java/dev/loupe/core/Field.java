package dev.loupe.core;

import static java.util.Objects.requireNonNull;

/** One named value of a record. Values are strings on the wire; storage types them per block. */
public record Field(String name, String value) {
  public Field {
    requireNonNull(name, "name is null");
    requireNonNull(value, "value is null");
  }
}
