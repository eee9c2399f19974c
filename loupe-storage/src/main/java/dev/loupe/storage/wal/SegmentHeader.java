package dev.loupe.storage.wal;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/** Writes and checks the 24-byte header every segment file starts with. */
final class SegmentHeader {
  private static final int CHECKSUMMED_BYTES = WalFormat.HEADER_BYTES - Integer.BYTES;

  private SegmentHeader() {}

  /** The header of a segment whose first batch has {@code startPosition}, ready to write. */
  static ByteBuffer encode(long startPosition) {
    ByteBuffer header = ByteBuffer.allocate(WalFormat.HEADER_BYTES);
    header.putLong(WalFormat.MAGIC).putInt(WalFormat.FORMAT_VERSION).putLong(startPosition);
    header.putInt(checksum(header.array()));
    return header.flip();
  }

  /**
   * Checks a header read from {@code path}, whose name says it starts at {@code startPosition}.
   *
   * @return null when the header is intact; a description when its checksum fails (damage, which
   *     the caller handles like a corrupt frame at offset 0)
   * @throws LoupeException with {@code CORRUPT_DATA} when the file is not a WAL segment, was
   *     written by a newer format, or disagrees with its name: cutting a file we do not understand
   *     could destroy data, so the WAL refuses to open instead
   */
  static String check(byte[] header, Path path, long startPosition) {
    ByteBuffer buffer = ByteBuffer.wrap(header);
    long magic = buffer.getLong();
    if (magic != WalFormat.MAGIC) {
      throw new LoupeException(
          ErrorCode.CORRUPT_DATA,
          "file "
              + path
              + " has a wal segment name but is not a loupe wal segment (wrong magic bytes);"
              + " move it out of the wal directory and start again");
    }
    int version = buffer.getInt();
    if (version != WalFormat.FORMAT_VERSION) {
      throw new LoupeException(
          ErrorCode.CORRUPT_DATA,
          "wal segment "
              + path
              + " has format version "
              + version
              + ", this loupe reads only version "
              + WalFormat.FORMAT_VERSION
              + "; run the loupe version that wrote it, or move the file away");
    }
    long headerStartPosition = buffer.getLong();
    int storedChecksum = buffer.getInt();
    if (storedChecksum != checksum(header)) {
      return "the segment header fails its checksum";
    }
    if (headerStartPosition != startPosition) {
      throw new LoupeException(
          ErrorCode.CORRUPT_DATA,
          "wal segment "
              + path
              + " says it starts at position "
              + headerStartPosition
              + " but its name says "
              + startPosition
              + "; was it renamed? give it back the name that matches its header");
    }
    return null;
  }

  private static int checksum(byte[] header) {
    CRC32C crc = new CRC32C();
    crc.update(header, 0, CHECKSUMMED_BYTES);
    return (int) crc.getValue();
  }
}
