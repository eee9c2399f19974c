package dev.loupe.cli.agent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * The CRC32C of a file's first bytes (up to {@link AgentLimits#FINGERPRINT_BYTES}). Log files only
 * grow, so their first bytes never change: a different checksum over the same length means the
 * content was replaced (a reused inode, or a file truncated and written again between two looks). A
 * file shorter than the full length gets a short fingerprint, extended as it grows.
 *
 * @param length how many leading bytes the checksum covers; 0 for an empty file (matches any file)
 * @param checksum CRC32C of those bytes
 */
record Fingerprint(int length, long checksum) {
  static final Fingerprint EMPTY = new Fingerprint(0, new CRC32C().getValue());

  Fingerprint {
    if (length < 0 || length > AgentLimits.FINGERPRINT_BYTES) {
      throw new IllegalArgumentException("fingerprint length out of range: " + length);
    }
  }

  /** The fingerprint of the file's first bytes, as many as there are up to the full length. */
  static Fingerprint of(FileChannel channel) throws IOException {
    ByteBuffer head = readHead(channel);
    return new Fingerprint(head.remaining(), checksum(head, head.remaining()));
  }

  /**
   * Whether the file still starts with the bytes this fingerprint was taken of; a file now shorter
   * than the fingerprint does not (it was truncated).
   */
  boolean matches(FileChannel channel) throws IOException {
    if (length == 0) {
      return true;
    }
    ByteBuffer head = readHead(channel);
    return head.remaining() >= length && checksum(head, length) == checksum;
  }

  /**
   * This fingerprint extended over more of the file's first bytes when the file has grown, or
   * {@code null} when the file no longer starts with the bytes it was taken of.
   */
  Fingerprint extendedOrNull(FileChannel channel) throws IOException {
    ByteBuffer head = readHead(channel);
    if (head.remaining() < length || checksum(head, length) != checksum) {
      return null;
    }
    if (head.remaining() == length) {
      return this;
    }
    return new Fingerprint(head.remaining(), checksum(head, head.remaining()));
  }

  boolean isFull() {
    return length == AgentLimits.FINGERPRINT_BYTES;
  }

  private static ByteBuffer readHead(FileChannel channel) throws IOException {
    ByteBuffer head = ByteBuffer.allocate(AgentLimits.FINGERPRINT_BYTES);
    long position = 0;
    while (head.hasRemaining()) {
      int read = channel.read(head, position);
      if (read < 0) {
        break;
      }
      position += read;
    }
    return head.flip();
  }

  private static long checksum(ByteBuffer head, int length) {
    CRC32C crc = new CRC32C();
    crc.update(head.array(), head.arrayOffset(), length);
    return crc.getValue();
  }
}
