package dev.loupe.storage;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The WAL position that parts cover, in a 24-byte file: magic "LPCHK001" (8 bytes: name and format
 * version), position (8), CRC32C of the first 16 bytes (8). Replaced atomically: written to a
 * temporary file, fsynced, renamed over the old one, directory fsynced.
 */
final class Checkpoint {
  private static final long MAGIC = 0x4c5043484b303031L; // "LPCHK001"
  private static final int SIZE = 24;

  private Checkpoint() {}

  /** The stored position, or 0 when there is no checkpoint yet. */
  static long read(Path dataDirectory) {
    Path file = dataDirectory.resolve(FileNames.CHECKPOINT);
    if (!Files.exists(file)) {
      return 0;
    }
    try {
      ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(file));
      if (buffer.remaining() != SIZE || buffer.getLong(0) != MAGIC) {
        throw corrupt(file, "bad size or magic");
      }
      CRC32C crc = new CRC32C();
      crc.update(buffer.array(), 0, 16);
      if (crc.getValue() != buffer.getLong(16)) {
        throw corrupt(file, "checksum mismatch");
      }
      return buffer.getLong(8);
    } catch (IOException failure) {
      throw new LoupeException(ErrorCode.INTERNAL, "cannot read " + file + ": " + failure, failure);
    }
  }

  static void write(Path dataDirectory, long position) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(SIZE).putLong(MAGIC).putLong(position);
    CRC32C crc = new CRC32C();
    crc.update(buffer.array(), 0, 16);
    buffer.putLong(crc.getValue()).flip();
    Path temporary = dataDirectory.resolve(FileNames.TEMPORARY_PREFIX + FileNames.CHECKPOINT);
    try (FileChannel channel =
        FileChannel.open(
            temporary,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
    Files.move(
        temporary,
        dataDirectory.resolve(FileNames.CHECKPOINT),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    Directories.fsync(dataDirectory);
  }

  private static LoupeException corrupt(Path file, String what) {
    return new LoupeException(
        ErrorCode.CORRUPT_DATA,
        "checkpoint file "
            + file
            + " is corrupt ("
            + what
            + "); delete it to replay the whole write-ahead log on start");
  }
}
