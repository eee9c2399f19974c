package dev.loupe.query.pipe;

import static java.util.Objects.requireNonNull;

import dev.loupe.query.stats.StatsCount;
import java.util.List;

/**
 * {@code | uniq by (a, b)}: one row per distinct combination of the values of the fields, holding
 * just those fields; a missing field counts as the empty value.
 *
 * <p>Design note. Distinct combinations are exactly the groups of {@code stats count() by (a, b)}
 * with the count left out, so uniq runs as that ({@link #expand}): right after the filters it sees
 * every matching row of the time range, on all cores, not the newest {@code limit}, and its memory
 * is bounded by {@code QueryLimits.MAX_STATS_GROUPS} combinations (past it the query fails with
 * {@code LIMIT_EXCEEDED}), for the reason given there. The price: rows come sorted by their values,
 * not in the order first seen, and nothing is sent before the input ends, as with {@code stats}.
 *
 * @param fields at least one, no duplicates
 */
public record PipeUniq(List<String> fields) implements Pipe {

  public PipeUniq {
    requireNonNull(fields, "fields is null");
    fields = List.copyOf(fields);
    if (fields.isEmpty()) {
      throw new IllegalArgumentException("fields is empty");
    }
    if (fields.stream().distinct().count() != fields.size()) {
      throw new IllegalArgumentException("duplicate field in " + fields);
    }
  }

  /** The pipes this one stands for: a grouped count, then only the group fields. */
  public List<Pipe> expand() {
    String count = "hits";
    while (fields.contains(count)) {
      count = "_" + count;
    }
    return List.of(
        new PipeStats(
            List.of(new PipeStats.Call(new StatsCount(), count)),
            fields.stream().map(PipeStats.GroupBy::field).toList()),
        new PipeFields(fields));
  }
}
