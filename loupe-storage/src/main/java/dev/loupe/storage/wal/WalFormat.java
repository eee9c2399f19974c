package dev.loupe.storage.wal;

/**
 * Every constant of the WAL's on-disk format, version 1, each with the reason for its value. The
 * layout itself is drawn in {@code package-info.java}. Changing any value here is a format change:
 * bump {@link #FORMAT_VERSION} and keep reading the old one.
 */
final class WalFormat {

  /**
   * "LOUPEWAL" in ASCII, read as a big-endian long. Lets a reader tell a WAL segment from any other
   * file before trusting a single length field in it.
   */
  static final long MAGIC = 0x4C4F55504557414CL;

  /**
   * The format this code writes and the only one it reads. The magic and the version stay at
   * offsets 0 and 8 in every future version, so an old reader can always refuse a newer file
   * instead of mistaking it for a corrupt one and cutting it.
   */
  static final int FORMAT_VERSION = 1;

  /** Magic (8), format version (4), start position (8), CRC32C of the 20 bytes before it (4). */
  static final int HEADER_BYTES = 24;

  /** Payload length (4) and CRC32C of the payload (4), both big-endian. */
  static final int FRAME_HEADER_BYTES = 8;

  /** The first byte of a payload: the batch follows as encoded, uncompressed. */
  static final byte CODEC_RAW = 0;

  /** The first byte of a payload: the raw batch length (varint) and one zstd frame follow. */
  static final byte CODEC_ZSTD = 1;

  /**
   * zstd level 1: ~940 MB/s and a 4.8 times smaller batch on this project's measurement (see {@link
   * BatchEncoder}); level 3 is 2.4 times slower for no better ratio on batch-sized input, and the
   * fast negative levels lose a quarter of the ratio to save 0.04 ms a batch.
   */
  static final int ZSTD_LEVEL = 1;

  /**
   * Batches whose encoding is smaller than this are stored raw: below a few hundred bytes the zstd
   * frame overhead and the native call cost more than the bytes they save, and single-record
   * batches (syslog, live agents) are common.
   */
  static final int COMPRESSION_MIN_BYTES = 512;

  /**
   * The largest encoded batch, in bytes before compression. A batch is one ingest request and the
   * server caps request bodies far below this; the cap bounds what a corrupt length can make a
   * reader allocate and keeps every length comfortably inside an int.
   */
  static final int MAX_BATCH_BYTES = 256 << 20;

  /** A payload is a codec byte and a body no larger than the raw batch (else it is stored raw). */
  static final int MAX_PAYLOAD_BYTES = 1 + MAX_BATCH_BYTES;

  /** The position of the first batch ever written; 0 means "no batch". */
  static final long FIRST_POSITION = 1;

  /**
   * Segment files are {@code wal-<start position, 20 digits>.log}: zero-padded so that name order
   * is position order, and the start position survives even when the segment holds no batch yet.
   */
  static final String SEGMENT_PREFIX = "wal-";

  static final String SEGMENT_SUFFIX = ".log";

  private static final int POSITION_DIGITS = 20;

  private WalFormat() {}

  static String segmentFileName(long startPosition) {
    if (startPosition < FIRST_POSITION) {
      throw new IllegalArgumentException(
          "segment start position must be positive: " + startPosition);
    }
    return SEGMENT_PREFIX
        + String.format("%0" + POSITION_DIGITS + "d", startPosition)
        + SEGMENT_SUFFIX;
  }

  /** The start position a segment file name encodes, or -1 when the name is not a segment's. */
  static long segmentStartPosition(String fileName) {
    int expectedLength = SEGMENT_PREFIX.length() + POSITION_DIGITS + SEGMENT_SUFFIX.length();
    if (fileName.length() != expectedLength
        || !fileName.startsWith(SEGMENT_PREFIX)
        || !fileName.endsWith(SEGMENT_SUFFIX)) {
      return -1;
    }
    long position = 0;
    for (int i = SEGMENT_PREFIX.length(); i < SEGMENT_PREFIX.length() + POSITION_DIGITS; i++) {
      char digit = fileName.charAt(i);
      if (digit < '0' || digit > '9') {
        return -1;
      }
      if (position > (Long.MAX_VALUE - (digit - '0')) / 10) {
        return -1;
      }
      position = position * 10 + (digit - '0');
    }
    return position >= FIRST_POSITION ? position : -1;
  }
}
