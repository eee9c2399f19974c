package dev.loupe.query.exec;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.Field;
import dev.loupe.core.LoupeException;
import dev.loupe.core.Timestamps;
import dev.loupe.query.QueryLimits;
import dev.loupe.query.pipe.PipeStats;
import dev.loupe.query.stats.StatsCount;
import dev.loupe.query.stats.StatsState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The partial result of a {@link PipeStats}: group key to one {@link StatsState} per function. A
 * block task fills one table; the caller merges them ({@link #merge}) and turns the last one into
 * rows ({@link #rows}). At most {@link QueryLimits#MAX_STATS_GROUPS} groups: one more fails the
 * query with {@code LIMIT_EXCEEDED}, so a grouping by a per-line field cannot exhaust the heap.
 *
 * <p>Memory: every group's key and states are reserved in the query's {@link MemoryBudget} as they
 * grow ({@link StatsState#retainedBytes()}), in batches of {@code
 * QueryLimits.MEMORY_CHARGE_BATCH_BYTES} so a worker does not contend on the shared counter per
 * row; a merged table gives back what it held but the receiving table did not keep.
 *
 * <p>Lookups go through one reused probe key, so a row of an existing group allocates nothing but
 * what its functions keep. Not thread-safe: one thread at a time, handed over through a future.
 */
final class GroupTable {

  /** Where a row's values come from: a block row or a materialized row. */
  interface RowAccess {
    /** The value of {@code field}, or null when the row has none. */
    String value(String field);

    long timeNanos();
  }

  /** A HashMap node, the key object and its array, and the states array: headers and fields. */
  private static final long GROUP_OVERHEAD_BYTES = 112;

  private final PipeStats pipe;
  private final Map<GroupKey, StatsState[]> groups = new HashMap<>();
  private final GroupKey probe;
  private final String[][] arguments;

  /** Per function: whether it reads {@code _time} alone, given as a number ({@code min(_time)}). */
  private final boolean[] timeOnly;

  private final long[] lastBinStart;
  private final String[] lastBinText;
  private final MemoryBudget memory;

  /** Bytes reserved in {@link #memory} for this table. */
  private long reservedBytes;

  /** Bytes this table grew by that are not reserved yet. */
  private long unreservedBytes;

  /** A table whose memory no query limits: for tests and internal use. */
  GroupTable(PipeStats pipe) {
    this(pipe, MemoryBudget.unlimited());
  }

  GroupTable(PipeStats pipe, MemoryBudget memory) {
    this.pipe = requireNonNull(pipe, "pipe is null");
    this.memory = requireNonNull(memory, "memory is null");
    int groupFields = pipe.groupBy().size();
    this.probe = new GroupKey(new String[groupFields]);
    this.arguments = new String[pipe.functions().size()][];
    this.timeOnly = new boolean[arguments.length];
    for (int index = 0; index < arguments.length; index++) {
      arguments[index] = new String[pipe.functions().get(index).function().fields().size()];
      timeOnly[index] = pipe.functions().get(index).function().readsTimeOnly();
    }
    this.lastBinStart = new long[groupFields];
    this.lastBinText = new String[groupFields];
  }

  /** Adds one row to its group. */
  void add(RowAccess row) {
    StatsState[] states = statesOf(row);
    for (int index = 0; index < states.length; index++) {
      StatsState state = states[index];
      long before = state.retainedBytes();
      if (timeOnly[index]) {
        state.addTime(row.timeNanos());
      } else {
        List<String> fields = pipe.functions().get(index).function().fields();
        String[] values = arguments[index];
        for (int field = 0; field < values.length; field++) {
          values[field] = row.value(fields.get(field));
        }
        state.add(values);
      }
      grew(state.retainedBytes() - before);
    }
  }

  /** Reserves what this table grew by and has not reserved yet; call before handing it over. */
  void settle() {
    if (unreservedBytes != 0) {
      long bytes = unreservedBytes;
      unreservedBytes = 0;
      memory.reserve(bytes, "stats groups of " + groupNames());
      reservedBytes += bytes;
    }
  }

  /** Bytes this table holds by its own estimate. */
  long retainedBytes() {
    return reservedBytes + unreservedBytes;
  }

  private void grew(long bytes) {
    unreservedBytes += bytes;
    if (unreservedBytes >= QueryLimits.MEMORY_CHARGE_BATCH_BYTES) {
      settle();
    }
  }

  /**
   * Adds {@code rows} rows to the single group of a pipe that only counts ({@link
   * PipeStats#onlyCountsAllRows()}): a block counted from its header.
   */
  void addCountedRows(long rows) {
    StatsState[] states = statesOf(null);
    for (StatsState state : states) {
      ((StatsCount.State) state).addRows(rows);
    }
  }

  /** Adds every group of {@code other}, a table of the same pipe, merging equal groups. */
  void merge(GroupTable other) {
    other.settle();
    for (Map.Entry<GroupKey, StatsState[]> entry : other.groups.entrySet()) {
      StatsState[] mine = groups.get(entry.getKey());
      if (mine == null) {
        checkRoomForOneMore();
        groups.put(entry.getKey(), entry.getValue());
        grew(bytesOf(entry.getKey(), entry.getValue()));
        continue;
      }
      StatsState[] theirs = entry.getValue();
      for (int index = 0; index < mine.length; index++) {
        long before = mine[index].retainedBytes();
        mine[index].merge(theirs[index]);
        grew(mine[index].retainedBytes() - before);
      }
    }
    // What this table kept of the other is counted above; the rest of it is garbage now.
    memory.release(other.reservedBytes);
    other.reservedBytes = 0;
    settle();
  }

  int size() {
    return groups.size();
  }

  /**
   * One row per group, sorted by the group values: the group fields, then each function's result
   * under its name. A pipe without groups gives one row even over no rows ({@code count()} is 0).
   */
  List<ResultRow> rows() {
    if (groups.isEmpty() && pipe.groupBy().isEmpty()) {
      statesOf(null);
    }
    List<Map.Entry<GroupKey, StatsState[]>> sorted = new ArrayList<>(groups.entrySet());
    sorted.sort(Map.Entry.comparingByKey());
    List<ResultRow> rows = new ArrayList<>(sorted.size());
    for (Map.Entry<GroupKey, StatsState[]> entry : sorted) {
      rows.add(row(entry.getKey(), entry.getValue()));
    }
    return rows;
  }

  private ResultRow row(GroupKey key, StatsState[] states) {
    List<Field> fields = new ArrayList<>(key.values.length + states.length);
    for (int index = 0; index < key.values.length; index++) {
      String value = key.values[index];
      fields.add(new Field(pipe.groupBy().get(index).field(), value == null ? "" : value));
    }
    for (int index = 0; index < states.length; index++) {
      fields.add(new Field(pipe.functions().get(index).name(), states[index].result()));
    }
    return new ResultRow(0, fields);
  }

  private StatsState[] statesOf(RowAccess row) {
    if (row != null) {
      fillProbe(row);
    }
    StatsState[] states = groups.get(probe);
    if (states != null) {
      return states;
    }
    checkRoomForOneMore();
    states = new StatsState[pipe.functions().size()];
    for (int index = 0; index < states.length; index++) {
      states[index] = pipe.functions().get(index).function().newState();
    }
    GroupKey key = new GroupKey(probe.values.clone());
    groups.put(key, states);
    grew(bytesOf(key, states));
    return states;
  }

  /** A group's key values, its states, and the hash map entry and arrays that hold them. */
  private static long bytesOf(GroupKey key, StatsState[] states) {
    long bytes = GROUP_OVERHEAD_BYTES + 8L * (key.values.length + states.length);
    for (String value : key.values) {
      bytes += MemoryBudget.bytesOf(value);
    }
    for (StatsState state : states) {
      bytes += state.retainedBytes();
    }
    return bytes;
  }

  private String groupNames() {
    return pipe.groupBy().stream().map(PipeStats.GroupBy::field).toList().toString();
  }

  private void fillProbe(RowAccess row) {
    for (int index = 0; index < probe.values.length; index++) {
      PipeStats.GroupBy group = pipe.groupBy().get(index);
      String value = group.bin() == null ? row.value(group.field()) : binText(index, group, row);
      probe.values[index] = value == null ? "" : value; // a missing field groups with the empty one
    }
    probe.rehash();
  }

  /** The start of the row's time bin, formatted; the last one is cached, rows come in runs. */
  private String binText(int index, PipeStats.GroupBy group, RowAccess row) {
    long start = Math.floorDiv(row.timeNanos(), group.binNanos()) * group.binNanos();
    if (lastBinText[index] == null || lastBinStart[index] != start) {
      lastBinStart[index] = start;
      lastBinText[index] = Timestamps.format(start);
    }
    return lastBinText[index];
  }

  private void checkRoomForOneMore() {
    if (groups.size() < QueryLimits.MAX_STATS_GROUPS) {
      return;
    }
    List<String> names = pipe.groupBy().stream().map(PipeStats.GroupBy::field).toList();
    throw new LoupeException(
        ErrorCode.LIMIT_EXCEEDED,
        "stats found more than "
            + QueryLimits.MAX_STATS_GROUPS
            + " groups of "
            + names
            + "; group by fewer fields or by fields with fewer values (a larger bin for _time),"
            + " or narrow the query or the time range");
  }

  /** Group values, compared element by element; null (field missing) sorts first. */
  private static final class GroupKey implements Comparable<GroupKey> {
    private final String[] values;
    private int hash;

    GroupKey(String[] values) {
      this.values = values;
      rehash();
    }

    void rehash() {
      hash = Arrays.hashCode(values);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof GroupKey key && Arrays.equals(values, key.values);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public int compareTo(GroupKey other) {
      return Arrays.compare(values, other.values, Comparator.nullsFirst(String::compareTo));
    }
  }
}
