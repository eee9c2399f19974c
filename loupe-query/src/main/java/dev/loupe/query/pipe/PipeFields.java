package dev.loupe.query.pipe;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * {@code | fields a, b}: keeps only the named fields of each row, in the order named. A row that
 * lacks a field simply has fewer fields.
 *
 * @param fields at least one, no duplicates
 */
public record PipeFields(List<String> fields) implements Pipe {

  public PipeFields {
    requireNonNull(fields, "fields is null");
    fields = List.copyOf(fields);
    if (fields.isEmpty()) {
      throw new IllegalArgumentException("fields is empty");
    }
    if (fields.stream().distinct().count() != fields.size()) {
      throw new IllegalArgumentException("duplicate field in " + fields);
    }
  }
}
