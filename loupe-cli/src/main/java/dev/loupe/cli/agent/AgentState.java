package dev.loupe.cli.agent;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;

/**
 * What the agent remembers across restarts: how far each file's lines are safely handed over, and
 * the number the next spool segment gets.
 *
 * @param nextSegment the sequence number of the next spool segment; segments at or above it were
 *     written after this state and are not covered by its offsets (deleted on start)
 * @param files one entry a followed file
 */
record AgentState(long nextSegment, List<FileOffset> files) {
  /**
   * How far one file has been handed over.
   *
   * @param identity device and inode
   * @param fingerprint the file's first bytes when last seen, to tell a reused inode apart
   * @param offset every event before this byte is in a sealed spool segment (or shipped)
   * @param label the file's label (its path when first seen)
   * @param path where the file was last seen, to find it again after a rotation while stopped
   */
  record FileOffset(
      FileIdentity identity, Fingerprint fingerprint, long offset, String label, Path path) {
    FileOffset {
      requireNonNull(identity, "identity is null");
      requireNonNull(fingerprint, "fingerprint is null");
      requireNonNull(label, "label is null");
      requireNonNull(path, "path is null");
      if (offset < 0) {
        throw new IllegalArgumentException("offset must not be negative: " + offset);
      }
    }
  }

  static final AgentState EMPTY = new AgentState(1, List.of());

  AgentState {
    files = List.copyOf(files);
    if (nextSegment < 1) {
      throw new IllegalArgumentException("nextSegment must be positive: " + nextSegment);
    }
  }
}
