package dev.loupe.query.exec;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.FieldNames;
import dev.loupe.core.LoupeException;
import dev.loupe.core.Stream;
import dev.loupe.core.TimeRange;
import dev.loupe.query.QueryLimits;
import dev.loupe.query.pipe.PipeContext;
import dev.loupe.storage.Block;
import dev.loupe.storage.BlockRef;
import dev.loupe.storage.Snapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rows of {@code | context before N after M}: each hit with its neighbours in its own stream.
 *
 * <p>Design note. A hit comes from the search as a {@link ResultRow}, without its place in storage,
 * so it is found again by its stream ({@code _stream}) and time among that stream's blocks, and
 * told apart from other rows of the same time by comparing all its fields. Blocks of one stream may
 * overlap in time (memtable and parts, parts not merged yet), so a stream's order is the merge of
 * the rows of its blocks by (time, block, row). The window around a hit starts as the hit's time
 * alone, {@code [lo, hi]}; every block overlapping it is read, and the rows inside {@code [lo, hi]}
 * are then certain to be all of the stream's rows there. While fewer than {@code N} certain rows
 * precede the hit, {@code lo} moves back to the oldest start of those blocks, or, when that gains
 * nothing, to the end of the previous block of the stream (the same for {@code hi} and {@code M});
 * each step moves a bound to another block boundary, so it ends. The trade-off: a hit costs a few
 * block reads (decoded blocks are kept for the whole query), not an index lookup, in exchange for a
 * search that stays as it is.
 *
 * <p>Windows of one stream that share a row are merged, each row once, marked {@code hit} if it is
 * a hit, else {@code after} if it follows a hit within {@code M} rows, else {@code before}. Each
 * merged window is sent, oldest row first, where its newest hit comes in the hits' order.
 *
 * <p>Threads: one query's, on its calling thread; the snapshot stays open meanwhile.
 */
final class ContextRows {
  private static final Comparator<StreamRow> STREAM_ORDER =
      Comparator.comparingLong(StreamRow::timeNanos)
          .thenComparingInt(StreamRow::block)
          .thenComparingInt(StreamRow::row);
  private static final Comparator<BlockRef> BLOCK_ORDER =
      Comparator.comparingLong(BlockRef::minTimeNanos)
          .thenComparingLong(BlockRef::maxTimeNanos)
          .thenComparingInt(BlockRef::rowCount);

  /**
   * A decoded block's heap for each byte it takes on disk: zstd shrinks log columns about five
   * times, and decoded values are Java strings with their headers. An estimate on the safe side.
   */
  private static final long DECODED_BYTES_PER_STORED_BYTE = 8;

  private final PipeContext context;
  private final Map<Stream, List<BlockRef>> blocksByStream = new HashMap<>();
  private final Map<String, List<Stream>> streamsByLabels = new HashMap<>();
  private final Map<BlockRef, Block> decoded = new IdentityHashMap<>();
  private final MemoryBudget memory;

  /**
   * Lists the snapshot's blocks by stream; reads none. Decoded blocks and result rows are held in
   * {@code memory}.
   */
  ContextRows(Snapshot snapshot, PipeContext context, MemoryBudget memory) {
    requireNonNull(snapshot, "snapshot is null");
    this.context = requireNonNull(context, "context is null");
    this.memory = requireNonNull(memory, "memory is null");
    for (BlockRef block : snapshot.blocks(TimeRange.ALL)) {
      blocksByStream.computeIfAbsent(block.stream(), stream -> new ArrayList<>()).add(block);
    }
    for (Map.Entry<Stream, List<BlockRef>> entry : blocksByStream.entrySet()) {
      entry.getValue().sort(BLOCK_ORDER);
      streamsByLabels
          .computeIfAbsent(entry.getKey().canonicalLabels(), labels -> new ArrayList<>())
          .add(entry.getKey());
    }
  }

  /** A row of one stream: its block's index in the stream's sorted list, and its row there. */
  private record StreamRow(long timeNanos, int block, int row) {}

  /** A hit placed in its stream. */
  private record Located(Stream stream, StreamRow row) {}

  /** One merged window: rows in stream order with their marks. */
  private static final class Group {
    final Stream stream;
    final TreeMap<StreamRow, String> marks = new TreeMap<>(STREAM_ORDER);
    boolean emitted;

    Group(Stream stream) {
      this.stream = stream;
    }
  }

