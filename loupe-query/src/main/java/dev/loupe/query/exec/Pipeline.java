package dev.loupe.query.exec;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.Field;
import dev.loupe.core.LoupeException;
import dev.loupe.query.QueryLimits;
import dev.loupe.query.pipe.Pipe;
import dev.loupe.query.pipe.PipeFields;
import dev.loupe.query.pipe.PipeHead;
import dev.loupe.query.pipe.PipeSort;
import dev.loupe.query.pipe.PipeStats;
import dev.loupe.query.pipe.PipeTop;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The pipes of a query as a chain of row stages between the row source and the caller's sink.
 *
 * <p>Design note. A query's rows come from one of two sources: the newest-first search (for pipes
 * that look at rows one by one: {@code fields}, {@code head}), or, when the first pipe is {@code
 * stats}, the parallel {@link StatsAggregation} over every matching row. Everything after the
 * source is a {@link Stage}: it takes rows one at a time, may pass on, change, drop or hold them,
 * and is told when the input ends ({@link Stage#finish}), which is when a holding stage such as a
 * {@code stats} later in the chain emits. A stage's {@link Stage#accept} returning false stops the
 * source, as a sink's does, so {@code | head 10} stops the search after ten rows. A new pipe is one
 * more stage here.
 *
 * <p>Threads: built and used on the thread of the executor call, like a {@link RowSink}.
 */
final class Pipeline {
  private Pipeline() {}

  /** A row stage; see the class note. */
  interface Stage extends RowSink {
    /** The input has ended; emit what is held. False when the end of the chain wants no more. */
    boolean finish();
  }

  /** The index of the first {@code stats} pipe, or -1. */
  static int firstStats(List<Pipe> pipes) {
    for (int index = 0; index < pipes.size(); index++) {
      if (pipes.get(index) instanceof PipeStats) {
        return index;
      }
    }
    return -1;
  }

  /** {@code pipes} with each pipe that stands for others ({@code top}) replaced by them. */
  static List<Pipe> expand(List<Pipe> pipes) {
    List<Pipe> expanded = new ArrayList<>(pipes.size());
    for (Pipe pipe : pipes) {
      if (pipe instanceof PipeTop top) {
        expanded.addAll(top.expand());
      } else {
        expanded.add(pipe);
      }
    }
    return expanded;
  }

  /**
   * The most rows the newest-first search needs to find for {@code pipes} (expanded): the smallest
   * {@code head} before the first pipe that must see every row ({@code sort}, {@code stats}), and
   * then one more than a sort may hold, so that it can tell there were too many; without such a
   * pipe, at most {@code limit}.
   */
  static int searchLimit(List<Pipe> pipes, int limit) {
    long heads = Long.MAX_VALUE;
    for (Pipe pipe : pipes) {
      switch (pipe) {
        case PipeFields fields -> {}
        case PipeHead head -> heads = Math.min(heads, head.count());
        case PipeSort sort -> {
          return (int) Math.min(heads, QueryLimits.MAX_LIMIT + 1L);
        }
        case PipeStats stats -> {
          return (int) Math.min(heads, limit);
        }
        case PipeTop top -> throw new IllegalArgumentException("top is expanded first");
      }
    }
    return (int) Math.min(heads, limit);
  }

  /** The chain for {@code pipes} (expanded) ending in {@code sink}. */
  static Stage chain(List<Pipe> pipes, RowSink sink) {
    int firstStats = firstStats(pipes);
    Stage next = new End(sink);
    for (int index = pipes.size() - 1; index >= 0; index--) {
      boolean afterStats = firstStats >= 0 && index > firstStats;
      next =
          switch (pipes.get(index)) {
            case PipeFields fields -> new FieldsStage(fields, next);
            case PipeHead head -> new HeadStage(head, next);
            case PipeStats stats -> new StatsStage(stats, next);
            case PipeSort sort ->
                new SortStage(
                    sort, afterStats ? QueryLimits.MAX_SORT_ROWS : QueryLimits.MAX_LIMIT, next);
            case PipeTop top -> throw new IllegalArgumentException("top is expanded first");
          };
    }
    return next;
  }

  /** Passes rows to the caller's sink and counts them. */
  static final class End implements Stage {
    private final RowSink sink;
    private long rows;

    End(RowSink sink) {
      this.sink = requireNonNull(sink, "sink is null");
    }

    @Override
    public boolean accept(ResultRow row) {
      rows++;
      return sink.accept(row);
    }

    @Override
    public boolean cancelled() {
      return sink.cancelled();
    }

    @Override
    public boolean finish() {
      return true;
    }

    long rows() {
      return rows;
    }
  }

  /** A stage that hands its rows to the next one. */
  private abstract static class Forwarding implements Stage {
    final Stage next;

    Forwarding(Stage next) {
      this.next = requireNonNull(next, "next is null");
    }

    @Override
    public boolean cancelled() {
      return next.cancelled();
    }

    @Override
    public boolean finish() {
      return next.finish();
    }
  }

  /** {@code | fields a, b}: only those fields, in that order. */
  private static final class FieldsStage extends Forwarding {
    private final PipeFields pipe;

    FieldsStage(PipeFields pipe, Stage next) {
      super(next);
      this.pipe = pipe;
    }

    @Override
    public boolean accept(ResultRow row) {
      List<Field> kept = new ArrayList<>(pipe.fields().size());
      for (String name : pipe.fields()) {
        String value = row.value(name);
        if (value != null) {
          kept.add(new Field(name, value));
        }
      }
      return next.accept(new ResultRow(row.timeNanos(), kept));
    }
  }

  /** {@code | head N}: the first N rows, then stops the source. */
  private static final class HeadStage extends Forwarding {
    private final long count;
    private long passed;

    HeadStage(PipeHead pipe, Stage next) {
      super(next);
      this.count = pipe.count();
    }

    @Override
    public boolean accept(ResultRow row) {
      if (passed >= count) {
        return false;
      }
      passed++;
      return next.accept(row) && passed < count;
    }
  }

  /**
   * {@code | stats} after other pipes: aggregates the rows it is given (at most the search's limit,
   * so in memory), emits the groups at the end.
   */
  private static final class StatsStage extends Forwarding {
    private final GroupTable table;

    StatsStage(PipeStats pipe, Stage next) {
      super(next);
      this.table = new GroupTable(pipe);
    }

    @Override
    public boolean accept(ResultRow row) {
      table.add(new MaterializedRow(row));
      return true;
    }

    @Override
    public boolean finish() {
      return emit(table.rows(), next);
    }
  }

  /**
   * {@code | sort by (...)}: holds up to {@code maxRows} rows, sorts them stably at the end. Past
   * that it stops its source and fails at the end with {@code LIMIT_EXCEEDED}: a sort cannot emit
   * anything before it has seen every row, so a partial sort would be a wrong answer.
   */
  private static final class SortStage extends Forwarding {
    private final Comparator<ResultRow> order;
    private final int maxRows;
    private final List<ResultRow> rows = new ArrayList<>();
    private boolean overflowed;

    SortStage(PipeSort pipe, int maxRows, Stage next) {
      super(next);
      this.order = RowOrder.of(pipe);
      this.maxRows = maxRows;
    }

    @Override
    public boolean accept(ResultRow row) {
      if (rows.size() == maxRows) {
        overflowed = true;
        return false;
      }
      rows.add(row);
      return true;
    }

    @Override
    public boolean finish() {
      if (overflowed) {
        throw new LoupeException(
            ErrorCode.LIMIT_EXCEEDED,
            "sort holds at most "
                + maxRows
                + " rows and more matched; narrow the query or the time range, put '| head N'"
                + " before the sort, or aggregate with '| stats' first");
      }
      rows.sort(order);
      return emit(rows, next);
    }
  }

  /** Sends {@code rows} into {@code stage}, then ends it. False when it wanted no more. */
  static boolean emit(List<ResultRow> rows, Stage stage) {
    for (ResultRow row : rows) {
      if (!stage.accept(row)) {
        break;
      }
    }
    return stage.finish();
  }

  private record MaterializedRow(ResultRow row) implements GroupTable.RowAccess {
    @Override
    public String value(String field) {
      return row.value(field);
    }

    @Override
    public long timeNanos() {
      return row.timeNanos();
    }
  }
}
