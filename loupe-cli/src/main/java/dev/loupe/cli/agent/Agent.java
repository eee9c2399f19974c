package dev.loupe.cli.agent;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.InstantSource;
import java.util.SplittableRandom;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running file shipper: the reader thread ({@link Tailer}) and the shipper thread ({@link
 * Shipper}), meeting at the {@link Spool}, all state under one data directory:
 *
 * <pre>
 * DATA_DIR/lock          held while an agent runs (two agents on one directory would corrupt it)
 * DATA_DIR/state.json    offsets and the next segment number ({@link StateFile})
 * DATA_DIR/spool/        sealed batches waiting for the server ({@link Spool})
 * </pre>
 *
 * <p>Start with {@link #start}, stop with {@link #close}: the reader seals what it read and saves
 * the offsets, the shipper keeps shipping for up to {@code --shutdown-timeout}, and the rest waits
 * in the spool for the next start. Thread-safe.
 */
final class Agent implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
  static final String LOCK_FILE = "lock";
  static final String STATE_FILE = "state.json";
  static final String SPOOL_DIRECTORY = "spool";

  private final AgentSettings settings;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final Spool spool;
  private final Tailer tailer;
  private final Shipper shipper;
  private final Thread readerThread;
  private final Thread shipperThread;
  private final ReentrantLock wakeLock = new ReentrantLock();
  private final Condition wake = wakeLock.newCondition();
  private final long statusIntervalNanos;
  private volatile boolean stopping;
  private boolean closed;
  private long lastStatusNanos;
  private long lastStatusShipped;

  private Agent(
      AgentSettings settings,
      FileChannel lockChannel,
      FileLock lock,
      Spool spool,
      Tailer tailer,
      Shipper shipper) {
    this.settings = settings;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.spool = spool;
    this.tailer = tailer;
    this.shipper = shipper;
    this.statusIntervalNanos = settings.statusInterval().toNanos();
    this.readerThread =
        Thread.ofPlatform().name("loupe-agent-reader").daemon().unstarted(this::readLoop);
    this.shipperThread =
        Thread.ofPlatform().name("loupe-agent-shipper").daemon().unstarted(shipper);
  }

  /**
   * Locks the data directory, loads the state, opens the spool and starts both threads.
   *
   * @param clock the time of lines and of idle timeouts
   * @throws LoupeException when another agent holds the directory or the state file is damaged
   */
  static Agent start(AgentSettings settings, InstantSource clock) throws IOException {
    requireNonNull(settings, "settings is null");
    requireNonNull(clock, "clock is null");
    Path directory = settings.dataDirectory();
    FileChannel lockChannel;
    try {
      Files.createDirectories(directory);
      lockChannel =
          FileChannel.open(
              directory.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException failure) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST,
          "cannot use --data-dir " + directory + " (" + failure + "); give a writable directory",
          failure);
    }
    FileLock lock;
    try {
      lock = lockChannel.tryLock();
    } catch (java.nio.channels.OverlappingFileLockException heldHere) {
      lock = null;
    }
    if (lock == null) {
      lockChannel.close();
      throw new LoupeException(
          ErrorCode.BAD_REQUEST,
          "another loupe agent is using " + directory + "; give each agent its own --data-dir");
    }
    try {
      AgentState state = StateFile.readOrNull(directory.resolve(STATE_FILE));
      long nextSegment = state == null ? AgentState.EMPTY.nextSegment() : state.nextSegment();
      Spool spool =
          new Spool(directory.resolve(SPOOL_DIRECTORY), settings.maxBufferBytes(), nextSegment);
      if (spool.segments() > 0) {
        LOG.info(
            "{} batches ({}) left in the spool by the last run; shipping them first",
            spool.segments(),
            AgentStatus.bytes(spool.bytes()));
      }
      Tailer tailer = new Tailer(settings, clock, spool, directory.resolve(STATE_FILE), state);
      Shipper shipper = new Shipper(settings, spool, new SplittableRandom());
      Agent agent = new Agent(settings, lockChannel, lock, spool, tailer, shipper);
      agent.lastStatusNanos = System.nanoTime();
      agent.readerThread.start();
      agent.shipperThread.start();
      return agent;
    } catch (IOException | RuntimeException failure) {
      lock.release();
      lockChannel.close();
      throw failure;
    }
  }

  /** What the agent has done so far. */
  AgentStatus status() {
    return new AgentStatus(
        tailer.linesRead(),
        shipper.linesShipped(),
        shipper.linesRejected(),
        shipper.batchesShipped(),
        shipper.batchesRefused(),
        shipper.failedRequests(),
        tailer.files(),
        tailer.unreadBytes(),
        spool.segments(),
        spool.bytes(),
        tailer.paused(),
        tailer.truncations(),
        shipper.lastError());
  }

  private void readLoop() {
    while (!stopping) {
      boolean readSomething;
      try {
        readSomething = tailer.round();
      } catch (RuntimeException failure) {
        LOG.error("reader round failed (continuing)", failure);
        readSomething = false;
      }
      logStatusIfDue();
      if (!readSomething) {
        sleep(settings.pollInterval());
      }
    }
    tailer.stop();
  }

  private void sleep(Duration duration) {
    wakeLock.lock();
    try {
      if (!stopping) {
        wake.awaitNanos(duration.toNanos());
      }
    } catch (InterruptedException interrupted) {
      stopping = true;
    } finally {
      wakeLock.unlock();
    }
  }

  private void logStatusIfDue() {
    if (statusIntervalNanos == 0) {
      return;
    }
    long now = System.nanoTime();
    long elapsed = now - lastStatusNanos;
    if (elapsed < statusIntervalNanos) {
      return;
    }
    AgentStatus status = status();
    double perSecond = (status.linesShipped() - lastStatusShipped) * 1e9 / elapsed;
    LOG.info("{}", status.line(perSecond));
    lastStatusNanos = now;
    lastStatusShipped = status.linesShipped();
  }

  /**
   * Stops reading (sealing what was read, saving offsets), ships for up to the shutdown timeout,
   * and releases the data directory. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stopping = true;
    wakeLock.lock();
    try {
      wake.signalAll();
    } finally {
      wakeLock.unlock();
    }
    join(readerThread);
    shipper.stop(settings.shutdownTimeout());
    join(shipperThread);
    AgentStatus status = status();
    LOG.info(
        "agent stopped: shipped {} lines; {} batches ({}) left in the spool for the next start",
        status.linesShipped(),
        status.spoolSegments(),
        AgentStatus.bytes(status.spoolBytes()));
    try {
      lock.release();
      lockChannel.close();
    } catch (IOException failure) {
      LOG.warn(
          "cannot release the lock of dir={} error=\"{}\"",
          settings.dataDirectory(),
          failure.toString());
    }
  }

  private static void join(Thread thread) {
    try {
      thread.join();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