  /**
   * {@code hits} (newest first, as the search gave them) with their context, each row with a {@link
   * PipeContext#FIELD} field.
   *
   * @throws LoupeException {@code LIMIT_EXCEEDED} past {@link QueryLimits#MAX_CONTEXT_RESULT_ROWS}
   */
  List<ResultRow> around(List<ResultRow> hits) {
    List<Located> located = new ArrayList<>(hits.size());
    Map<Stream, List<Integer>> hitsByStream = new LinkedHashMap<>();
    for (int index = 0; index < hits.size(); index++) {
      Located hit = locate(hits.get(index));
      located.add(hit);
      if (hit != null) {
        hitsByStream.computeIfAbsent(hit.stream(), stream -> new ArrayList<>()).add(index);
      }
    }
    Map<Integer, Group> groupOfHit = new HashMap<>();
    hitsByStream.forEach((stream, indexes) -> groupWindows(stream, indexes, located, groupOfHit));
    List<ResultRow> rows = new ArrayList<>();
    for (int index = 0; index < hits.size(); index++) {
      Group group = groupOfHit.get(index);
      if (group == null) {
        rows.add(held(marked(hits.get(index), PipeContext.HIT)));
      } else if (!group.emitted) {
        group.emitted = true;
        group.marks.forEach((row, mark) -> rows.add(held(materialize(group.stream, row, mark))));
      }
      checkSize(rows.size());
    }
    return rows;
  }

  private ResultRow held(ResultRow row) {
    memory.reserve(MemoryBudget.bytesOf(row), "rows around the hits");
    return row;
  }

  private static void checkSize(int rows) {
    if (rows > QueryLimits.MAX_CONTEXT_RESULT_ROWS) {
      throw new LoupeException(
          ErrorCode.LIMIT_EXCEEDED,
          "context would return more than "
              + QueryLimits.MAX_CONTEXT_RESULT_ROWS
              + " rows; ask for fewer rows before and after, or fewer hits with a smaller limit"
              + " or a narrower query");
    }
  }

  /** Merges the windows of one stream's hits that share rows; records each hit's group. */
  private void groupWindows(
      Stream stream, List<Integer> indexes, List<Located> located, Map<Integer, Group> groupOf) {
    List<Integer> byPlace = new ArrayList<>(indexes);
    byPlace.sort(Comparator.comparing(index -> located.get(index).row(), STREAM_ORDER));
    Group current = null;
    for (int index : byPlace) {
      StreamRow hit = located.get(index).row();
      TreeMap<StreamRow, String> window = window(stream, hit);
      if (current == null || STREAM_ORDER.compare(window.firstKey(), current.marks.lastKey()) > 0) {
        current = new Group(stream);
      }
      Group group = current;
      window.forEach((row, mark) -> group.marks.merge(row, mark, ContextRows::stronger));
      groupOf.put(index, group);
    }
  }

  private static String stronger(String one, String other) {
    if (one.equals(PipeContext.HIT) || other.equals(PipeContext.HIT)) {
      return PipeContext.HIT;
    }
    return one.equals(PipeContext.AFTER) ? one : other;
  }

  /** The hit, up to N rows before it and M after it in the stream, with their marks. */
  private TreeMap<StreamRow, String> window(Stream stream, StreamRow hit) {
    List<BlockRef> blocks = blocksByStream.get(stream);
    long lo = hit.timeNanos();
    long hi = hit.timeNanos();
    while (true) {
      List<StreamRow> rows = rowsOverlapping(blocks, lo, hi);
      int at = rows.indexOf(hit);
      int before = certainBefore(rows, at, lo);
      int after = certainAfter(rows, at, hi);
      long newLo = before < context.before() ? extendBack(blocks, lo) : lo;
      long newHi = after < context.after() ? extendForward(blocks, hi) : hi;
      if (newLo == lo && newHi == hi) {
        return marks(
            rows, at, Math.min(before, context.before()), Math.min(after, context.after()));
      }
      lo = newLo;
      hi = newHi;
    }
  }

  private static TreeMap<StreamRow, String> marks(
      List<StreamRow> rows, int at, int before, int after) {
    TreeMap<StreamRow, String> marks = new TreeMap<>(STREAM_ORDER);
    for (int index = at - before; index < at; index++) {
      marks.put(rows.get(index), PipeContext.BEFORE);
    }
    marks.put(rows.get(at), PipeContext.HIT);
    for (int index = at + 1; index <= at + after; index++) {
      marks.put(rows.get(index), PipeContext.AFTER);
    }
    return marks;
  }

  private static int certainBefore(List<StreamRow> rows, int at, long lo) {
    int count = 0;
    while (at - count - 1 >= 0 && rows.get(at - count - 1).timeNanos() >= lo) {
      count++;
    }
    return count;
  }

