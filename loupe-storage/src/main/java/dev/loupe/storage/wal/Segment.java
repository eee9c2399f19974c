package dev.loupe.storage.wal;

import static java.util.Objects.requireNonNull;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One segment file as the WAL tracks it: where it is, the position of its first batch, how many
 * intact batches it holds and where they end.
 *
 * <p>Mutable and guarded by the WAL's write lock, except {@link #channel()}, which a group-commit
 * leader reads without it. The channel is open for segments this process created or appended to,
 * null for older ones (they are only read, by replay, through channels of its own).
 */
final class Segment {
  private static final boolean WINDOWS = File.separatorChar == '\\';

  private final Path path;
  private final long startPosition;
  private volatile FileChannel channel;
  private long fileBytes;
  private long intactBytes;
  private long batchCount;

  Segment(
      Path path,
      long startPosition,
      FileChannel channel,
      long fileBytes,
      long intactBytes,
      long batchCount) {
    this.path = requireNonNull(path, "path is null");
    if (startPosition < WalFormat.FIRST_POSITION) {
      throw new IllegalArgumentException("startPosition must be positive: " + startPosition);
    }
    this.startPosition = startPosition;
    this.channel = channel;
    this.fileBytes = fileBytes;
    this.intactBytes = intactBytes;
    this.batchCount = batchCount;
  }

  /**
   * Creates the segment file whose first batch will have {@code startPosition}: writes its header
   * and makes header and directory entry durable before any frame can be written after them. A torn
   * segment can therefore only ever be the newest one, and only in its frames.
   */
  static Segment create(Path directory, long startPosition, ChannelOpener opener)
      throws IOException {
    Path path = directory.resolve(WalFormat.segmentFileName(startPosition));
    FileChannel channel =
        opener.open(
            path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      writeHeader(channel, startPosition);
      syncDirectory(directory);
    } catch (IOException | RuntimeException failure) {
      try {
        channel.close();
        Files.deleteIfExists(path);
      } catch (IOException cleanupFailure) {
        failure.addSuppressed(cleanupFailure);
      }
      throw failure;
    }
    return new Segment(
        path, startPosition, channel, WalFormat.HEADER_BYTES, WalFormat.HEADER_BYTES, 0);
  }

  /** Empties {@code channel}'s file and writes a fresh header, durably. */
  static void writeHeader(FileChannel channel, long startPosition) throws IOException {
    channel.truncate(0);
    ByteBuffer header = SegmentHeader.encode(startPosition);
    long offset = 0;
    while (header.hasRemaining()) {
      offset += channel.write(header, offset);
    }
    channel.force(true);
  }

  /**
   * Makes a new file's directory entry durable: without this a crash can lose the whole file even
   * after its data was fsynced. Windows cannot open a directory as a channel; NTFS journals the
   * entry itself, so there is nothing to do there.
   */
  static void syncDirectory(Path directory) throws IOException {
    if (WINDOWS) {
      return;
    }
    try (FileChannel directoryChannel = FileChannel.open(directory, StandardOpenOption.READ)) {
      directoryChannel.force(true);
    }
  }

  Path path() {
    return path;
  }

  long startPosition() {
    return startPosition;
  }

  /** The position the next batch appended here gets. */
  long nextPosition() {
    return startPosition + batchCount;
  }

  /** The position of the last intact batch, or {@code startPosition - 1} when there is none. */
  long lastPosition() {
    return startPosition + batchCount - 1;
  }

  long batchCount() {
    return batchCount;
  }

  long fileBytes() {
    return fileBytes;
  }

  long intactBytes() {
    return intactBytes;
  }

  FileChannel channel() {
    return channel;
  }

  void replaceChannel(FileChannel reopened) {
    this.channel = requireNonNull(reopened, "reopened is null");
  }

  void appended(int frameBytes) {
    intactBytes += frameBytes;
    fileBytes = intactBytes;
    batchCount++;
  }

  void closeChannel() throws IOException {
    FileChannel open = channel;
    channel = null;
    if (open != null) {
      open.close();
    }
  }
}
