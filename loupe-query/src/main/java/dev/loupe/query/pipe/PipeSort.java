package dev.loupe.query.pipe;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * {@code | sort by (latency desc, _time)}: the rows ordered by the keys, the first key first.
 * Values that are both numbers compare as numbers, others as text (numbers before text); a missing
 * value counts as empty. Equal rows keep their incoming order (the sort is stable). A sort must see
 * every row before it emits the first, so it holds its input in memory, up to {@code
 * QueryLimits.MAX_SORT_ROWS}.
 *
 * @param keys at least one
 */
public record PipeSort(List<Key> keys) implements Pipe {

  public PipeSort {
    keys = List.copyOf(requireNonNull(keys, "keys is null"));
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("keys is empty");
    }
  }

  /**
   * One sort key.
   *
   * @param field the field
   * @param descending largest first
   */
  public record Key(String field, boolean descending) {
    public Key {
      requireNonNull(field, "field is null");
    }
  }
}
