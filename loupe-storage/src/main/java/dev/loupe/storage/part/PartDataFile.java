package dev.loupe.storage.part;

import java.io.EOFException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Positional reads of a part's {@link PartFileNames#DATA}, safe from many threads at once.
 *
 * <p><b>Why positional reads, not a memory map.</b> Reads go through {@link FileChannel#read(
 * ByteBuffer, long)} ({@code pread}): concurrent, no shared file position, served from the page
 * cache on repeated queries. A {@link java.nio.MappedByteBuffer} would save the system call (a
 * microsecond or two, against the tens of microseconds zstd spends on a chunk) but Java 21 cannot
 * unmap it: the mapping lives until a garbage collection finds the buffer, and with it the disk
 * space of every part that merges and retention have deleted. The free-space checks that refuse
 * ingest would see phantom usage, and on Windows the files could not be deleted at all. A mapping
 * also turns a file truncated under it into an {@link InternalError} in whichever thread touches
 * it. Revisit with the FFM API ({@code Arena}-scoped maps) once Java 22 is the floor.
 *
 * <p><b>Interrupts.</b> A {@link FileChannel} is closed for every thread when a thread blocked in
 * it is interrupted (a cancelled query). So a thread already interrupted does not touch the
 * channel, and one interrupted during a read does not break the part: the channel is reopened by
 * path, and until it is, and whenever that fails (the engine renames retired parts while queries
 * still read them), reads go through a {@link RandomAccessFile} opened alongside, whose reads are
 * not interruptible, one at a time under its lock.
 */
final class PartDataFile implements AutoCloseable {
  private final Path path;
  private final long size;
  private final RandomAccessFile fallback;
  private volatile FileChannel channel;
  private volatile boolean channelBroken;
  private volatile boolean closed;

  private PartDataFile(Path path, long size, FileChannel channel, RandomAccessFile fallback) {
    this.path = path;
    this.size = size;
    this.channel = channel;
    this.fallback = fallback;
  }

  /**
   * Opens the file and checks its size, header and footer (not its checksum, which would mean
   * reading all of it: each chunk has its own).
   *
   * @throws MalformedPartException when the file is not a whole data file of {@code expectedSize}
   */
  static PartDataFile open(Path path, long expectedSize) throws IOException {
    FileChannel channel;
    try {
      channel = FileChannel.open(path, StandardOpenOption.READ);
    } catch (java.nio.file.NoSuchFileException missing) {
      throw new MalformedPartException("file is missing");
    }
    PartDataFile file = null;
    try {
      file =
          new PartDataFile(path, channel.size(), channel, new RandomAccessFile(path.toFile(), "r"));
      file.checkEnvelope(expectedSize);
      return file;
    } catch (IOException | RuntimeException failure) {
      if (file != null) {
        file.close();
      } else {
        channel.close();
      }
      throw failure;
    }
  }

  private void checkEnvelope(long expectedSize) {
    if (size != expectedSize) {
      throw new MalformedPartException(
          "file is " + size + " bytes but the metadata says " + expectedSize + " (truncated?)");
    }
    if (size < PartFormat.HEADER_BYTES + PartFormat.FOOTER_BYTES) {
      throw new MalformedPartException(
          "file is " + size + " bytes, shorter than header and footer");
    }
    byte[] header = new byte[PartFormat.HEADER_BYTES];
    read(0, header, 0, header.length);
    FileEnvelope.checkHeader(header, PartFormat.KIND_DATA);
    byte[] footer = new byte[PartFormat.FOOTER_BYTES];
    read(size - PartFormat.FOOTER_BYTES, footer, 0, footer.length);
    FileEnvelope.checkFooter(footer, 0, size);
  }

  long size() {
    return size;
  }

  /**
   * Reads {@code destination[offset, offset + length)} from {@code position}.
   *
   * @throws MalformedPartException when the file ends first
   * @throws IllegalStateException when the part was closed
   */
  void read(long position, byte[] destination, int offset, int length) {
    if (closed) {
      throw new IllegalStateException("part file " + path + " is closed");
    }
    if (!channelBroken && !Thread.currentThread().isInterrupted()) {
      FileChannel current = channel;
      try {
        readFromChannel(current, position, ByteBuffer.wrap(destination, offset, length));
        return;
      } catch (ClosedChannelException closedUnderUs) {
        if (closed) {
          throw new IllegalStateException("part file " + path + " is closed", closedUnderUs);
        }
        replaceChannel(current);
      } catch (IOException failure) {
        throw PartIo.failure("read part file", path, failure);
      }
    }
    readFromFallback(position, destination, offset, length);
  }

  private static void readFromChannel(FileChannel channel, long position, ByteBuffer destination)
      throws IOException {
    long next = position;
    while (destination.hasRemaining()) {
      int read = channel.read(destination, next);
      if (read < 0) {
        throw new MalformedPartException("file ends at " + next + " inside a chunk");
      }
      next += read;
    }
  }

  private void readFromFallback(long position, byte[] destination, int offset, int length) {
    synchronized (fallback) {
      try {
        fallback.seek(position);
        fallback.readFully(destination, offset, length);
      } catch (EOFException shortFile) {
        throw new MalformedPartException("file ends before " + (position + length));
      } catch (IOException failure) {
        throw PartIo.failure("read part file", path, failure);
      }
    }
  }

  /** After an interrupt closed {@code broken}: reopen by path, or fall back for good. */
  private synchronized void replaceChannel(FileChannel broken) {
    if (closed || channel != broken) {
      return;
    }
    try {
      FileChannel reopened = FileChannel.open(path, StandardOpenOption.READ);
      if (reopened.size() != size) {
        reopened.close();
        channelBroken = true;
        return;
      }
      channel = reopened;
    } catch (IOException renamedOrDeleted) {
      channelBroken = true;
    }
  }

  /**
   * The CRC32C of header and body recomputed and compared with the footer; reads the whole file.
   */
  boolean checksumMatches() {
    CRC32C crc = new CRC32C();
    byte[] buffer = new byte[1 << 20];
    long contentEnd = size - PartFormat.FOOTER_BYTES;
    for (long position = 0; position < contentEnd; position += buffer.length) {
      int length = (int) Math.min(buffer.length, contentEnd - position);
      read(position, buffer, 0, length);
      crc.update(buffer, 0, length);
    }
    byte[] footer = new byte[PartFormat.FOOTER_BYTES];
    read(contentEnd, footer, 0, footer.length);
    return FileEnvelope.storedChecksum(footer, 0) == (int) crc.getValue();
  }

  /** For tests: closes the channel as an interrupt would. */
  void closeChannelForTest() throws IOException {
    channel.close();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      channel.close();
    } catch (IOException ignored) {
      // Read-only: nothing is lost when close fails.
    }
    try {
      fallback.close();
    } catch (IOException ignored) {
      // Read-only: nothing is lost when close fails.
    }
  }
}
