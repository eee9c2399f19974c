package dev.loupe.storage.part;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.LogRecord;
import dev.loupe.core.StreamId;
import dev.loupe.storage.BlockRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Merges parts into one new part, copying whole blocks where it can and re-encoding rows where it
 * must.
 *
 * <p><b>What it does.</b> Inputs are sorted by (stream id, time) and every block holds one stream,
 * so the merge walks streams in id order and, for each, looks at that stream's blocks in all inputs
 * at once. A block is <em>copied</em> ({@link PartWriter#copyBlock}: stored chunks byte for byte,
 * index entry renumbered) when
 *
 * <ul>
 *   <li>no other input block of the stream overlaps its time range, touching included: its rows
 *       then form a run that no other row falls into, and rows of equal time never have to be
 *       ordered across inputs by a copy;
 *   <li>it is full enough: at least half of {@code blockRows} rows (and at most {@code blockRows}).
 *       Small blocks (the tail of a flush, a quiet stream) are worth encoding together into full
 *       blocks, which compress better and cost the index less;
 *   <li>its bloom filters use the probe count this writer writes (always so in format 1).
 * </ul>
 *
 * Every other block of the stream goes through rows: its records are decoded and k-way merged by
 * time (ties in input order, so the result equals a stable sort of the inputs concatenated) and
 * added to the writer. Before a copied block, the rows older than it are added, and the writer cuts
 * the block it was filling, so the output stays in (stream, time) order.
 *
 * <p><b>Why.</b> Merges rewrite every row about twice over a part's life; decoding, tokenizing for
 * bloom filters and zstd-compressing again is nearly all of their CPU, and with sorted, mostly
 * disjoint flushes most blocks come out of a merge exactly as they went in. The same idea as
 * VictoriaLogs' and ClickHouse's merges of non-overlapping granules.
 *
 * <p><b>The trade-off.</b> A copied block keeps its source's zstd level and encodings, and the row
 * blocks around it can end up short (cut before the copy): at most one short block per copied run,
 * which a later merge packs again. The index does not hold a block's text size, so the output's
 * uncompressed bytes are the inputs' total, exactly what the rows give (see {@link PartInfo}).
 *
 * <p>One thread; the inputs must stay open until it returns. Corruption found in a block being
 * copied fails the merge ({@code CORRUPT_DATA}) and deletes the unfinished output.
 */
public final class PartMerger {
  private final List<Part> inputs;
  private final PartWriter writer;
  private final int blockRows;
  private final boolean copyBlocks;
  private final int[] nextBlock;
  private int copiedBlocks;
  private long copiedRows;
  private int rewrittenBlocks;
  private long rewrittenRows;

  private PartMerger(List<Part> inputs, PartWriter writer, int blockRows, boolean copyBlocks) {
    this.inputs = inputs;
    this.writer = writer;
    this.blockRows = blockRows;
    this.copyBlocks = copyBlocks;
    this.nextBlock = new int[inputs.size()];
  }

  /**
   * Merges {@code inputs} into a new part in {@code directory} (which must not exist), copying the
   * blocks that allow it. The output's WAL position is the largest of the inputs'.
   *
   * @throws dev.loupe.core.LoupeException {@code CORRUPT_DATA} when an input block is damaged;
   *     {@code INTERNAL} or {@code INSUFFICIENT_STORAGE} on I/O failure. The output directory is
   *     then deleted; the inputs are never changed.
   */
  public static MergeResult merge(List<Part> inputs, Path directory, PartWriterOptions options) {
    return run(inputs, directory, options, true);
  }

  /**
   * {@link #merge} without copying: every row decoded and encoded again. The reference the copying
   * merge must agree with, and the way to repack a partition's blocks from scratch.
   */
  public static MergeResult mergeRows(
      List<Part> inputs, Path directory, PartWriterOptions options) {
    return run(inputs, directory, options, false);
  }

  private static MergeResult run(
      List<Part> inputs, Path directory, PartWriterOptions options, boolean copyBlocks) {
    requireNonNull(inputs, "inputs is null");
    requireNonNull(directory, "directory is null");
    requireNonNull(options, "options is null");
    List<Part> parts = List.copyOf(inputs);
    long walPosition = 0;
    long uncompressedBytes = 0;
    for (Part part : parts) {
      walPosition = Math.max(walPosition, part.info().walPosition());
      uncompressedBytes += part.info().uncompressedBytes();
    }
    try (PartWriter writer = PartWriter.create(directory, options)) {
      PartMerger merger = new PartMerger(parts, writer, options.blockRows(), copyBlocks);
      merger.mergeStreams();
      PartInfo info = writer.finish(walPosition, uncompressedBytes);
      return new MergeResult(
          info,
          merger.copiedBlocks,
          merger.copiedRows,
          merger.rewrittenBlocks,
          merger.rewrittenRows);
    }
  }

  private void mergeStreams() {
    StreamId stream = nextStream();
    while (stream != null) {
      mergeStream(takeBlocksOf(stream));
      stream = nextStream();
    }
  }

  /** The smallest stream id among the inputs' next blocks; null when every input is done. */
  private StreamId nextStream() {
    StreamId smallest = null;
    for (int input = 0; input < inputs.size(); input++) {
      List<BlockRef> blocks = inputs.get(input).blocks();
      if (nextBlock[input] < blocks.size()) {
        StreamId id = blocks.get(nextBlock[input]).stream().id();
        if (smallest == null || id.compareTo(smallest) < 0) {
          smallest = id;
        }
      }
    }
    return smallest;
  }

  /** Every input's blocks of {@code stream} (contiguous in each input), input by input. */
  private List<Candidate> takeBlocksOf(StreamId stream) {
    List<Candidate> candidates = new ArrayList<>();
    for (int input = 0; input < inputs.size(); input++) {
      List<BlockRef> blocks = inputs.get(input).blocks();
      while (nextBlock[input] < blocks.size()
          && blocks.get(nextBlock[input]).stream().id().equals(stream)) {
        candidates.add(new Candidate(input, (PartBlockRef) blocks.get(nextBlock[input])));
        nextBlock[input]++;
      }
    }
    return candidates;
  }

  private void mergeStream(List<Candidate> candidates) {
    List<Candidate> copies = chooseCopies(candidates);
    Set<Candidate> copied = new HashSet<>(copies);
    List<List<PartBlockRef>> rowBlocks = new ArrayList<>(inputs.size());
    for (int input = 0; input < inputs.size(); input++) {
      rowBlocks.add(new ArrayList<>());
    }
    for (Candidate candidate : candidates) {
      if (!copied.contains(candidate)) {
        rowBlocks.get(candidate.input()).add(candidate.block());
        rewrittenBlocks++;
        rewrittenRows += candidate.block().rowCount();
      }
    }
    RowMerge rows = new RowMerge(rowBlocks);
    for (Candidate copy : copies) {
      // No row-path block overlaps the copy, so every row before it is older than its first row.
      rows.addOlderThan(copy.block().minTimeNanos(), writer);
      writer.copyBlock(copy.block());
      copiedBlocks++;
      copiedRows += copy.block().rowCount();
    }
    rows.addRemaining(writer);
  }

  /**
   * The blocks to copy, by time: sorted by (min, max) time, a block overlaps another exactly when
   * the largest max before it reaches its min, or the next block's min reaches its max.
   */
  private List<Candidate> chooseCopies(List<Candidate> candidates) {
    if (!copyBlocks) {
      return List.of();
    }
    List<Candidate> byTime = new ArrayList<>(candidates);
    byTime.sort(
        Comparator.comparingLong((Candidate candidate) -> candidate.block().minTimeNanos())
            .thenComparingLong(candidate -> candidate.block().maxTimeNanos()));
    List<Candidate> copies = new ArrayList<>();
    long largestMaxBefore = Long.MIN_VALUE;
    for (int i = 0; i < byTime.size(); i++) {
      PartBlockRef block = byTime.get(i).block();
      boolean overlapsBefore = i > 0 && largestMaxBefore >= block.minTimeNanos();
      boolean overlapsAfter =
          i + 1 < byTime.size() && byTime.get(i + 1).block().minTimeNanos() <= block.maxTimeNanos();
      if (!overlapsBefore && !overlapsAfter && fitsOutput(block)) {
        copies.add(byTime.get(i));
      }
      largestMaxBefore = Math.max(largestMaxBefore, block.maxTimeNanos());
    }
    return copies;
  }

  private boolean fitsOutput(PartBlockRef block) {
    return block.rowCount() >= blockRows / 2
        && block.rowCount() <= blockRows
        && block.part().hashCount() == PartFormat.BLOOM_HASH_COUNT;
  }

  /** A block of one input, by the input's position (which breaks ties between equal times). */
  private record Candidate(int input, PartBlockRef block) {}

  /** The k-way merge, by time, of one stream's row-path blocks in every input. */
  private static final class RowMerge {
    private record Head(LogRecord record, int input, Iterator<LogRecord> source) {}

    private final PriorityQueue<Head> heads =
        new PriorityQueue<>(
            Comparator.comparingLong((Head head) -> head.record().timeNanos())
                .thenComparingInt(Head::input));

    RowMerge(List<List<PartBlockRef>> blocksByInput) {
      for (int input = 0; input < blocksByInput.size(); input++) {
        List<PartBlockRef> blocks = blocksByInput.get(input);
        if (!blocks.isEmpty()) {
          Iterator<LogRecord> source = blocks.get(0).part().records(blocks);
          if (source.hasNext()) {
            heads.add(new Head(source.next(), input, source));
          }
        }
      }
    }

    /** Adds to {@code writer}, in order, every row older than {@code timeNanos}. */
    void addOlderThan(long timeNanos, PartWriter writer) {
      while (!heads.isEmpty() && heads.peek().record().timeNanos() < timeNanos) {
        addNext(writer);
      }
    }

    void addRemaining(PartWriter writer) {
      while (!heads.isEmpty()) {
        addNext(writer);
      }
    }

    private void addNext(PartWriter writer) {
      Head head = heads.poll();
      writer.add(head.record());
      if (head.source().hasNext()) {
        heads.add(new Head(head.source().next(), head.input(), head.source()));
      }
    }
  }
}
