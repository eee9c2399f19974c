package dev.loupe.storage;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.FieldNames;
import dev.loupe.core.LogRecord;
import dev.loupe.core.LoupeException;
import dev.loupe.storage.part.Part;
import dev.loupe.storage.part.PartWriter;
import dev.loupe.storage.part.PartWriterOptions;
import dev.loupe.storage.wal.WalOptions;
import dev.loupe.storage.wal.WriteAheadLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store: write-ahead log, memtable, day partitions of immutable parts, background
 * flushes, size-tiered merges and retention, read through reference-counted snapshots.
 *
 * <p>Write path: {@link #append} writes the batch to the WAL and the memtable under one lock (so
 * WAL order is memtable order), then waits, outside the lock, for a group-commit fsync that covers
 * it. Every {@code flushInterval} (or when the memtable is full) the memtable is frozen, written as
 * one part per day partition, the checkpoint file advanced, the parts published and the WAL
 * segments they cover deleted. On start, parts newer than the checkpoint (a flush cut short) are
 * deleted and the WAL is replayed from the checkpoint, so each acknowledged record is in exactly
 * one place.
 *
 * <p>Thread-safety: all public methods may be called from any thread. Records become visible to
 * snapshots when they are in the memtable, which is just before their fsync completes.
 */
public final class Storage implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Storage.class);

  /** How often retention runs besides after each flush; cheap, it only looks at part metadata. */
  private static final long RETENTION_PERIOD_SECONDS = 60;

  private final StorageConfig config;
  private final InstantSource clock;
  private final Path partitionsDirectory;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final WriteAheadLog wal;
  private final DiskGuard diskGuard;
  private final ScheduledExecutorService flushScheduler;
  private final ExecutorService mergeExecutor;

  /** Guards memtable, frozen and parts, and orders WAL writes with memtable inserts. */
  private final ReentrantLock stateLock = new ReentrantLock();

  /** Signalled (under {@link #stateLock}) whenever a merge ends, for {@link #mergeAll}. */
  private final java.util.concurrent.locks.Condition mergeFinished = stateLock.newCondition();

  /** Only one flush at a time, so checkpoints advance in WAL order. */
  private final ReentrantLock flushLock = new ReentrantLock();

  private Memtable memtable = new Memtable();
  private List<Frozen> frozen = List.of();
  private List<PartHandle> parts;
  private final Set<PartHandle> merging = new HashSet<>();
  private final List<String> corruptParts;
  private final List<AppendListener> appendListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private final AtomicLong nextPartSequence;
  private final AtomicLong appendedRows = new AtomicLong();
  private final AtomicLong flushes = new AtomicLong();
  private final AtomicLong merges = new AtomicLong();
  private volatile boolean closed;

  /** A memtable being flushed: still served to snapshots until its parts are published. */
  private record Frozen(MemtableView view, long lastWalPosition) {}

  private Storage(StorageConfig config, InstantSource clock) throws IOException {
    this.config = config;
    this.clock = clock;
    Path data = config.dataDirectory();
    Files.createDirectories(data);
    this.lockChannel =
        FileChannel.open(
            data.resolve(FileNames.LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    this.lock = tryLock(lockChannel, data);
    this.partitionsDirectory = data.resolve(FileNames.PARTITIONS_DIRECTORY);
    Files.createDirectories(partitionsDirectory);
    this.diskGuard = new DiskGuard(data, config.minFreeDiskBytes());
    long checkpoint = Checkpoint.read(data);
    List<String> corrupt = new ArrayList<>();
    long[] maxSequence = {0};
    this.parts = openParts(checkpoint, corrupt, maxSequence);
    this.corruptParts = List.copyOf(corrupt);
    this.nextPartSequence = new AtomicLong(maxSequence[0] + 1);
    this.wal = WriteAheadLog.open(data.resolve(FileNames.WAL_DIRECTORY), WalOptions.defaults());
    long[] replayed = {0};
    wal.replay(
        checkpoint,
        (position, records) -> {
          memtable.add(records, position);
          replayed[0] += records.size();
        });
    LOG.info(
        "storage opened: data={} parts={} replayedRows={} corruptParts={}",
        data,
        parts.size(),
        replayed[0],
        corruptParts.size());
    this.flushScheduler =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("loupe-flush").factory());
    this.mergeExecutor =
        Executors.newFixedThreadPool(
            Math.max(1, config.mergeThreads()),
            Thread.ofPlatform().name("loupe-merge-", 0).factory());
    long flushMillis = Math.max(1, config.flushInterval().toMillis());
    flushScheduler.scheduleWithFixedDelay(
        this::flushQuietly, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
    flushScheduler.scheduleWithFixedDelay(
        this::retentionQuietly, 0, RETENTION_PERIOD_SECONDS, TimeUnit.SECONDS);
    mergeExecutor.execute(this::mergeQuietly);
  }

  /**
   * Opens or creates the store in {@code config.dataDirectory()}.
   *
   * @throws LoupeException {@code UNAVAILABLE} when another process holds the directory
   */
  public static Storage open(StorageConfig config, InstantSource clock) {
    requireNonNull(config, "config is null");
    requireNonNull(clock, "clock is null");
    try {
      return new Storage(config, clock);
    } catch (IOException failure) {
      throw new LoupeException(
          ErrorCode.INTERNAL,
          "cannot open the data directory " + config.dataDirectory() + ": " + failure,
          failure);
    }
  }

  /**
   * Stores a batch durably: returns only after the records are fsynced in the WAL.
   *
   * @throws LoupeException {@code INSUFFICIENT_STORAGE} when the disk is (nearly) full; nothing of
   *     the batch is stored then
   */
  public void append(List<LogRecord> records) {
    if (records.isEmpty()) {
      return;
    }
    ensureOpen();
    checkFieldNames(records);
    diskGuard.checkWritable();
    long position;
    boolean memtableFull;
    stateLock.lock();
    try {
      ensureOpen();
      position = wal.write(records);
      memtable.add(records, position);
      for (AppendListener listener : appendListeners) {
        listener.appended(position, records);
      }
      memtableFull = memtable.estimatedBytes() >= config.memtableMaxBytes();
    } finally {
      stateLock.unlock();
    }
    wal.awaitDurable(position);
    appendedRows.addAndGet(records.size());
    if (memtableFull) {
      flushScheduler.execute(this::flushQuietly);
    }
  }

  /**
   * Refuses records that carry a field under a name the store derives itself ({@code _time}, {@code
   * _msg}, {@code _stream}, ...): parts cannot hold them, and a flush must never fail on data that
   * was acknowledged. Decoders drop such fields; this guards every other caller.
   */
  private static void checkFieldNames(List<LogRecord> records) {
    for (LogRecord record : records) {
      for (dev.loupe.core.Field field : record.fields()) {
        String name = field.name();
        if (!name.isEmpty() && name.charAt(0) == '_' && FieldNames.isDerived(name)) {
          throw new LoupeException(
              ErrorCode.BAD_REQUEST,
              "field name " + name + " is reserved for the value Loupe derives; rename the field");
        }
      }
    }
  }

  /**
   * Registers a listener for every batch appended from now on (see {@link AppendListener}). Returns
   * the WAL position of the last batch appended before it was registered, taken under the same
   * lock, so that the caller knows exactly where its stream of batches starts.
   */
  public long addAppendListener(AppendListener listener) {
    requireNonNull(listener, "listener is null");
    stateLock.lock();
    try {
      appendListeners.add(listener);
      return wal.lastPosition();
    } finally {
      stateLock.unlock();
    }
  }

  /**
   * Registers {@code listener} and takes a snapshot at the same instant, under the append lock:
   * every batch is either in the snapshot or told to the listener, never both, never neither. For
   * consumers that rebuild state from what is stored and then follow new batches exactly once
   * (derived metrics after a restart).
   */
  public Snapshot snapshotAndListen(AppendListener listener) {
    requireNonNull(listener, "listener is null");
    stateLock.lock();
    try {
      Snapshot snapshot = snapshot();
      appendListeners.add(listener);
      return snapshot;
    } finally {
      stateLock.unlock();
    }
  }

  public void removeAppendListener(AppendListener listener) {
    appendListeners.remove(listener);
  }

  /** A consistent view for one query; close it when done. */
  public Snapshot snapshot() {
    ensureOpen();
    List<MemtableView> views;
    List<Memtable.StreamCapture> captured;
    List<PartHandle> held;
    stateLock.lock();
    try {
      views = new ArrayList<>(frozen.size() + 1);
      for (Frozen pending : frozen) {
        views.add(pending.view());
      }
      captured = memtable.capture();
      held = new ArrayList<>(parts.size());
      for (PartHandle part : parts) {
        if (part.acquire()) {
          held.add(part);
        }
      }
    } finally {
      stateLock.unlock();
    }
    views.add(Memtable.view(captured, config.blockRows()));
    return new StorageSnapshot(held, views);
  }

  /** Writes the memtable to parts now (tests, shutdown, the CLI). */
  public void flush() {
    flushLock.lock();
    try {
      flushPending();
    } finally {
      flushLock.unlock();
    }
  }

  /** WAL fsyncs since open and the nanoseconds they took, for the fsync latency on /metrics. */
  public long[] walFsyncs() {
    return new long[] {wal.fsyncs(), wal.fsyncNanos()};
  }

  public StorageStats stats() {
    stateLock.lock();
    try {
      Set<String> partitions = new HashSet<>();
      long bytes = 0;
      long rows = 0;
      for (PartHandle part : parts) {
        partitions.add(part.partition());
        bytes += part.bytesOnDisk();
        rows += part.part().info().rows();
      }
      long pendingRows = memtable.rows();
      for (Frozen pending : frozen) {
        pendingRows += pending.view().rows();
      }
      return new StorageStats(
          partitions.size(),
          parts.size(),
          bytes,
          rows,
          wal.sizeBytes(),
          pendingRows,
          appendedRows.get(),
          flushes.get(),
          merges.get(),
          corruptParts);
    } finally {
      stateLock.unlock();
    }
  }

  /**
   * Merges until no partition has anything left to merge (the benchmark measures disk size after
   * merges). Returns the number of merges done.
   */
  public int mergeAll() {
    int done = 0;
    while (true) {
      if (mergeOnce()) {
        done++;
        continue;
      }
      // Nothing to select; a background merge may still hold parts that need merging after it.
      stateLock.lock();
      try {
        if (merging.isEmpty()) {
          return done;
        }
        mergeFinished.awaitUninterruptibly();
      } finally {
        stateLock.unlock();
      }
    }
  }

  /** Applies retention now (it also runs every minute). */
  public void applyRetention() {
    Retention.apply(this, config, clock);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    flushScheduler.shutdown();
    mergeExecutor.shutdown();
    try {
      flushScheduler.awaitTermination(1, TimeUnit.MINUTES);
      mergeExecutor.awaitTermination(10, TimeUnit.MINUTES);
      flush();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException failure) {
      LOG.error("final flush failed; the WAL still holds the data: {}", failure.toString());
    }
    stateLock.lock();
    try {
      closed = true;
      wal.close();
      for (PartHandle part : parts) {
        part.release();
      }
      parts = List.of();
    } finally {
      stateLock.unlock();
    }
    try {
      lock.release();
      lockChannel.close();
    } catch (IOException failure) {
      LOG.warn("cannot release the data directory lock: {}", failure.toString());
    }
  }

  /**
   * Stops like a killed process would, for crash tests: background threads stop, nothing is
   * flushed, the WAL and the directory lock are released. Every acknowledged record is in the WAL
   * already, which is all a crash leaves behind.
   */
  void abandonForCrashTest() {
    flushScheduler.shutdownNow();
    mergeExecutor.shutdownNow();
    try {
      flushScheduler.awaitTermination(1, TimeUnit.MINUTES);
      mergeExecutor.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
    stateLock.lock();
    try {
      closed = true;
      wal.close();
      for (PartHandle part : parts) {
        part.release();
      }
    } finally {
      stateLock.unlock();
    }
    try {
      lock.release();
      lockChannel.close();
    } catch (IOException failure) {
      throw new UncheckedIOException(failure);
    }
  }

  // ---- flush -------------------------------------------------------------------------------

  private void flushQuietly() {
    try {
      flush();
    } catch (RuntimeException failure) {
      LOG.error("flush failed, will retry; the WAL still holds the data: {}", failure.toString());
    }
  }

  private void flushPending() {
    stateLock.lock();
    try {
      if (closed) {
        return;
      }
      if (!memtable.isEmpty()) {
        Frozen next = new Frozen(memtable.view(config.blockRows()), memtable.lastWalPosition());
        memtable = new Memtable();
        List<Frozen> updated = new ArrayList<>(frozen);
        updated.add(next);
        frozen = List.copyOf(updated);
      }
    } finally {
      stateLock.unlock();
    }
    // Frozen memtables left by a failed flush go first, so the checkpoint advances in order.
    for (Frozen pending : frozen) {
      flushOne(pending);
    }
  }

  private void flushOne(Frozen pending) {
    // A flush can run between an append's WAL write and its fsync. The checkpoint must never
    // name a position that is not durable: after a crash the WAL would cut it and hand the same
    // positions to new batches, which the next replay would then skip.
    wal.awaitDurable(pending.lastWalPosition());
    List<PartHandle> written =
        writeParts(pending.view().recordsInPartOrder(), pending.lastWalPosition());
    try {
      Checkpoint.write(config.dataDirectory(), pending.lastWalPosition());
    } catch (IOException failure) {
      for (PartHandle part : written) {
        part.retire();
      }
      throw new UncheckedIOException("cannot write the checkpoint", failure);
    }
    stateLock.lock();
    try {
      List<PartHandle> updatedParts = new ArrayList<>(parts);
      updatedParts.addAll(written);
      parts = List.copyOf(updatedParts);
      List<Frozen> updatedFrozen = new ArrayList<>(frozen);
      updatedFrozen.remove(pending);
      frozen = List.copyOf(updatedFrozen);
    } finally {
      stateLock.unlock();
    }
    flushes.addAndGet(written.size());
    wal.releaseThrough(pending.lastWalPosition());
    if (!mergeExecutor.isShutdown()) {
      mergeExecutor.execute(this::mergeQuietly);
    }
  }

  /** Writes records (in part order) as one new part per day partition they fall in. */
  private List<PartHandle> writeParts(Iterator<LogRecord> records, long walPosition) {
    Map<String, PendingPart> byPartition = new LinkedHashMap<>();
    List<PartHandle> written = new ArrayList<>();
    try {
      while (records.hasNext()) {
        LogRecord record = records.next();
        String partition = FileNames.partitionOf(record.timeNanos());
        byPartition.computeIfAbsent(partition, this::startPart).writer().add(record);
      }
      for (Map.Entry<String, PendingPart> entry : byPartition.entrySet()) {
        written.add(entry.getValue().publish(entry.getKey(), walPosition));
      }
      return written;
    } catch (RuntimeException | IOException failure) {
      for (PendingPart pending : byPartition.values()) {
        pending.writer().close();
      }
      for (PartHandle part : written) {
        part.retire();
      }
      if (failure instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new UncheckedIOException((IOException) failure);
    }
  }

  private PendingPart startPart(String partition) {
    long sequence = nextPartSequence.getAndIncrement();
    Path partitionDirectory = partitionsDirectory.resolve(partition);
    try {
      Files.createDirectories(partitionDirectory);
    } catch (IOException failure) {
      throw new UncheckedIOException("cannot create partition " + partitionDirectory, failure);
    }
    Path temporary =
        partitionDirectory.resolve(FileNames.TEMPORARY_PREFIX + FileNames.partName(sequence));
    PartWriter writer =
        PartWriter.create(temporary, new PartWriterOptions(config.blockRows(), config.zstdLevel()));
    return new PendingPart(writer, temporary, sequence);
  }

  /** A part being written under its temporary name. */
  private record PendingPart(PartWriter writer, Path temporary, long sequence) {
    PartHandle publish(String partition, long walPosition) throws IOException {
      writer.finish(walPosition);
      Path target = temporary.resolveSibling(FileNames.partName(sequence));
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
      Directories.fsync(target.getParent());
      return new PartHandle(Part.open(target), partition, sequence);
    }
  }

  // ---- merges ------------------------------------------------------------------------------

  private void mergeQuietly() {
    try {
      while (!closed && !mergeExecutor.isShutdown() && mergeOnce()) {
        // keep merging while there is work
      }
    } catch (RuntimeException failure) {
      LOG.error("merge failed; the input parts stay in place: {}", failure.toString());
    }
  }

  /** Picks one merge and runs it; false when there is nothing to merge. */
  private boolean mergeOnce() {
    List<PartHandle> inputs = selectMerge();
    if (inputs.isEmpty()) {
      return false;
    }
    try {
      PartMerge.run(this, inputs);
      merges.incrementAndGet();
    } finally {
      // Released first, so that whoever waits in mergeAll sees retired inputs already deleted.
      for (PartHandle input : inputs) {
        input.release();
      }
      stateLock.lock();
      try {
        inputs.forEach(merging::remove);
        mergeFinished.signalAll();
      } finally {
        stateLock.unlock();
      }
    }
    return true;
  }

  /** Chooses inputs and takes a reference on each, under the state lock. */
  private List<PartHandle> selectMerge() {
    stateLock.lock();
    try {
      if (closed) {
        return List.of();
      }
      Map<String, List<PartHandle>> byPartition = new TreeMap<>();
      for (PartHandle part : parts) {
        if (!merging.contains(part)) {
          byPartition.computeIfAbsent(part.partition(), name -> new ArrayList<>()).add(part);
        }
      }
      for (List<PartHandle> candidates : byPartition.values()) {
        List<PartHandle> selected = MergePolicy.select(candidates);
        if (!selected.isEmpty()) {
          List<PartHandle> held = new ArrayList<>();
          for (PartHandle part : selected) {
            if (part.acquire()) {
              held.add(part);
            }
          }
          merging.addAll(held);
          return held;
        }
      }
      return List.of();
    } finally {
      stateLock.unlock();
    }
  }

  Path partitionsDirectory() {
    return partitionsDirectory;
  }

  StorageConfig config() {
    return config;
  }

  long nextPartSequence() {
    return nextPartSequence.getAndIncrement();
  }

  /**
   * Replaces {@code inputs} by {@code output} in the part list if all inputs are still there
   * (retention may have dropped them meanwhile). Returns false, changing nothing, otherwise.
   */
  boolean swapParts(List<PartHandle> inputs, PartHandle output) {
    stateLock.lock();
    try {
      if (!parts.containsAll(inputs)) {
        return false;
      }
      List<PartHandle> updated = new ArrayList<>(parts);
      updated.removeAll(inputs);
      updated.add(output);
      parts = List.copyOf(updated);
      return true;
    } finally {
      stateLock.unlock();
    }
  }

  /** Removes the given parts from the list and retires them (retention). */
  void dropParts(List<PartHandle> dropped) {
    List<PartHandle> removed = new ArrayList<>();
    stateLock.lock();
    try {
      List<PartHandle> updated = new ArrayList<>(parts);
      for (PartHandle part : dropped) {
        if (updated.remove(part)) {
          removed.add(part);
        }
      }
      parts = List.copyOf(updated);
    } finally {
      stateLock.unlock();
    }
    for (PartHandle part : removed) {
      LOG.info(
          "retention dropped part={} partition={} bytes={}",
          part.part().directory().getFileName(),
          part.partition(),
          part.bytesOnDisk());
      part.retire();
    }
  }

  List<PartHandle> liveParts() {
    stateLock.lock();
    try {
      return parts;
    } finally {
      stateLock.unlock();
    }
  }

  // ---- start-up ----------------------------------------------------------------------------

  private List<PartHandle> openParts(long checkpoint, List<String> corrupt, long[] maxSequence)
      throws IOException {
    List<PartHandle> opened = new ArrayList<>();
    Map<String, Path> partitions = new TreeMap<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(partitionsDirectory)) {
      for (Path entry : entries) {
        if (Files.isDirectory(entry)) {
          partitions.put(entry.getFileName().toString(), entry);
        }
      }
    }
    for (Map.Entry<String, Path> partition : partitions.entrySet()) {
      PartMerge.recoverIntent(partition.getValue());
      for (Path entry : listDirectory(partition.getValue())) {
        String name = entry.getFileName().toString();
        if (name.startsWith(FileNames.TEMPORARY_PREFIX)
            || name.startsWith(FileNames.OBSOLETE_PREFIX)) {
          PartHandle.deleteRecursively(entry);
          continue;
        }
        long sequence = FileNames.partSequence(name);
        if (sequence < 0) {
          continue;
        }
        maxSequence[0] = Math.max(maxSequence[0], sequence);
        PartHandle part = openPart(entry, partition.getKey(), sequence, corrupt);
        if (part == null) {
          continue;
        }
        if (part.part().info().walPosition() > checkpoint) {
          LOG.info("deleting part {} of an unfinished flush; the WAL replays it", entry);
          part.part().close();
          PartHandle.deleteRecursively(entry);
          continue;
        }
        opened.add(part);
      }
    }
    return List.copyOf(opened);
  }

  private static PartHandle openPart(
      Path directory, String partition, long sequence, List<String> corrupt) {
    try {
      return new PartHandle(Part.open(directory), partition, sequence);
    } catch (LoupeException failure) {
      if (failure.code() != ErrorCode.CORRUPT_DATA) {
        throw failure;
      }
      LOG.error("corrupt part not served: part={} reason={}", directory, failure.getMessage());
      corrupt.add(directory.toString());
      return null;
    }
  }

  private static List<Path> listDirectory(Path directory) throws IOException {
    List<Path> entries = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
      stream.forEach(entries::add);
    }
    return entries;
  }

  private static FileLock tryLock(FileChannel channel, Path data) throws IOException {
    FileLock acquired;
    try {
      acquired = channel.tryLock();
    } catch (OverlappingFileLockException sameProcess) {
      acquired = null;
    }
    if (acquired == null) {
      channel.close();
      throw new LoupeException(
          ErrorCode.UNAVAILABLE,
          "data directory "
              + data
              + " is in use by another Loupe process; stop it or choose another --data directory");
    }
    return acquired;
  }

  private void retentionQuietly() {
    try {
      applyRetention();
    } catch (RuntimeException failure) {
      LOG.error("retention failed, will retry: {}", failure.toString());
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new LoupeException(ErrorCode.UNAVAILABLE, "storage is closed (server shutting down)");
    }
  }

  /** Counts used by tests to check that merges and retention keep snapshots intact. */
  Map<String, Integer> partsPerPartition() {
    Map<String, Integer> counts = new HashMap<>();
    for (PartHandle part : liveParts()) {
      counts.merge(part.partition(), 1, Integer::sum);
    }
    return counts;
  }
}
