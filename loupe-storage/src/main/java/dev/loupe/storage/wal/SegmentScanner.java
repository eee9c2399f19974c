package dev.loupe.storage.wal;

import dev.loupe.core.LoupeException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Reads one segment file front to back: checks the header, then each frame's length and checksum,
 * and stops at the first frame that is torn or damaged. Opening the WAL scans to find where each
 * segment's intact prefix ends; replay scans again to hand the batches out. One code path for both,
 * so replay can never accept a frame that opening would have cut. Reuses its buffers from segment
 * to segment. Not thread-safe.
 */
final class SegmentScanner {
  /** Reads in 1 MB chunks: few system calls for small frames, little memory for one scan. */
  private static final int READ_BUFFER_BYTES = 1 << 20;

  /** Receives each intact frame; {@code payload} is reused once the call returns. */
  @FunctionalInterface
  interface FrameVisitor {
    void visit(long frameIndex, long frameOffset, byte[] payload, int payloadLength);
  }

  static final FrameVisitor IGNORE_FRAMES = (frameIndex, frameOffset, payload, payloadLength) -> {};

  /**
   * What a scan found.
   *
   * @param fileBytes the file's size when scanned
   * @param intactBytes where the last intact frame ends; 0 when the header itself is unusable
   * @param batchCount the number of intact frames
   * @param problem why the scan stopped before the end, with the offset; null when it did not
   */
  record Result(long fileBytes, long intactBytes, long batchCount, String problem) {
    boolean headerUsable() {
      return intactBytes >= WalFormat.HEADER_BYTES;
    }

    boolean clean() {
      return problem == null;
    }
  }

  private final CRC32C checksum = new CRC32C();
  private final byte[] frameHeader = new byte[WalFormat.FRAME_HEADER_BYTES];
  private byte[] payload = new byte[64 << 10];

  /**
   * Scans {@code path}, named for {@code startPosition}, up to {@code limitBytes} (replay passes
   * the intact length found on open; opening passes {@code Long.MAX_VALUE}).
   *
   * @throws LoupeException with {@code CORRUPT_DATA} when the header shows a file that is not a WAL
   *     segment of this format, see {@link SegmentHeader#check}
   */
  Result scan(Path path, long startPosition, long limitBytes, FrameVisitor visitor)
      throws IOException {
    long fileBytes = Files.size(path);
    long limit = Math.min(fileBytes, limitBytes);
    try (InputStream in = new BufferedInputStream(Files.newInputStream(path), READ_BUFFER_BYTES)) {
      byte[] header = in.readNBytes(WalFormat.HEADER_BYTES);
      if (limit < WalFormat.HEADER_BYTES || header.length < WalFormat.HEADER_BYTES) {
        return new Result(
            fileBytes, 0, 0, "the segment header is torn: the file has " + fileBytes + " bytes");
      }
      String headerProblem = checkHeader(header, path, startPosition, fileBytes);
      if (headerProblem != null) {
        return new Result(fileBytes, 0, 0, headerProblem);
      }
      return scanFrames(in, fileBytes, limit, visitor);
    }
  }

  /**
   * A file that holds nothing beyond its header never held a frame (frames are written only after
   * the header is fsynced), so any header problem there is a torn creation, safe to rewrite, even
   * one that would otherwise make the WAL refuse the file.
   */
  private static String checkHeader(byte[] header, Path path, long startPosition, long fileBytes) {
    if (fileBytes > WalFormat.HEADER_BYTES) {
      return SegmentHeader.check(header, path, startPosition);
    }
    try {
      return SegmentHeader.check(header, path, startPosition);
    } catch (LoupeException unusable) {
      return "the segment header is unusable and no frame follows it: " + unusable.getMessage();
    }
  }

  private Result scanFrames(InputStream in, long fileBytes, long limit, FrameVisitor visitor)
      throws IOException {
    long offset = WalFormat.HEADER_BYTES;
    long batchCount = 0;
    while (offset < limit) {
      String problem = readFrame(in, offset, limit - offset);
      if (problem != null) {
        return new Result(fileBytes, offset, batchCount, problem + " at offset " + offset);
      }
      int payloadLength = readInt(frameHeader, 0);
      visitor.visit(batchCount, offset, payload, payloadLength);
      batchCount++;
      offset += WalFormat.FRAME_HEADER_BYTES + payloadLength;
    }
    return new Result(fileBytes, offset, batchCount, null);
  }

  /** Reads the frame at the stream's position into the buffers; null when it is intact. */
  private String readFrame(InputStream in, long offset, long bytesLeft) throws IOException {
    if (bytesLeft < WalFormat.FRAME_HEADER_BYTES
        || in.readNBytes(frameHeader, 0, WalFormat.FRAME_HEADER_BYTES)
            < WalFormat.FRAME_HEADER_BYTES) {
      return "torn frame header (" + bytesLeft + " bytes left)";
    }
    int payloadLength = readInt(frameHeader, 0);
    // A length of 0 is never written (a payload has a codec byte), and it is what a zero-filled
    // region reads as: reject it, or zeros after a crash would pass as empty frames.
    if (payloadLength < 1 || payloadLength > WalFormat.MAX_PAYLOAD_BYTES) {
      return "invalid frame length " + payloadLength;
    }
    long frameBytes = (long) WalFormat.FRAME_HEADER_BYTES + payloadLength;
    if (frameBytes > bytesLeft) {
      return "torn frame (" + frameBytes + " bytes, " + bytesLeft + " left)";
    }
    if (payload.length < payloadLength) {
      payload =
          new byte
              [Math.max(payloadLength, Math.min(2 * payload.length, WalFormat.MAX_PAYLOAD_BYTES))];
    }
    if (in.readNBytes(payload, 0, payloadLength) < payloadLength) {
      return "torn frame (the file shrank while it was read)";
    }
    checksum.reset();
    checksum.update(payload, 0, payloadLength);
    if ((int) checksum.getValue() != readInt(frameHeader, Integer.BYTES)) {
      return "frame checksum mismatch";
    }
    return null;
  }

  private static int readInt(byte[] bytes, int offset) {
    return ((bytes[offset] & 0xFF) << 24)
        | ((bytes[offset + 1] & 0xFF) << 16)
        | ((bytes[offset + 2] & 0xFF) << 8)
        | (bytes[offset + 3] & 0xFF);
  }
}
