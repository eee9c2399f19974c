package dev.loupe.query.pipe;

import static java.util.Objects.requireNonNull;

import dev.loupe.query.stats.StatsCount;
import dev.loupe.query.stats.StatsFunction;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code | stats count() as hits, p99(latency) by (service, bin(_time, 1m))}: one row per group of
 * rows with equal values of the {@code by} fields, holding those values and the function results.
 *
 * <p>Design note. Stats is the one pipe that reads every matching row, not the newest few, so it
 * runs differently from the row pipes: the executor scans the candidate blocks in parallel, one
 * task per block on the shared pool, and each task fills its own map from group key to {@link
 * dev.loupe.query.stats.StatsState}s with no sharing and no locks. The caller merges the partial
 * maps in block order (every state {@link dev.loupe.query.stats.StatsState#merge merges}), so the
 * result does not depend on thread timing. A block whose header proves every row matches is counted
 * from the header when the pipe asks only {@code count()} without groups (as {@code /hits} does).
 * Memory is bounded by {@code QueryLimits.MAX_STATS_GROUPS} groups per task and in the merge: past
 * it the query fails with {@code LIMIT_EXCEEDED}, never runs out of heap. This is the
 * partial-aggregation scheme of VictoriaLogs' {@code pipe_stats.go} (per-worker shards merged at
 * the end) and of map-side combiners in MapReduce.
 *
 * @param functions at least one; result names unique
 * @param groupBy the grouping, possibly empty (one group over all rows)
 */
public record PipeStats(List<Call> functions, List<GroupBy> groupBy) implements Pipe {

  public PipeStats {
    functions = List.copyOf(requireNonNull(functions, "functions is null"));
    groupBy = List.copyOf(requireNonNull(groupBy, "groupBy is null"));
    if (functions.isEmpty()) {
      throw new IllegalArgumentException("functions is empty");
    }
    Set<String> names = new HashSet<>();
    for (GroupBy group : groupBy) {
      names.add(group.field());
    }
    for (Call call : functions) {
      if (!names.add(call.name())) {
        throw new IllegalArgumentException("duplicate result name: " + call.name());
      }
    }
  }

  /** True when the only function is {@code count()} and there are no groups. */
  public boolean onlyCountsAllRows() {
    return groupBy.isEmpty()
        && functions.stream().allMatch(call -> call.function() instanceof StatsCount);
  }

  /**
   * One function with the name of its result column.
   *
   * @param function the function
   * @param alias the name given with {@code as}, or null for the function's canonical text
   */
  public record Call(StatsFunction function, String alias) {

    public Call {
      requireNonNull(function, "function is null");
      if (alias != null && alias.isEmpty()) {
        throw new IllegalArgumentException("alias is empty");
      }
    }

    /** The result column: the alias, or the function as written, such as {@code count()}. */
    public String name() {
      return alias != null ? alias : function.print(PipeStats::fieldText);
    }
  }

  /**
   * One grouping field, or {@code bin(_time, 1m)}: the time rounded down to a multiple of the bin.
   *
   * @param field the field
   * @param bin the bin duration as written ({@code 1m}), or null to group by the value itself
   * @param binNanos the bin in nanoseconds, 0 without one
   */
  public record GroupBy(String field, String bin, long binNanos) {

    public GroupBy {
      requireNonNull(field, "field is null");
      if ((bin == null) != (binNanos == 0) || binNanos < 0) {
        throw new IllegalArgumentException("bin and binNanos disagree: " + bin + ", " + binNanos);
      }
    }

    /** Groups by the value itself. */
    public static GroupBy field(String field) {
      return new GroupBy(field, null, 0);
    }
  }

  /** A field name as a result name: bare when it is a plain name, else quoted. */
  static String fieldText(String field) {
    boolean plain = !field.isEmpty() && field.chars().allMatch(PipeStats::isPlainNameChar);
    if (plain) {
      return field;
    }
    return '"' + field.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  private static boolean isPlainNameChar(int c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-' || c == '/';
  }
}
