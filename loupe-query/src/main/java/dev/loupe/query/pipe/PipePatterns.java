package dev.loupe.query.pipe;

import dev.loupe.core.FieldNames;
import dev.loupe.query.stats.StatsCount;
import dev.loupe.query.stats.StatsMax;
import dev.loupe.query.stats.StatsMin;
import java.util.List;

/**
 * {@code | patterns}: the rows grouped by the pattern of their line ({@code _pattern}, set at
 * ingest), most frequent first: one row per pattern with {@code _pattern}, {@code hits}, {@code
 * first} and {@code last} (the times of its first and last matching row) and {@code template} (its
 * template, when the server knows it; a placeholder naming the id when it evicted it).
 *
 * <p>Design note. It is {@code stats count() as hits, min(_time) as first, max(_time) as last by
 * (_pattern) | sort by (hits desc, _pattern)} and then the template of each id ({@link #expand}),
 * so right after the filters it counts every matching row in parallel as {@code stats} does. The
 * query engine does not mine patterns: the template comes from a {@code PatternNames} lookup the
 * server passes to the executor (the pattern registry), so this pipe is the one place the two meet.
 * Lines stored before mining was on have no {@code _pattern} and are counted under the empty id.
 */
public record PipePatterns() implements Pipe {
  /** The count column. */
  public static final String HITS = "hits";

  /** The column of the time of the pattern's first matching row. */
  public static final String FIRST = "first";

  /** The column of the time of the pattern's last matching row. */
  public static final String LAST = "last";

  /** The template column. */
  public static final String TEMPLATE = "template";

  /**
   * The pipes this one stands for: the grouped count, the sort, then this pipe again, which in the
   * executor's chain adds the template of each row's pattern.
   */
  public List<Pipe> expand() {
    return List.of(
        new PipeStats(
            List.of(
                new PipeStats.Call(new StatsCount(), HITS),
                new PipeStats.Call(new StatsMin(FieldNames.TIME), FIRST),
                new PipeStats.Call(new StatsMax(FieldNames.TIME), LAST)),
            List.of(PipeStats.GroupBy.field(FieldNames.PATTERN))),
        new PipeSort(
            List.of(new PipeSort.Key(HITS, true), new PipeSort.Key(FieldNames.PATTERN, false))),
        this);
  }
}
