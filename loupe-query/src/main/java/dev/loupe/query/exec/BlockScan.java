package dev.loupe.query.exec;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.Field;
import dev.loupe.core.FieldNames;
import dev.loupe.core.StreamId;
import dev.loupe.core.TimeRange;
import dev.loupe.core.Timestamps;
import dev.loupe.query.filter.BlockVerdict;
import dev.loupe.storage.Block;
import dev.loupe.storage.BlockRef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scans one block on a worker thread: reads it, finds its newest matching rows, materializes them.
 *
 * <p>Design note on reads. A block whose header survived skipping is first read with only the
 * filter's columns (usually just {@code _msg}); the rest is read, and the two decodings combined,
 * only when some row matched. Blocks that survive the bloom filters but hold no match (a false
 * positive, a phrase whose tokens are all present but not adjacent, a word on a field whose value
 * is elsewhere) then cost one column instead of the whole block, and blocks that match decode each
 * column once. When the filter needs no column ({@code *}, time ranges) or the header already says
 * every row matches, the block is read whole at once.
 *
 * <p>Rows are visited newest first (blocks are sorted by time ascending, so from the last row
 * back). The scan stops at {@code capacity} matches, at the first row older than the requested
 * range, and at the first row older than the search's admission threshold: nothing older can be
 * among the results any more.
 *
 * <p>Threads: {@link #run()} on a worker, once; the search reads the results after taking this scan
 * from its completion queue, which publishes them. {@link #abandon()} from the search thread.
 */
final class BlockScan implements Runnable {
  private static final int NEW = 0;
  private static final int RUNNING = 1;
  private static final int ABANDONED = 2;

  /** How many rows pass between two checks of the stop flag. */
  private static final int STOP_CHECK_INTERVAL_MASK = 1023;

  private final NewestFirstSearch search;
  private final ScanPlan plan;
  private final Candidate candidate;
  private final int capacity;
  private final AtomicInteger state = new AtomicInteger(NEW);

  private List<RankedRow> rows = List.of();
  private long rowsScanned;
  private long bytesRead;
  private Throwable failure;

  BlockScan(NewestFirstSearch search, ScanPlan plan, Candidate candidate, int capacity) {
    this.search = requireNonNull(search, "search is null");
    this.plan = requireNonNull(plan, "plan is null");
    this.candidate = requireNonNull(candidate, "candidate is null");
    this.capacity = capacity;
  }

  @Override
  public void run() {
    if (!state.compareAndSet(NEW, RUNNING)) {
      return;
    }
    try {
      scan();
    } catch (Throwable scanFailure) {
      failure = scanFailure;
    } finally {
      search.completed(this);
    }
  }

  /** True when the scan had not started and now never will; false when it runs or ran. */
  boolean abandon() {
    return state.compareAndSet(NEW, ABANDONED);
  }

  Candidate candidate() {
    return candidate;
  }

  List<RankedRow> rows() {
    return rows;
  }

  long rowsScanned() {
    return rowsScanned;
  }

  long bytesRead() {
    return bytesRead;
  }

  Throwable failure() {
    return failure;
  }

  private void scan() {
    BlockRef ref = candidate.ref();
    boolean evaluateRows = candidate.verdict() == BlockVerdict.SOME_ROWS;
    boolean readWhole = !evaluateRows || plan.filterColumns().isEmpty();
    Block block = ref.read(readWhole ? null : plan.filterColumns());
    rowsScanned = block.rowCount();
    bytesRead = ref.storedBytes();
    int[] matchingRows = findMatchingRows(block, evaluateRows);
    if (matchingRows.length == 0) {
      return;
    }
    Block wholeBlock = readWhole ? block : readRemainingColumns(ref, block);
    rows = materialize(wholeBlock, matchingRows);
  }

  private int[] findMatchingRows(Block block, boolean evaluateRows) {
    TimeRange range = plan.range();
    int[] found = new int[Math.min(capacity, block.rowCount())];
    int count = 0;
    for (int row = block.rowCount() - 1; row >= 0 && count < found.length; row--) {
      if ((row & STOP_CHECK_INTERVAL_MASK) == 0 && search.isStopped()) {
        break;
      }
      long timeNanos = block.timeNanos(row);
      if (timeNanos >= range.endNanos()) {
        continue;
      }
      if (timeNanos < range.startNanos() || timeNanos < search.admissionThresholdNanos()) {
        break;
      }
      if (evaluateRows && !plan.filter().matches(block, row)) {
        continue;
      }
      found[count++] = row;
    }
    return Arrays.copyOf(found, count);
  }

  private Block readRemainingColumns(BlockRef ref, Block filterColumnsBlock) {
    Set<String> remaining = new HashSet<>(ref.columnNames());
    remaining.removeAll(filterColumnsBlock.columnNames());
    remaining.remove(FieldNames.TIME);
    if (remaining.isEmpty()) {
      return filterColumnsBlock;
    }
    return new CombinedBlock(filterColumnsBlock, ref.read(remaining));
  }

  private List<RankedRow> materialize(Block block, int[] matchingRows) {
    String[] otherColumns = otherColumnsSorted(block.columnNames());
    String streamText = candidate.ref().stream().canonicalLabels();
    StreamId streamId = candidate.ref().stream().id();
    List<RankedRow> ranked = new ArrayList<>(matchingRows.length);
    for (int row : matchingRows) {
      ResultRow resultRow = resultRow(block, row, streamText, otherColumns);
      ranked.add(new RankedRow(resultRow, streamId, candidate.order(), row));
    }
    return ranked;
  }

  static ResultRow resultRow(Block block, int row, String streamText, String[] otherColumns) {
    long timeNanos = block.timeNanos(row);
    List<Field> fields = new ArrayList<>(3 + otherColumns.length);
    fields.add(new Field(FieldNames.TIME, Timestamps.format(timeNanos)));
    fields.add(new Field(FieldNames.STREAM, streamText));
    String message = block.value(FieldNames.MESSAGE, row);
    fields.add(new Field(FieldNames.MESSAGE, message == null ? "" : message));
    for (String column : otherColumns) {
      String value = block.value(column, row);
      if (value != null) {
        fields.add(new Field(column, value));
      }
    }
    return new ResultRow(timeNanos, fields);
  }

  static String[] otherColumnsSorted(Set<String> columnNames) {
    return columnNames.stream()
        .filter(
            name ->
                !name.equals(FieldNames.TIME)
                    && !name.equals(FieldNames.STREAM)
                    && !name.equals(FieldNames.MESSAGE))
        .sorted()
        .toArray(String[]::new);
  }
}
