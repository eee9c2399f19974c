package dev.loupe.storage.wal;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LogRecord;
import dev.loupe.core.LoupeException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write-ahead log: each ingest batch is appended here with a checksum and fsynced before the
 * request that carried it is acknowledged; on start, the batches not yet in a part are replayed.
 *
 * <h2>Design note</h2>
 *
 * <p><b>What.</b> An append-only run of segment files, each a header and one frame per batch
 * (length, CRC32C, zstd-compressed payload; see {@code package-info.java}). A torn tail, what a
 * crash leaves of unsynced writes, fails its checksum and is cut when the WAL is opened.
 *
 * <p><b>Why group commit.</b> An fsync costs from 0.1 ms to 10 ms and more whatever it flushes, so
 * one fsync per request would cap ingest at that many requests a second. Here {@link #awaitDurable}
 * returns at once when an earlier fsync already covered the caller's batch; else the caller waits
 * for the sync lock, and the thread that holds it forces the file once for every batch written so
 * far. Callers that arrive while an fsync runs therefore share the next one: the slower the disk,
 * the more batches each fsync covers, with no timer to tune. This is group commit (DeWitt et al.,
 * "Implementation techniques for main memory database systems", SIGMOD 1984) in the leader/follower
 * shape of PostgreSQL's WAL flush.
 *
 * <p><b>The trade-off.</b> A caller can wait for up to two fsyncs (one already running when its
 * batch was written, then the one that covers it) in exchange for throughput that grows with
 * concurrency. Writes and fsyncs take different locks, so appending never waits for an fsync,
 * except at segment rotation (once per {@link WalOptions#segmentBytes}), which forces the full
 * segment so that a torn tail can only ever be in the newest one.
 *
 * <h2>Positions</h2>
 *
 * <p>A position is the sequence number of a batch: the first batch ever written is 1, every next
 * one 1 more, across segments and restarts; 0 means "no batch". The name and the header of each
 * segment carry the position of its first batch, and the newest segment is never deleted, so after
 * a restart numbering goes on above the last batch even when every other segment was released.
 * Batches cut as a torn tail were never durable, and their positions are given out again.
 *
 * <h2>Threads</h2>
 *
 * <p>Every method is safe to call from any thread. {@link #write} calls are serialised (the engine
 * also serialises them, to keep WAL order equal to memtable order). {@link #awaitDurable} blocks,
 * uninterruptibly, for at most about two fsyncs. {@link #replay} reads what was written when it was
 * called; call it on start, before new writes and before {@link #releaseThrough}. {@link
 * #releaseThrough} and {@link #close} wait for an fsync in progress. I/O runs with the caller's
 * interrupt status cleared and then restored, because an interrupt inside a {@link FileChannel}
 * operation closes the channel for every thread; an interrupt landing mid-operation anyway is
 * absorbed by reopening the channel and retrying. After {@link #close}, every call but {@link
 * #awaitDurable} of a durable position, {@link #sizeBytes} and {@link #lastPosition} throws {@code
 * UNAVAILABLE}.
 *
 * <h2>Failures</h2>
 *
 * <p>A failed write leaves nothing behind: its partial frame is cut (or, failing that, overwritten
 * by the next write and cut on open after a crash), its position is not used, and later writes can
 * succeed, for example once disk space is freed. A failed fsync is final: the kernel may have
 * dropped the pages it could not write and report the next fsync as a success (PostgreSQL's
 * "fsyncgate", 2018), so the WAL refuses every write after it, and only a restart, which replays
 * what is really on disk, is safe.
 */
public final class WriteAheadLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WriteAheadLog.class);

  /**
   * A channel closed under an operation this many times in a row means something keeps interrupting
   * the thread: give up rather than loop.
   */
  private static final int MAX_CHANNEL_ATTEMPTS = 3;

  private final Path directory;
  private final WalOptions options;
  private final ChannelOpener channelOpener;

  /**
   * Held by the one thread running a group-commit fsync, and by whoever closes segment channels
   * ({@link #releaseThrough}, {@link #close}), so a channel is never closed under an fsync. Always
   * taken before {@link #writeLock}, never while holding it.
   */
  private final ReentrantLock syncLock = new ReentrantLock();

  /** Guards the segment list, the encoder, the newest segment's state, closed and failure. */
  private final ReentrantLock writeLock = new ReentrantLock();

  /** Oldest first; the last one is appended to and is never deleted. */
  private final List<Segment> segments;

  private final BatchEncoder encoder = new BatchEncoder();
  private final AtomicLong durablePosition;
  private final java.util.concurrent.atomic.LongAdder fsyncs =
      new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.atomic.LongAdder fsyncNanos =
      new java.util.concurrent.atomic.LongAdder();
  private volatile long lastPosition;
  private volatile long totalBytes;
  private boolean closed;

  /** Set when an fsync failed; every later write and sync rethrows it. */
  private LoupeException failure;

  private WriteAheadLog(
      Path directory, WalOptions options, ChannelOpener channelOpener, List<Segment> segments) {
    this.directory = directory;
    this.options = options;
    this.channelOpener = channelOpener;
    this.segments = segments;
    this.lastPosition = segments.getLast().lastPosition();
    // Recovery forced the newest segment and older ones were forced before their successor.
    this.durablePosition = new AtomicLong(lastPosition);
    this.totalBytes = segments.stream().mapToLong(Segment::fileBytes).sum();
  }

  /**
   * Opens the WAL in {@code directory}, creating both if needed. Scans every segment and checks
   * every checksum; cuts a torn or damaged tail off the newest segment (truncating the file, with a
   * warning saying which file, from which offset and how many bytes); logs an error for a damaged
   * frame in an older segment and replays that segment only up to it.
   *
   * @throws LoupeException {@code CORRUPT_DATA} when a file named like a segment is not one, has a
   *     newer format version, or overlaps another segment's positions; {@code INSUFFICIENT_STORAGE}
   *     or {@code INTERNAL} when the directory cannot be read or written
   */
  public static WriteAheadLog open(Path directory, WalOptions options) {
    return open(directory, options, FileChannel::open);
  }

  static WriteAheadLog open(Path directory, WalOptions options, ChannelOpener channelOpener) {
    requireNonNull(directory, "directory is null");
    requireNonNull(options, "options is null");
    requireNonNull(channelOpener, "channelOpener is null");
    boolean interrupted = Thread.interrupted();
    try {
      Files.createDirectories(directory);
      List<Segment> segments = WalRecovery.recover(directory, channelOpener);
      return new WriteAheadLog(directory, options, channelOpener, segments);
    } catch (IOException e) {
      throw storageFailure("cannot open the wal in " + directory, e);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Appends {@code records} as one batch to the newest segment, starting a new segment first when
   * the batch would take the newest one past {@link WalOptions#segmentBytes}. The bytes reach the
   * operating system, not necessarily the disk: call {@link #awaitDurable} before acknowledging.
   *
   * @return the batch's position: one more than the last batch's (see the class note)
   * @throws LoupeException {@code INSUFFICIENT_STORAGE} when the disk is full (nothing was written;
   *     a later call can succeed), {@code PAYLOAD_TOO_LARGE} for a batch over 256 MB encoded,
   *     {@code UNAVAILABLE} after {@link #close}, {@code INTERNAL} for other I/O errors and after a
   *     failed fsync
   */
  public long write(List<LogRecord> records) {
    requireNonNull(records, "records is null");
    writeLock.lock();
    try {
      checkWritable();
      ByteBuffer frame = encoder.encode(records);
      Segment segment = segmentWithRoomFor(frame.remaining());
      append(segment, frame);
      lastPosition = segment.lastPosition();
      return lastPosition;
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Blocks until every batch up to and including {@code position} is on disk. Returns at once when
   * it already is; otherwise shares one fsync with the other callers waiting (see the class note).
   *
   * @param position a position {@link #write} returned; 0 or less returns at once
   * @throws IllegalArgumentException when no batch with {@code position} was written yet
   * @throws LoupeException {@code INTERNAL} (or {@code INSUFFICIENT_STORAGE}) when the fsync fails;
   *     the WAL then takes no more writes. {@code UNAVAILABLE} after {@link #close} for a position
   *     that is not durable.
   */
  public void awaitDurable(long position) {
    if (position <= durablePosition.get()) {
      return;
    }
    syncLock.lock();
    try {
      if (position <= durablePosition.get()) {
        return; // the fsync that held the lock while this thread waited covered it
      }
      SyncTarget target = syncTarget(position);
      force(target.newest());
      durablePosition.accumulateAndGet(target.coveredPosition(), Math::max);
    } finally {
      syncLock.unlock();
    }
  }

  /**
   * Calls {@code consumer} with every intact batch whose position is above {@code afterPosition},
   * in position order, on the calling thread. Reads the batches written when it is called; use it
   * on start, before new writes.
   *
   * @throws LoupeException {@code CORRUPT_DATA} when a batch that was intact on open no longer is,
   *     or passes its checksum but does not decode; {@code INTERNAL} when a segment cannot be read
   */
  public void replay(long afterPosition, BatchConsumer consumer) {
    requireNonNull(consumer, "consumer is null");
    List<ReplayRange> ranges = new ArrayList<>();
    writeLock.lock();
    try {
      checkOpen();
      for (Segment segment : segments) {
        ranges.add(
            new ReplayRange(
                segment.path(),
                segment.startPosition(),
                segment.intactBytes(),
                segment.batchCount()));
      }
    } finally {
      writeLock.unlock();
    }
    SegmentScanner scanner = new SegmentScanner();
    try (BatchDecoder decoder = new BatchDecoder()) {
      for (ReplayRange range : ranges) {
        if (range.batchCount() > 0 && range.lastPosition() > afterPosition) {
          replaySegment(range, afterPosition, consumer, scanner, decoder);
        }
      }
    } catch (IOException e) {
      throw storageFailure("cannot read the wal in " + directory + " to replay it", e);
    }
  }

  /**
   * Deletes the oldest segments while every batch in them has a position at or below {@code
   * position}, that is while they are safely in parts. Never deletes the newest segment. Waits for
   * an fsync in progress.
   *
   * @throws LoupeException {@code INTERNAL} when a segment cannot be deleted (the ones before it
   *     are gone; calling again retries the rest), {@code UNAVAILABLE} after {@link #close}
   */
  public void releaseThrough(long position) {
    syncLock.lock();
    try {
      writeLock.lock();
      try {
        checkOpen();
        while (segments.size() > 1 && segments.get(1).startPosition() - 1 <= position) {
          Segment oldest = segments.getFirst();
          delete(oldest);
          segments.removeFirst();
          totalBytes -= oldest.fileBytes();
        }
      } finally {
        writeLock.unlock();
      }
    } finally {
      syncLock.unlock();
    }
  }

  /** Bytes of all segment files, headers and any damaged remains included. */
  /** Group-commit fsyncs done since open. */
  public long fsyncs() {
    return fsyncs.sum();
  }

  /** Time spent in those fsyncs, nanoseconds (their latency is {@code fsyncNanos / fsyncs}). */
  public long fsyncNanos() {
    return fsyncNanos.sum();
  }

  public long sizeBytes() {
    return totalBytes;
  }

  /**
   * The position of the last batch written, durable or not; 0 when none was ever written. After a
   * restart that found every earlier segment released, it is the last position before them.
   */
  public long lastPosition() {
    return lastPosition;
  }

  /**
   * Makes every written batch durable and closes the files. Idempotent. Waits for an fsync in
   * progress; a caller of {@link #write} must not race with it (it gets {@code UNAVAILABLE}).
   *
   * @throws LoupeException {@code INTERNAL} when the final fsync or a close fails
   */
  @Override
  public void close() {
    syncLock.lock();
    try {
      writeLock.lock();
      try {
        if (closed) {
          return;
        }
        try {
          closeSegments();
        } finally {
          closed = true;
        }
      } finally {
        writeLock.unlock();
      }
    } finally {
      syncLock.unlock();
    }
  }

  /** What the next group-commit fsync forces, and the position it makes durable. */
  private record SyncTarget(Segment newest, long coveredPosition) {}

  private SyncTarget syncTarget(long position) {
    writeLock.lock();
    try {
      checkWritable();
      if (position > lastPosition) {
        throw new IllegalArgumentException(
            "position " + position + " was never written; the last written is " + lastPosition);
      }
      // Older segments were forced when the newest was created: forcing it covers them all.
      return new SyncTarget(segments.getLast(), lastPosition);
    } finally {
      writeLock.unlock();
    }
  }

  private Segment segmentWithRoomFor(int frameBytes) {
    Segment newest = segments.getLast();
    boolean fits = newest.intactBytes() + frameBytes <= options.segmentBytes();
    if (fits || newest.batchCount() == 0) {
      return newest;
    }
    return rotate(newest);
  }

  private Segment rotate(Segment full) {
    force(full);
    durablePosition.accumulateAndGet(full.lastPosition(), Math::max);
    Segment next;
    boolean interrupted = Thread.interrupted();
    try {
      next = Segment.create(directory, full.nextPosition(), channelOpener);
    } catch (IOException e) {
      throw storageFailure("cannot start a new wal segment in " + directory, e);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    segments.add(next);
    totalBytes += next.fileBytes();
    return next;
  }

  private void append(Segment segment, ByteBuffer frame) {
    int frameBytes = frame.remaining();
    long frameOffset = segment.intactBytes();
    try {
      onChannel(segment, channel -> writeFully(channel, frame.rewind(), frameOffset));
    } catch (IOException e) {
      discardPartialFrame(segment, e);
      throw storageFailure("cannot append a batch to wal segment " + segment.path(), e);
    }
    segment.appended(frameBytes);
    totalBytes += frameBytes;
  }

  private static void writeFully(FileChannel channel, ByteBuffer bytes, long offset)
      throws IOException {
    long next = offset;
    while (bytes.hasRemaining()) {
      next += channel.write(bytes, next);
    }
  }

  /**
   * Cuts what a failed append left after the last intact frame, which gives the space back on a
   * full disk. If that fails too, the next append overwrites the remains, and a crash before then
   * leaves them as a torn tail that opening cuts: either way no reader ever takes them for a frame.
   */
  private void discardPartialFrame(Segment segment, IOException writeFailure) {
    try {
      onChannel(
          segment,
          channel -> {
            if (channel.size() > segment.intactBytes()) {
              channel.truncate(segment.intactBytes());
            }
          });
    } catch (IOException truncateFailure) {
      writeFailure.addSuppressed(truncateFailure);
    }
  }

  /** fsyncs {@code segment}; a failure makes the WAL refuse all further writes. */
  private void force(Segment segment) {
    try {
      long started = System.nanoTime(); // latency for /metrics, not logic
      onChannel(segment, channel -> channel.force(false));
      fsyncNanos.add(System.nanoTime() - started);
      fsyncs.increment();
    } catch (IOException e) {
      throw fail("fsync of wal segment " + segment.path() + " failed", e);
    }
  }

  @FunctionalInterface
  private interface ChannelAction {
    void run(FileChannel channel) throws IOException;
  }

  /**
   * Runs {@code action} on the segment's channel with the interrupt status cleared, and restores it
   * after. An interrupt that lands during the I/O still closes the channel: reopen it and run the
   * action again, which every action here allows (positional writes, fsync, truncate).
   */
  private void onChannel(Segment segment, ChannelAction action) throws IOException {
    boolean interrupted = Thread.interrupted();
    try {
      for (int attempt = 1; ; attempt++) {
        FileChannel channel = segment.channel();
        try {
          action.run(channel);
          return;
        } catch (ClosedChannelException closedUnderUs) {
          interrupted |= Thread.interrupted();
          if (attempt == MAX_CHANNEL_ATTEMPTS) {
            throw closedUnderUs;
          }
          reopen(segment, channel);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void reopen(Segment segment, FileChannel closedChannel) throws IOException {
    writeLock.lock();
    try {
      checkOpen();
      if (segment.channel() == closedChannel && !closedChannel.isOpen()) {
        LOG.atInfo()
            .addKeyValue("segment", segment.path())
            .log(
                "reopening wal segment {}: an interrupted thread closed its channel",
                segment.path());
        segment.replaceChannel(
            channelOpener.open(segment.path(), StandardOpenOption.READ, StandardOpenOption.WRITE));
      }
    } finally {
      writeLock.unlock();
    }
  }

  private void replaySegment(
      ReplayRange range,
      long afterPosition,
      BatchConsumer consumer,
      SegmentScanner scanner,
      BatchDecoder decoder)
      throws IOException {
    SegmentScanner.Result result =
        scanner.scan(
            range.path(),
            range.startPosition(),
            range.intactBytes(),
            (frameIndex, frameOffset, payload, payloadLength) -> {
              long position = range.startPosition() + frameIndex;
              if (position <= afterPosition) {
                return;
              }
              consumer.accept(
                  position, decode(decoder, range, frameOffset, payload, payloadLength));
            });
    if (result.batchCount() != range.batchCount()) {
      throw new LoupeException(
          ErrorCode.CORRUPT_DATA,
          "wal segment "
              + range.path()
              + " changed on disk since the wal was opened: it had "
              + range.batchCount()
              + " intact batches, now "
              + result.batchCount()
              + " ("
              + result.problem()
              + "); is another process writing to "
              + directory
              + "?");
    }
  }

  private static List<LogRecord> decode(
      BatchDecoder decoder, ReplayRange range, long frameOffset, byte[] payload, int length) {
    try {
      return decoder.decode(payload, 0, length);
    } catch (LoupeException e) {
      throw new LoupeException(
          ErrorCode.CORRUPT_DATA,
          "the wal batch at offset "
              + frameOffset
              + " of "
              + range.path()
              + " passes its checksum but does not decode ("
              + e.getMessage()
              + "); please report this with the file",
          e);
    }
  }

  private void delete(Segment segment) {
    try {
      segment.closeChannel();
      Files.deleteIfExists(segment.path());
    } catch (IOException e) {
      throw storageFailure(
          "cannot delete wal segment " + segment.path() + "; check its permissions", e);
    }
  }

  private void closeSegments() {
    Segment newest = segments.getLast();
    IOException closeFailure = null;
    if (failure == null) {
      try {
        onChannel(
            newest,
            channel -> {
              if (channel.size() > newest.intactBytes()) {
                channel.truncate(newest.intactBytes()); // remains of a failed append
              }
              channel.force(false);
            });
        durablePosition.accumulateAndGet(lastPosition, Math::max);
      } catch (IOException e) {
        closeFailure = e;
      }
    }
    for (Segment segment : segments) {
      try {
        segment.closeChannel();
      } catch (IOException e) {
        closeFailure = addFailure(closeFailure, e);
      }
    }
    encoder.close();
    if (closeFailure != null) {
      throw storageFailure(
          "cannot close the wal in " + directory + " cleanly; a restart replays what is on disk",
          closeFailure);
    }
  }

  private static IOException addFailure(IOException first, IOException next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }

  private void checkOpen() {
    if (closed) {
      throw new LoupeException(
          ErrorCode.UNAVAILABLE, "the wal in " + directory + " is closed; loupe is shutting down");
    }
  }

  private void checkWritable() {
    checkOpen();
    if (failure != null) {
      throw new LoupeException(failure.code(), failure.getMessage(), failure);
    }
  }

  private LoupeException fail(String message, IOException cause) {
    LoupeException exception =
        storageFailure(
            message
                + "; the wal takes no more writes: restart loupe to replay what reached the disk",
            cause);
    writeLock.lock();
    try {
      if (failure == null) {
        failure = exception;
        LOG.atError().setCause(cause).log("{}", exception.getMessage());
      }
    } finally {
      writeLock.unlock();
    }
    return exception;
  }

  private static LoupeException storageFailure(String message, IOException cause) {
    if (isOutOfSpace(cause)) {
      return new LoupeException(
          ErrorCode.INSUFFICIENT_STORAGE,
          message + ": the disk is full (" + cause.getMessage() + "); free space and retry",
          cause);
    }
    return new LoupeException(ErrorCode.INTERNAL, message + ": " + cause, cause);
  }

  /**
   * Java reports a full disk as a plain IOException; the operating system's message is the only
   * sign (ENOSPC and EDQUOT on Unix, ERROR_DISK_FULL on Windows).
   */
  static boolean isOutOfSpace(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      String message = cause.getMessage();
      if (message != null
          && (message.contains("No space left on device")
              || message.contains("Disk quota exceeded")
              || message.contains("There is not enough space on the disk"))) {
        return true;
      }
    }
    return false;
  }

  /** What replay reads of one segment: fixed when replay starts. */
  private record ReplayRange(Path path, long startPosition, long intactBytes, long batchCount) {
    long lastPosition() {
      return startPosition + batchCount - 1;
    }
  }
}
