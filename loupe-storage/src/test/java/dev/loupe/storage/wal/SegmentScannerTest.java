package dev.loupe.storage.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentScannerTest {
  private static final long START = 7;

  @TempDir Path directory;
  private Path file;

  /** A header and three frames. */
  private byte[] segment;

  /** Where each frame starts, then where the last one ends. */
  private final List<Long> frameOffsets = new ArrayList<>();

  @BeforeEach
  void writeSegment() {
    file = directory.resolve(WalFormat.segmentFileName(START));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes(SegmentHeader.encode(START).array());
    try (BatchEncoder encoder = new BatchEncoder()) {
      for (int i = 0; i < 3; i++) {
        frameOffsets.add((long) bytes.size());
        ByteBuffer frame = encoder.encode(TestRecords.batch(i, 2 + i * 10));
        byte[] frameBytes = new byte[frame.remaining()];
        frame.get(frameBytes);
        bytes.writeBytes(frameBytes);
      }
    }
    frameOffsets.add((long) bytes.size());
    segment = bytes.toByteArray();
  }

  @Test
  void visitsEveryFrameOfAnIntactSegment() throws IOException {
    Files.write(file, segment);
    List<Long> visited = new ArrayList<>();
    SegmentScanner.Result result =
        new SegmentScanner()
            .scan(
                file,
                START,
                Long.MAX_VALUE,
                (index, offset, payload, length) -> {
                  assertThat(offset).isEqualTo(frameOffsets.get((int) index));
                  assertThat(offset + WalFormat.FRAME_HEADER_BYTES + length)
                      .isEqualTo(frameOffsets.get((int) index + 1));
                  visited.add(index);
                });
    assertThat(visited).containsExactly(0L, 1L, 2L);
    assertThat(result)
        .isEqualTo(new SegmentScanner.Result(segment.length, segment.length, 3, null));
    assertThat(result.clean()).isTrue();
  }

  @Test
  void stopsCleanlyAtTheLimit() throws IOException {
    Files.write(file, segment);
    long limit = frameOffsets.get(2);
    assertThat(scan(limit)).isEqualTo(new SegmentScanner.Result(segment.length, limit, 2, null));
  }

  @Test
  void aShortFileHasATornHeader() throws IOException {
    Files.write(file, Arrays.copyOf(segment, 10));
    assertStopped(scan(Long.MAX_VALUE), 0, 0, "the segment header is torn");
  }

  @Test
  void aHeaderWithNothingAfterItIsTornWhateverItHolds() throws IOException {
    byte[] garbage = new byte[WalFormat.HEADER_BYTES];
    Arrays.fill(garbage, (byte) 'x');
    Files.write(file, garbage);
    assertStopped(scan(Long.MAX_VALUE), 0, 0, "no frame follows it");
  }

  @Test
  void aForeignFileWithDataIsRefused() throws IOException {
    byte[] foreign = segment.clone();
    foreign[1] = 'x';
    Files.write(file, foreign);
    assertThatThrownBy(() -> scan(Long.MAX_VALUE))
        .isInstanceOfSatisfying(
            LoupeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_DATA))
        .hasMessageContaining("not a loupe wal segment");
  }

  @Test
  void aDamagedHeaderStopsAtOffsetZero() throws IOException {
    byte[] damaged = segment.clone();
    damaged[WalFormat.HEADER_BYTES - 1] ^= 0x40;
    Files.write(file, damaged);
    assertStopped(scan(Long.MAX_VALUE), 0, 0, "header fails its checksum");
  }

  @Test
  void zerosAfterTheLastFrameAreNotFrames() throws IOException {
    Files.write(file, Arrays.copyOf(segment, segment.length + 4096));
    assertStopped(
        scan(Long.MAX_VALUE),
        segment.length,
        3,
        "invalid frame length 0 at offset " + segment.length);
  }

  @Test
  void aPartialFrameHeaderIsTorn() throws IOException {
    Files.write(file, Arrays.copyOf(segment, (int) (frameOffsets.get(2) + 5)));
    assertStopped(scan(Long.MAX_VALUE), frameOffsets.get(2), 2, "torn frame header (5 bytes left)");
  }

  @Test
  void aPartialPayloadIsTorn() throws IOException {
    Files.write(file, Arrays.copyOf(segment, segment.length - 1));
    assertStopped(scan(Long.MAX_VALUE), frameOffsets.get(2), 2, "torn frame");
  }

  @Test
  void aFlippedPayloadBitFailsTheChecksum() throws IOException {
    byte[] damaged = segment.clone();
    damaged[(int) (frameOffsets.get(1) + WalFormat.FRAME_HEADER_BYTES + 3)] ^= 0x02;
    Files.write(file, damaged);
    assertStopped(scan(Long.MAX_VALUE), frameOffsets.get(1), 1, "frame checksum mismatch");
  }

  @Test
  void aNegativeLengthIsInvalid() throws IOException {
    byte[] damaged = segment.clone();
    damaged[frameOffsets.get(1).intValue()] = (byte) 0x80;
    Files.write(file, damaged);
    assertStopped(scan(Long.MAX_VALUE), frameOffsets.get(1), 1, "invalid frame length -");
  }

  private SegmentScanner.Result scan(long limit) throws IOException {
    return new SegmentScanner().scan(file, START, limit, SegmentScanner.IGNORE_FRAMES);
  }

  private void assertStopped(
      SegmentScanner.Result result, long intactBytes, long batchCount, String problem)
      throws IOException {
    assertThat(result.fileBytes()).isEqualTo(Files.size(file));
    assertThat(result.intactBytes()).isEqualTo(intactBytes);
    assertThat(result.batchCount()).isEqualTo(batchCount);
    assertThat(result.clean()).isFalse();
    assertThat(result.problem()).contains(problem);
    assertThat(result.headerUsable()).isEqualTo(intactBytes > 0);
  }
}
