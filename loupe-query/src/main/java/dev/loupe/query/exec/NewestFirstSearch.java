package dev.loupe.query.exec;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;

/**
 * One search in progress: starts {@link BlockScan}s on the pool, merges what they find, and sends
 * final rows to the sink from the calling thread.
 *
 * <p>Design note. Candidates come sorted by {@code maxTime}, newest first. Up to {@code window}
 * scans run at once; as each one finishes, its rows go into the {@link NewestFirstMerger} and the
 * frontier (the {@code maxTime} of the first candidate in order not yet finished, which bounds
 * every unfinished one) moves back, releasing the rows newer than it. A candidate is never started
 * once the merger is full and its {@code maxTime} is older than the oldest kept row; since
 * candidates are sorted, neither is any after it, and the search ends when the rows kept so far are
 * sent. Memory: {@code window} decoded blocks plus the rows the limit allows.
 *
 * <p>Stopping: when the limit is reached, the sink refuses a row or reports {@link
 * RowSink#cancelled()}, or the calling thread is interrupted, scans not yet started are abandoned
 * and running ones told to stop; {@link #run()} returns only after every scan it started has
 * finished, so no worker touches the snapshot after the search returns and the caller closes it.
 *
 * <p>Threads: {@link #run()} on the caller's thread; {@link #completed}, {@link #isStopped()} and
 * {@link #admissionThresholdNanos()} from workers.
 */
final class NewestFirstSearch {
  private final ExecutorService pool;
  private final int window;
  private final ScanPlan plan;
  private final List<Candidate> candidates;
  private final RowSink sink;
  private final NewestFirstMerger merger;
  private final BlockingQueue<BlockScan> completions = new LinkedBlockingQueue<>();
  private final Set<BlockScan> running = new HashSet<>();
  private final boolean[] finished;
  private final Deadline deadline;
  private final MemoryBudget memory;

  private volatile long admissionThresholdNanos = Long.MIN_VALUE;
  private volatile boolean stopped;

  private int nextToStart;
  private int firstUnfinished;
  private int candidatesEnd;
  private long blocksScanned;
  private long rowsScanned;
  private long bytesRead;

  NewestFirstSearch(
      ExecutorService pool,
      int window,
      ScanPlan plan,
      List<Candidate> candidates,
      int limit,
      RowSink sink,
      QueryBudget budget) {
    this.deadline = budget.deadline();
    this.memory = budget.memory();
    this.pool = requireNonNull(pool, "pool is null");
    this.window = window;
    this.plan = requireNonNull(plan, "plan is null");
    this.candidates = List.copyOf(candidates);
    this.sink = requireNonNull(sink, "sink is null");
    this.merger = new NewestFirstMerger(limit);
    this.finished = new boolean[candidates.size()];
    this.candidatesEnd = candidates.size();
  }

  /** Runs the search to its end; see the class note for when that is. */
  void run() {
    try {
      while (true) {
        deadline.check();
        startScans();
        advanceFrontier();
        boolean noBlockLeft = firstUnfinished >= candidatesEnd;
        long frontierNanos = noBlockLeft ? Long.MIN_VALUE : frontierNanos();
        if (!merger.emitFinal(noBlockLeft, frontierNanos, sink, memory)) {
          return;
        }
        if (noBlockLeft || merger.isDone() || sink.cancelled()) {
          return;
        }
        collect(completions.take());
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new LoupeException(
          ErrorCode.UNAVAILABLE, "search cancelled: its thread was interrupted", interrupted);
    } finally {
      stopAndAwaitScans();
    }
  }

  long rowsReturned() {
    return merger.emitted();
  }

  long blocksScanned() {
    return blocksScanned;
  }

  long rowsScanned() {
    return rowsScanned;
  }

  long bytesRead() {
    return bytesRead;
  }

  /** Called by a worker when its scan is over, failed or not. */
  void completed(BlockScan scan) {
    completions.add(scan);
  }

  boolean isStopped() {
    return stopped;
  }

  /** Rows older than this cannot be among the results any more; see NewestFirstMerger. */
  long admissionThresholdNanos() {
    return admissionThresholdNanos;
  }

  private void startScans() {
    while (nextToStart < candidatesEnd && running.size() < window) {
      Candidate candidate = candidates.get(nextToStart);
      if (merger.isFull() && candidate.ref().maxTimeNanos() < merger.admissionThresholdNanos()) {
        candidatesEnd = nextToStart;
        return;
      }
      BlockScan scan = new BlockScan(this, plan, candidate, merger.capacity());
      running.add(scan);
      try {
        pool.execute(scan);
      } catch (RejectedExecutionException rejected) {
        running.remove(scan);
        throw new LoupeException(
            ErrorCode.UNAVAILABLE, "the query pool refused work; the server is stopping", rejected);
      }
      nextToStart++;
    }
  }

  private void advanceFrontier() {
    while (firstUnfinished < candidatesEnd && finished[firstUnfinished]) {
      firstUnfinished++;
    }
  }

  private long frontierNanos() {
    return candidates.get(firstUnfinished).ref().maxTimeNanos();
  }

  private void collect(BlockScan scan) {
    running.remove(scan);
    if (scan.failure() != null) {
      throw scanFailure(scan);
    }
    finished[scan.candidate().order()] = true;
    blocksScanned++;
    rowsScanned += scan.rowsScanned();
    bytesRead += scan.bytesRead();
    // The scan's rows are all in memory now: reserve them, then give back the ones not kept.
    long scanBytes = 0;
    for (RankedRow row : scan.rows()) {
      scanBytes += MemoryBudget.bytesOf(row.row());
    }
    memory.reserve(scanBytes, "the newest rows found so far");
    for (RankedRow row : scan.rows()) {
      RankedRow dropped = merger.offer(row);
      if (dropped != null) {
        memory.release(MemoryBudget.bytesOf(dropped.row()));
      }
    }
    admissionThresholdNanos = merger.admissionThresholdNanos();
  }

  private static RuntimeException scanFailure(BlockScan scan) {
    Throwable failure = scan.failure();
    if (failure instanceof Error error) {
      throw error;
    }
    String block =
        "block of stream "
            + scan.candidate().ref().stream().canonicalLabels()
            + " at "
            + scan.candidate().ref().minTimeNanos();
    if (failure instanceof LoupeException loupe) {
      return new LoupeException(loupe.code(), loupe.getMessage() + " (" + block + ")", loupe);
    }
    return new LoupeException(
        ErrorCode.INTERNAL, "scanning a " + block + " failed: " + failure, failure);
  }

  /** Abandons scans not started, then waits, uninterruptibly, for the running ones to finish. */
  private void stopAndAwaitScans() {
    stopped = true;
    running.removeIf(BlockScan::abandon);
    boolean interrupted = false;
    while (!running.isEmpty()) {
      try {
        running.remove(completions.take());
      } catch (InterruptedException again) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
