package dev.loupe.cli.agent;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's disk buffer: a directory of sealed batches, one file a batch, named by sequence
 * number ({@code 00000000000000000042.ndjson.gz}), each the exact gzip body of one ingest request.
 * The reader writes a segment durably, records it in the state file, then publishes it here; the
 * shipper sends segments oldest first and deletes each once the server has acknowledged it.
 *
 * <p>Every batch goes through the spool, not only while the server is down: one path for all data,
 * and offsets can be saved as soon as a batch is on disk. The spool is bounded: {@link #hasRoom}
 * turns false at {@code maxBytes}, and the reader then stops reading files (backpressure; the files
 * are the buffer). A segment is a gzip stream, which carries its own CRC32 and length.
 *
 * <p>Thread-safe: the reader writes and publishes, the shipper takes and removes.
 */
final class Spool {
  private static final Logger LOG = LoggerFactory.getLogger(Spool.class);
  private static final String SUFFIX = ".ndjson.gz";

  /** A sealed batch waiting to be shipped. */
  record Segment(long sequence, Path path, long bytes) {}

  private final Path directory;
  private final long maxBytes;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition published = lock.newCondition();
  private final Deque<Segment> pending = new ArrayDeque<>();
  private long pendingBytes;

  /**
   * Opens the spool and queues the segments a previous run left, those below {@code nextSegment};
   * segments at or above it were written after the state file was and are deleted (their lines are
   * read again from the files), as are temporary files.
   */
  Spool(Path directory, long maxBytes, long nextSegment) throws IOException {
    this.directory = directory;
    this.maxBytes = maxBytes;
    Files.createDirectories(directory);
    List<Segment> found = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        long sequence = sequenceOf(name);
        if (name.startsWith(DurableFiles.TEMPORARY_PREFIX)) {
          Files.deleteIfExists(entry);
        } else if (sequence >= nextSegment) {
          LOG.info("deleting spool segment written after the last state file={}", entry);
          Files.deleteIfExists(entry);
        } else if (sequence > 0) {
          found.add(new Segment(sequence, entry, Files.size(entry)));
        }
      }
    }
    found.sort((left, right) -> Long.compare(left.sequence(), right.sequence()));
    for (Segment segment : found) {
      pending.addLast(segment);
      pendingBytes += segment.bytes();
    }
  }

  /** Writes a sealed batch durably; it is shipped only once {@link #publish}ed. */
  Segment write(long sequence, byte[] body) throws IOException {
    Path path = directory.resolve(name(sequence));
    DurableFiles.replace(path, body);
    return new Segment(sequence, path, body.length);
  }

  /** Hands a written segment to the shipper (after the state file that covers it is written). */
  void publish(Segment segment) {
    lock.lock();
    try {
      pending.addLast(segment);
      pendingBytes += segment.bytes();
      published.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The oldest segment, waiting up to {@code timeout} for one; null when none came. */
  Segment awaitOldest(Duration timeout) throws InterruptedException {
    long remaining = timeout.toNanos();
    lock.lock();
    try {
      while (pending.isEmpty() && remaining > 0) {
        remaining = published.awaitNanos(remaining);
      }
      return pending.peekFirst();
    } finally {
      lock.unlock();
    }
  }

  /** Deletes a segment the server acknowledged (or refused for good). */
  void remove(Segment segment) throws IOException {
    lock.lock();
    try {
      if (pending.remove(segment)) {
        pendingBytes -= segment.bytes();
      }
    } finally {
      lock.unlock();
    }
    Files.deleteIfExists(segment.path());
  }

  /** Whether another batch may be sealed; false means the reader pauses. */
  boolean hasRoom() {
    return bytes() < maxBytes;
  }

  long bytes() {
    lock.lock();
    try {
      return pendingBytes;
    } finally {
      lock.unlock();
    }
  }

  int segments() {
    lock.lock();
    try {
      return pending.size();
    } finally {
      lock.unlock();
    }
  }

  /** Wakes a shipper waiting in {@link #awaitOldest} (on stop). */
  void wakeUp() {
    lock.lock();
    try {
      published.signalAll();
    } finally {
      lock.unlock();
    }
  }

  static String name(long sequence) {
    return String.format("%020d", sequence) + SUFFIX;
  }

  /** The sequence number in a segment's name, or -1 for any other name. */
  static long sequenceOf(String name) {
    if (!name.endsWith(SUFFIX) || name.length() != 20 + SUFFIX.length()) {
      return -1;
    }
    try {
      return Long.parseLong(name.substring(0, 20));
    } catch (NumberFormatException notOurs) {
      return -1;
    }
  }
}
