package dev.loupe.storage.part;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The header and footer every part file has (Lucene's habit: a file says what it is and proves it
 * is whole).
 *
 * <pre>
 * header (16 bytes): "LOUPEPRT" | format version u32 | file kind u8 | 3 zero bytes
 * body
 * footer (16 bytes): body length u64 | CRC32C of header and body u32 | "LEND"
 * </pre>
 *
 * <p>All numbers little-endian. A file cut short loses its end magic or its length no longer
 * matches; a flipped bit fails the CRC. Stateless; thread-safe.
 */
final class FileEnvelope {
  private FileEnvelope() {}

  static byte[] header(int kind) {
    ByteBuffer header = ByteBuffer.allocate(PartFormat.HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    header.put(PartFormat.MAGIC).putInt(PartFormat.VERSION).put((byte) kind);
    return header.array();
  }

  static byte[] footer(long bodyLength, int checksum) {
    ByteBuffer footer = ByteBuffer.allocate(PartFormat.FOOTER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    footer.putLong(bodyLength).putInt(checksum).put(PartFormat.END_MAGIC);
    return footer.array();
  }

  /** Header, body and footer of a whole small file, built in memory. */
  static byte[] wrap(int kind, ByteSink body) {
    byte[] header = header(kind);
    CRC32C crc = new CRC32C();
    crc.update(header);
    crc.update(body.array(), 0, body.size());
    byte[] footer = footer(body.size(), (int) crc.getValue());
    byte[] file = new byte[header.length + body.size() + footer.length];
    System.arraycopy(header, 0, file, 0, header.length);
    System.arraycopy(body.array(), 0, file, header.length, body.size());
    System.arraycopy(footer, 0, file, header.length + body.size(), footer.length);
    return file;
  }

  /**
   * Checks the header and footer of a whole file held in memory, CRC included.
   *
   * @return the body, as a window of {@code file}
   */
  static ByteSource unwrap(byte[] file, int kind) {
    if (file.length < PartFormat.HEADER_BYTES + PartFormat.FOOTER_BYTES) {
      throw new MalformedPartException(
          "file is " + file.length + " bytes, shorter than header and footer");
    }
    checkHeader(file, kind);
    long bodyLength = checkFooter(file, file.length - PartFormat.FOOTER_BYTES, file.length);
    CRC32C crc = new CRC32C();
    crc.update(file, 0, PartFormat.HEADER_BYTES + (int) bodyLength);
    int stored = storedChecksum(file, file.length - PartFormat.FOOTER_BYTES);
    if ((int) crc.getValue() != stored) {
      throw new MalformedPartException(
          "checksum mismatch: stored "
              + Integer.toHexString(stored)
              + ", computed "
              + Integer.toHexString((int) crc.getValue()));
    }
    return new ByteSource(file, PartFormat.HEADER_BYTES, (int) bodyLength);
  }

  /** Checks magic, version and kind of a header at the start of {@code bytes}. */
  static void checkHeader(byte[] bytes, int kind) {
    if (!Arrays.equals(
        bytes, 0, PartFormat.MAGIC.length, PartFormat.MAGIC, 0, PartFormat.MAGIC.length)) {
      throw new MalformedPartException("not a part file: bad magic");
    }
    ByteBuffer header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int version = header.getInt(PartFormat.MAGIC.length);
    if (version != PartFormat.VERSION) {
      throw new MalformedPartException(
          "format version "
              + version
              + " is not supported: this build reads version "
              + PartFormat.VERSION
              + " (a newer loupe wrote it?)");
    }
    int storedKind = header.get(PartFormat.MAGIC.length + 4);
    if (storedKind != kind) {
      throw new MalformedPartException(
          "file kind " + storedKind + " where " + kind + " was expected");
    }
  }

  /**
   * Checks the footer at {@code bytes[offset, offset + 16)} of a file of {@code fileLength} bytes.
   *
   * @return the body length it records
   */
  static long checkFooter(byte[] bytes, int offset, long fileLength) {
    if (!Arrays.equals(
        bytes, offset + 12, offset + 16, PartFormat.END_MAGIC, 0, PartFormat.END_MAGIC.length)) {
      throw new MalformedPartException("bad end magic: the file is truncated or overwritten");
    }
    long bodyLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(offset);
    long expected = fileLength - PartFormat.HEADER_BYTES - PartFormat.FOOTER_BYTES;
    if (bodyLength != expected) {
      throw new MalformedPartException(
          "footer records a body of " + bodyLength + " bytes but the file holds " + expected);
    }
    return bodyLength;
  }

  static int storedChecksum(byte[] bytes, int footerOffset) {
    return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(footerOffset + 8);
  }
}