  private static int certainAfter(List<StreamRow> rows, int at, long hi) {
    int count = 0;
    while (at + count + 1 < rows.size() && rows.get(at + count + 1).timeNanos() <= hi) {
      count++;
    }
    return count;
  }

  /** The oldest start of the blocks overlapping {@code lo}, else the previous block's end. */
  private static long extendBack(List<BlockRef> blocks, long lo) {
    long oldestStart = lo;
    long previousEnd = Long.MIN_VALUE;
    boolean hasPrevious = false;
    for (BlockRef block : blocks) {
      if (block.minTimeNanos() <= lo && block.maxTimeNanos() >= lo) {
        oldestStart = Math.min(oldestStart, block.minTimeNanos());
      } else if (block.maxTimeNanos() < lo) {
        previousEnd = Math.max(previousEnd, block.maxTimeNanos());
        hasPrevious = true;
      }
    }
    if (oldestStart < lo) {
      return oldestStart;
    }
    return hasPrevious ? previousEnd : lo;
  }

  /** The newest end of the blocks overlapping {@code hi}, else the next block's start. */
  private static long extendForward(List<BlockRef> blocks, long hi) {
    long newestEnd = hi;
    long nextStart = Long.MAX_VALUE;
    boolean hasNext = false;
    for (BlockRef block : blocks) {
      if (block.minTimeNanos() <= hi && block.maxTimeNanos() >= hi) {
        newestEnd = Math.max(newestEnd, block.maxTimeNanos());
      } else if (block.minTimeNanos() > hi) {
        nextStart = Math.min(nextStart, block.minTimeNanos());
        hasNext = true;
      }
    }
    if (newestEnd > hi) {
      return newestEnd;
    }
    return hasNext ? nextStart : hi;
  }

  /** Every row of the blocks overlapping {@code [lo, hi]}, in stream order. */
  private List<StreamRow> rowsOverlapping(List<BlockRef> blocks, long lo, long hi) {
    List<StreamRow> rows = new ArrayList<>();
    for (int index = 0; index < blocks.size(); index++) {
      BlockRef ref = blocks.get(index);
      if (ref.maxTimeNanos() < lo || ref.minTimeNanos() > hi) {
        continue;
      }
      Block block = read(ref);
      for (int row = 0; row < block.rowCount(); row++) {
        rows.add(new StreamRow(block.timeNanos(row), index, row));
      }
    }
    rows.sort(STREAM_ORDER);
    return rows;
  }

  /** The stream and place of {@code hit}, or null when no stored row is it (never expected). */
  private Located locate(ResultRow hit) {
    String labels = hit.value(FieldNames.STREAM);
    Located sameTime = null;
    for (Stream stream : streamsByLabels.getOrDefault(labels, List.of())) {
      List<BlockRef> blocks = blocksByStream.get(stream);
      for (int index = 0; index < blocks.size(); index++) {
        BlockRef ref = blocks.get(index);
        if (ref.minTimeNanos() > hit.timeNanos() || ref.maxTimeNanos() < hit.timeNanos()) {
          continue;
        }
        Block block = read(ref);
        for (int row = 0; row < block.rowCount(); row++) {
          if (block.timeNanos(row) != hit.timeNanos()) {
            continue;
          }
          Located candidate = new Located(stream, new StreamRow(hit.timeNanos(), index, row));
          if (materialize(stream, candidate.row()).fields().equals(hit.fields())) {
            return candidate;
          }
          sameTime = sameTime == null ? candidate : sameTime;
        }
      }
    }
    return sameTime;
  }

  private ResultRow materialize(Stream stream, StreamRow row) {
    Block block = read(blocksByStream.get(stream).get(row.block()));
    return BlockScan.resultRow(
        block,
        row.row(),
        stream.canonicalLabels(),
        BlockScan.otherColumnsSorted(block.columnNames()));
  }

  private ResultRow materialize(Stream stream, StreamRow row, String mark) {
    return marked(materialize(stream, row), mark);
  }

  private static ResultRow marked(ResultRow row, String mark) {
    return Pipeline.withFields(row, Map.of(PipeContext.FIELD, mark));
  }

  private Block read(BlockRef ref) {
    Block block = decoded.get(ref);
    if (block != null) {
      return block;
    }
    memory.reserve(
        ref.storedBytes() * DECODED_BYTES_PER_STORED_BYTE, "decoded blocks around the hits");
    block = ref.read(null);
    decoded.put(ref, block);
    return block;
  }
}
