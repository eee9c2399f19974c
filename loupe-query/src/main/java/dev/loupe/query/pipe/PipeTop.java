package dev.loupe.query.pipe;

import static java.util.Objects.requireNonNull;

import dev.loupe.query.stats.StatsCount;
import java.util.List;

/**
 * {@code | top 10 service}: the {@code count} most frequent values of the field with how many rows
 * have each ({@code hits}), most frequent first, ties by value. It is {@code stats count() as hits
 * by (field) | sort by (hits desc, field) | head count}, which is how it runs ({@link #expand()}),
 * so it reads every matching row in parallel as {@code stats} does.
 *
 * @param count how many values, at least 1
 * @param field the field
 */
public record PipeTop(long count, String field) implements Pipe {
  /** The name of the count column, as in LogsQL. */
  public static final String HITS = "hits";

  public PipeTop {
    requireNonNull(field, "field is null");
    if (count < 1) {
      throw new IllegalArgumentException("count must be positive: " + count);
    }
    if (field.equals(HITS)) {
      throw new IllegalArgumentException("top cannot rank a field named " + HITS);
    }
  }

  /** The pipes this one stands for. */
  public List<Pipe> expand() {
    return List.of(
        new PipeStats(
            List.of(new PipeStats.Call(new StatsCount(), HITS)),
            List.of(PipeStats.GroupBy.field(field))),
        new PipeSort(List.of(new PipeSort.Key(HITS, true), new PipeSort.Key(field, false))),
        new PipeHead(count));
  }
}
