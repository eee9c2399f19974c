package dev.loupe.storage.part;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Appends column chunks to {@link PartFileNames#DATA} through a buffer, keeping the running CRC32C
 * of the whole file for its footer. Not thread-safe.
 */
final class DataFileWriter implements AutoCloseable {
  private final Path file;
  private final FileChannel channel;
  private final byte[] buffer = new byte[PartFormat.DATA_WRITE_BUFFER_BYTES];
  private final CRC32C crc = new CRC32C();
  private int buffered;
  private long position;

  private DataFileWriter(Path file, FileChannel channel) {
    this.file = file;
    this.channel = channel;
  }

  /** Creates the file (it must not exist) and writes its header. */
  static DataFileWriter create(Path file) {
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    } catch (IOException failure) {
      throw PartIo.failure("create part file", file, failure);
    }
    DataFileWriter writer = new DataFileWriter(file, channel);
    byte[] header = FileEnvelope.header(PartFormat.KIND_DATA);
    writer.write(header, 0, header.length);
    return writer;
  }

  /** Offset in the file where the next byte goes. */
  long position() {
    return position;
  }

  void write(byte[] bytes, int offset, int length) {
    crc.update(bytes, offset, length);
    position += length;
    if (length > buffer.length - buffered) {
      flushBuffer();
    }
    if (length >= buffer.length) {
      writeFully(ByteBuffer.wrap(bytes, offset, length));
      return;
    }
    System.arraycopy(bytes, offset, buffer, buffered, length);
    buffered += length;
  }

  /** Writes the footer, forces the file to disk and closes it; returns the file's size. */
  long finish() {
    long bodyLength = position - PartFormat.HEADER_BYTES;
    byte[] footer = FileEnvelope.footer(bodyLength, (int) crc.getValue());
    write(footer, 0, footer.length);
    flushBuffer();
    try {
      channel.force(true);
      channel.close();
    } catch (IOException failure) {
      throw PartIo.failure("sync part file", file, failure);
    }
    return position;
  }

  private void flushBuffer() {
    if (buffered > 0) {
      writeFully(ByteBuffer.wrap(buffer, 0, buffered));
      buffered = 0;
    }
  }

  private void writeFully(ByteBuffer bytes) {
    try {
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
    } catch (IOException failure) {
      throw PartIo.failure("write part file", file, failure);
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // Only an abandoned part is closed without finish(): its files are deleted next.
    }
  }
}
