package dev.loupe.query.exec;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.Field;
import dev.loupe.core.LoupeException;
import dev.loupe.query.QueryLimits;
import dev.loupe.query.filter.Filter;
import dev.loupe.query.filter.FilterAll;
import dev.loupe.query.filter.FilterAnd;
import dev.loupe.query.filter.FilterTimeRelative;
import dev.loupe.query.pipe.Extraction;
import dev.loupe.query.pipe.Pipe;
import dev.loupe.query.pipe.PipeContext;
import dev.loupe.query.pipe.PipeExtractRegexp;
import dev.loupe.query.pipe.PipeFields;
import dev.loupe.query.pipe.PipeHead;
import dev.loupe.query.pipe.PipeMath;
import dev.loupe.query.pipe.PipeParse;
import dev.loupe.query.pipe.PipePatterns;
import dev.loupe.query.pipe.PipeRename;
import dev.loupe.query.pipe.PipeSort;
import dev.loupe.query.pipe.PipeStats;
import dev.loupe.query.pipe.PipeTop;
import dev.loupe.query.pipe.PipeUniq;
import dev.loupe.query.pipe.PipeUnpackJson;
import dev.loupe.query.pipe.PipeUnpackLogfmt;
import dev.loupe.query.pipe.PipeWhere;
import dev.loupe.query.stats.StatsNumbers;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

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

  /**
   * {@code pipes} with each pipe that stands for others ({@code top}, {@code uniq}) replaced by
   * them.
   */
  static List<Pipe> expand(List<Pipe> pipes) {
    List<Pipe> expanded = new ArrayList<>(pipes.size());
    for (Pipe pipe : pipes) {
      if (pipe instanceof PipeTop top) {
        expanded.addAll(top.expand());
      } else if (pipe instanceof PipeUniq uniq) {
        expanded.addAll(uniq.expand());
      } else if (pipe instanceof PipePatterns patterns) {
        expanded.addAll(patterns.expand());
      } else {
        expanded.add(pipe);
      }
    }
    return expanded;
  }

  /** {@code pipes} with the relative times of their {@code where} filters resolved at now. */
  static List<Pipe> resolveTimes(List<Pipe> pipes, long nowNanos) {
    return pipes.stream()
        .map(
            pipe ->
                pipe instanceof PipeWhere where
                    ? new PipeWhere(FilterTimeRelative.resolveAll(where.filter(), nowNanos))
                    : pipe)
        .toList();
  }

  /** {@code left} and {@code right}, flattened; {@code *} on either side is left out. */
  static Filter and(Filter left, Filter right) {
    if (left instanceof FilterAll) {
      return right;
    }
    if (right instanceof FilterAll) {
      return left;
    }
    List<Filter> children = new ArrayList<>();
    for (Filter side : List.of(left, right)) {
      if (side instanceof FilterAnd and) {
        children.addAll(and.children());
      } else {
        children.add(side);
      }
    }
    return new FilterAnd(children);
  }

  /**
   * The most rows the newest-first search needs to find for {@code pipes} (expanded): the smallest
   * {@code head} before the first pipe that must see every row ({@code sort}, {@code stats}), and
   * then one more than a sort may hold, so that it can tell there were too many; without such a
   * pipe, at most {@code limit} ({@code maxRows} after a {@code where}).
   */
  static int searchLimit(List<Pipe> pipes, int limit, int maxRows) {
    long heads = Long.MAX_VALUE;
    // A where drops rows, so a head after it no longer says how many the search must find: the
    // search then looks as far as a sort may (the same memory bound), and the where sees the newest
    // maxRows matching rows. (A where before every other pipe never gets here: it is the query's
    // filter.)
    boolean dropping = false;
    for (Pipe pipe : pipes) {
      switch (pipe) {
        case PipeFields fields -> {}
        case PipeRename rename -> {}
        case PipeExtractRegexp extract -> {}
        case PipeParse parse -> {}
        case PipeMath math -> {}
        case PipeUnpackJson json -> {}
        case PipeUnpackLogfmt logfmt -> {}
        case PipeWhere where -> dropping = true;
        case PipeContext context ->
            throw new IllegalArgumentException("context runs before the pipeline");
        case PipeHead head -> heads = dropping ? heads : Math.min(heads, head.count());
        case PipeSort sort -> {
          return (int) Math.min(heads, maxRows + 1L);
        }
        case PipeStats stats -> {
          return (int) Math.min(heads, limit);
        }
        case PipeTop top -> throw new IllegalArgumentException("top is expanded first");
        case PipeUniq uniq -> throw new IllegalArgumentException("uniq is expanded first");
        case PipePatterns patterns -> {}
      }
    }
    return (int) Math.min(heads, dropping ? maxRows : limit);
  }

  /**
   * The chain for {@code pipes} (expanded) ending in {@code sink}, holding rows within {@code
   * budget}.
   */
  static Stage chain(List<Pipe> pipes, RowSink sink, QueryBudget budget) {
    return chain(pipes, sink, budget, PatternNames.NONE);
  }

  /**
   * As {@link #chain(List, RowSink, QueryBudget)}; {@code patternNames} gives the templates of
   * {@code | patterns}.
   */
  static Stage chain(
      List<Pipe> pipes, RowSink sink, QueryBudget budget, PatternNames patternNames) {
    int firstStats = firstStats(pipes);
    Stage next = new End(sink);
    for (int index = pipes.size() - 1; index >= 0; index--) {
      boolean afterStats = firstStats >= 0 && index > firstStats;
      next =
          switch (pipes.get(index)) {
            case PipeFields fields -> new FieldsStage(fields, next);
            case PipeHead head -> new HeadStage(head, next);
            case PipeStats stats -> new StatsStage(stats, budget.memory(), next);
            case PipeSort sort ->
                new SortStage(
                    sort,
                    afterStats ? QueryLimits.MAX_SORT_ROWS : budget.maxRows(),
                    budget.memory(),
                    next);
            case PipeTop top -> throw new IllegalArgumentException("top is expanded first");
            case PipeUniq uniq -> throw new IllegalArgumentException("uniq is expanded first");
            case PipePatterns patterns -> new TemplateStage(patternNames, next);
            case PipeWhere where -> new WhereStage(where, next);
            case PipeContext context ->
                throw new IllegalArgumentException("context runs before the pipeline");
            case PipeRename rename -> new RenameStage(rename, next);
            case PipeExtractRegexp extract ->
                new ExtractStage(extract.extraction(), extract.from(), next);
            case PipeParse parse -> new ExtractStage(parse.extraction(), parse.from(), next);
            case PipeMath math -> new MathStage(math, next);
            case PipeUnpackJson json -> new UnpackStage(PipeUnpackJson::unpack, json.from(), next);
            case PipeUnpackLogfmt logfmt ->
                new UnpackStage(PipeUnpackLogfmt::unpack, logfmt.from(), next);
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

  /**
   * {@code | where <filter>}: passes the rows the filter matches, judged on the row as it arrives
   * (a {@link RowBlock}): the header verdict first, which settles most filters (time, stream,
   * missing fields), then the row itself.
   */
  private static final class WhereStage extends Forwarding {
    private final Filter filter;

    WhereStage(PipeWhere pipe, Stage next) {
      super(next);
      this.filter = pipe.filter();
    }

    @Override
    public boolean accept(ResultRow row) {
      return !matches(filter, row) || next.accept(row);
    }
  }

  /**
   * The last step of {@code | patterns} (after its grouped count and sort): adds each row's pattern
   * template, when {@link PatternNames} knows it.
   */
  private static final class TemplateStage extends Forwarding {
    private final PatternNames names;

    TemplateStage(PatternNames names, Stage next) {
      super(next);
      this.names = requireNonNull(names, "names is null");
    }

    @Override
    public boolean accept(ResultRow row) {
      String id = row.value(dev.loupe.core.FieldNames.PATTERN);
      String template = id == null || id.isEmpty() ? null : names.template(id);
      if (template == null) {
        return next.accept(row);
      }
      return next.accept(withFields(row, Map.of(PipePatterns.TEMPLATE, template)));
    }
  }

  /** {@code | rename a as b}: the same fields in the same places, some under new names. */
  private static final class RenameStage extends Forwarding {
    private final PipeRename pipe;

    RenameStage(PipeRename pipe, Stage next) {
      super(next);
      this.pipe = pipe;
    }

    @Override
    public boolean accept(ResultRow row) {
      List<Field> fields = row.fields();
      for (PipeRename.Rename rename : pipe.renames()) {
        fields = renamed(fields, rename);
      }
      return next.accept(new ResultRow(row.timeNanos(), fields));
    }

    private static List<Field> renamed(List<Field> fields, PipeRename.Rename rename) {
      boolean present = fields.stream().anyMatch(field -> field.name().equals(rename.from()));
      if (!present || rename.from().equals(rename.to())) {
        return fields;
      }
      List<Field> result = new ArrayList<>(fields.size());
      for (Field field : fields) {
        if (field.name().equals(rename.from())) {
          result.add(new Field(rename.to(), field.value()));
        } else if (!field.name().equals(rename.to())) {
          result.add(field);
        }
      }
      return result;
    }
  }

  /** {@code | extract_regexp} and {@code | parse}: fields taken out of one field's value. */
  private static final class ExtractStage extends UnpackStage {
    ExtractStage(Extraction extraction, String from, Stage next) {
      super(extraction::extract, from, next);
    }
  }

  /**
   * Fields taken out of one field's value ({@code unpack_json}, {@code unpack_logfmt}, and the
   * extractions), added to the row by {@link #withFields}.
   */
  private static class UnpackStage extends Forwarding {
    private final Function<String, Map<String, String>> unpacker;
    private final String from;

    UnpackStage(Function<String, Map<String, String>> unpacker, String from, Stage next) {
      super(next);
      this.unpacker = requireNonNull(unpacker, "unpacker is null");
      this.from = requireNonNull(from, "from is null");
    }

    @Override
    public boolean accept(ResultRow row) {
      return next.accept(withFields(row, unpacker.apply(row.value(from))));
    }
  }

  /**
   * {@code row} with {@code added}: a field of the same name is replaced in its place, the others
   * come after the row's own fields, in their order.
   */
  static ResultRow withFields(ResultRow row, Map<String, String> added) {
    if (added.isEmpty()) {
      return row;
    }
    Map<String, String> remaining = new LinkedHashMap<>(added);
    List<Field> fields = new ArrayList<>(row.fields().size() + added.size());
    for (Field field : row.fields()) {
      String replacement = remaining.remove(field.name());
      fields.add(replacement == null ? field : new Field(field.name(), replacement));
    }
    remaining.forEach((name, value) -> fields.add(new Field(name, value)));
    return new ResultRow(row.timeNanos(), fields);
  }

  /** {@code | math x = ...}: each assignment in turn, on the row as the ones before left it. */
  private static final class MathStage extends Forwarding {
    private final PipeMath pipe;

    MathStage(PipeMath pipe, Stage next) {
      super(next);
      this.pipe = pipe;
    }

    @Override
    public boolean accept(ResultRow row) {
      ResultRow result = row;
      for (PipeMath.Assignment assignment : pipe.assignments()) {
        double value = assignment.expression().evaluate(result::value);
        result =
            Double.isFinite(value)
                ? withFields(result, Map.of(assignment.field(), StatsNumbers.format(value)))
                : without(result, assignment.field());
      }
      return next.accept(result);
    }

    private static ResultRow without(ResultRow row, String field) {
      if (row.value(field) == null) {
        return row;
      }
      List<Field> kept = new ArrayList<>(row.fields());
      kept.removeIf(each -> each.name().equals(field));
      return new ResultRow(row.timeNanos(), kept);
    }
  }

  /** Whether {@code filter} matches {@code row}. */
  static boolean matches(Filter filter, ResultRow row) {
    RowBlock block = new RowBlock(row);
    return switch (filter.verdict(block)) {
      case NO_ROWS -> false;
      case ALL_ROWS -> true;
      case SOME_ROWS -> filter.matches(block, 0);
    };
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

    StatsStage(PipeStats pipe, MemoryBudget memory, Stage next) {
      super(next);
      this.table = new GroupTable(pipe, memory);
    }

    @Override
    public boolean accept(ResultRow row) {
      table.add(new MaterializedRow(row));
      return true;
    }

    @Override
    public boolean finish() {
      table.settle();
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
    private final MemoryBudget memory;
    private boolean overflowed;

    SortStage(PipeSort pipe, int maxRows, MemoryBudget memory, Stage next) {
      super(next);
      this.order = RowOrder.of(pipe);
      this.maxRows = maxRows;
      this.memory = memory;
    }

    @Override
    public boolean accept(ResultRow row) {
      if (rows.size() == maxRows) {
        overflowed = true;
        return false;
      }
      memory.reserve(MemoryBudget.bytesOf(row), "rows to sort");
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
