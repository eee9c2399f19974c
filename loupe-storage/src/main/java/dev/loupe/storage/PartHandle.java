package dev.loupe.storage;

import dev.loupe.storage.part.Part;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A part plus a reference count. The part list holds one reference; every snapshot that includes
 * the part holds one more. When a merge or retention retires the part, its directory is renamed
 * away at once and deleted when the last reference is released, so running queries never lose the
 * files under them (open channels survive a rename on POSIX).
 */
final class PartHandle {
  private static final Logger LOG = LoggerFactory.getLogger(PartHandle.class);

  private final Part part;
  private final String partition;
  private final long sequence;
  private final AtomicInteger references = new AtomicInteger(1);
  private volatile Path retiredDirectory;

  PartHandle(Part part, String partition, long sequence) {
    this.part = part;
    this.partition = partition;
    this.sequence = sequence;
  }

  Part part() {
    return part;
  }

  String partition() {
    return partition;
  }

  long sequence() {
    return sequence;
  }

  long bytesOnDisk() {
    return part.info().bytesOnDisk();
  }

  /** Takes a reference; false when the part was already released for good. */
  boolean acquire() {
    while (true) {
      int current = references.get();
      if (current == 0) {
        return false;
      }
      if (references.compareAndSet(current, current + 1)) {
        return true;
      }
    }
  }

  void release() {
    if (references.decrementAndGet() == 0) {
      part.close();
      Path directory = retiredDirectory;
      if (directory != null) {
        deleteRecursively(directory);
      }
    }
  }

  /**
   * Renames the directory to its obsolete name (so a restart deletes it) and drops the part list's
   * reference. Called once, by the thread that removed the part from the list.
   */
  void retire() {
    Path directory = part.directory();
    Path obsolete = directory.resolveSibling(FileNames.OBSOLETE_PREFIX + directory.getFileName());
    try {
      Files.move(directory, obsolete);
    } catch (IOException failure) {
      throw new UncheckedIOException("cannot retire part " + directory, failure);
    }
    retiredDirectory = obsolete;
    release();
  }

  static void deleteRecursively(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException failure) {
      LOG.warn("cannot delete {}: {}", directory, failure.toString());
    }
  }
}
