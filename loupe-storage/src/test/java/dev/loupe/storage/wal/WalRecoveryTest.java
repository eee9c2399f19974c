package dev.loupe.storage.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalRecoveryTest {
  @TempDir Path directory;

  @Test
  void anEmptyDirectoryGetsTheFirstSegment() throws IOException {
    List<Segment> segments = recover();
    assertThat(segments).extracting(Segment::startPosition).containsExactly(1L);
    assertThat(segments.getFirst().lastPosition()).isZero();
    assertThat(Files.readAllBytes(directory.resolve(WalFormat.segmentFileName(1))))
        .isEqualTo(SegmentHeader.encode(1).array());
  }

  @Test
  void findsSegmentsInPositionOrderAndIgnoresOtherFiles() throws IOException {
    writeSegment(10, 1);
    writeSegment(1, 4);
    writeSegment(5, 5);
    Files.writeString(directory.resolve("notes.txt"), "not a segment");
    Files.createDirectory(directory.resolve(WalFormat.segmentFileName(99)));
    List<Segment> segments = WalRecovery.recover(directory, FileChannel::open);
    assertThat(segments).extracting(Segment::startPosition).containsExactly(1L, 5L, 10L);
    assertThat(segments).extracting(Segment::batchCount).containsExactly(4L, 5L, 1L);
    assertThat(segments)
        .extracting(segment -> segment.channel() != null)
        .as("only the newest is open for appending")
        .containsExactly(false, false, true);
    segments.getLast().closeChannel();
  }

  @Test
  void overlappingSegmentsAreRefused() throws IOException {
    writeSegment(1, 3);
    writeSegment(2, 1);
    assertThatThrownBy(this::recover)
        .isInstanceOfSatisfying(
            LoupeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_DATA))
        .hasMessageContaining("mixes two histories");
  }

  @Test
  void aGapBetweenSegmentsIsAccepted() throws IOException {
    writeSegment(1, 2);
    writeSegment(10, 1);
    try (WriteAheadLog wal = WriteAheadLog.open(directory, WalOptions.defaults())) {
      List<Long> positions = new ArrayList<>();
      wal.replay(0, (position, records) -> positions.add(position));
      assertThat(positions).containsExactly(1L, 2L, 10L);
      assertThat(wal.write(TestRecords.batch(0, 1))).isEqualTo(11);
    }
  }

  @Test
  void aTornHeaderOfTheNewestSegmentIsRewritten() throws IOException {
    writeSegment(1, 2);
    Path newest = directory.resolve(WalFormat.segmentFileName(3));
    Files.write(newest, Arrays.copyOf(SegmentHeader.encode(3).array(), 11));
    List<Segment> segments = recover();
    assertThat(segments.getLast().lastPosition()).isEqualTo(2);
    assertThat(Files.readAllBytes(newest)).isEqualTo(SegmentHeader.encode(3).array());
  }

  @Test
  void aDamagedHeaderOfTheNewestSegmentCutsTheWholeSegment() throws IOException {
    Path newest = writeSegment(1, 3);
    byte[] bytes = Files.readAllBytes(newest);
    bytes[20] ^= 0x01; // the header checksum
    Files.write(newest, bytes);
    List<Segment> segments = recover();
    assertThat(segments.getLast().batchCount()).isZero();
    assertThat(Files.readAllBytes(newest)).isEqualTo(SegmentHeader.encode(1).array());
  }

  @Test
  void anOlderSegmentWithAnUnusableHeaderIsSkippedAndKept() throws IOException {
    Path older = writeSegment(1, 2);
    writeSegment(3, 2);
    byte[] damaged = Files.readAllBytes(older);
    damaged[20] ^= 0x01;
    Files.write(older, damaged);
    List<Segment> segments = recover();
    assertThat(segments).extracting(Segment::batchCount).containsExactly(0L, 2L);
    assertThat(segments.getFirst().fileBytes()).isEqualTo(damaged.length);
    assertThat(Files.readAllBytes(older)).isEqualTo(damaged);
  }

  @Test
  void aNewestSegmentOfANewerFormatIsRefusedNotCut() throws IOException {
    Path newest = writeSegment(1, 2);
    byte[] bytes = Files.readAllBytes(newest);
    bytes[11] = 9;
    Files.write(newest, bytes);
    assertThatThrownBy(this::recover).hasMessageContaining("format version 9");
    assertThat(Files.readAllBytes(newest)).isEqualTo(bytes);
  }

  private List<Segment> recover() throws IOException {
    List<Segment> segments = WalRecovery.recover(directory, FileChannel::open);
    for (Segment segment : segments) {
      segment.closeChannel();
    }
    return segments;
  }

  /** A segment file of {@code batchCount} test batches starting at {@code startPosition}. */
  private Path writeSegment(long startPosition, int batchCount) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes(SegmentHeader.encode(startPosition).array());
    try (BatchEncoder encoder = new BatchEncoder()) {
      for (int i = 0; i < batchCount; i++) {
        ByteBuffer frame = encoder.encode(TestRecords.batch(i, 2));
        byte[] frameBytes = new byte[frame.remaining()];
        frame.get(frameBytes);
        bytes.writeBytes(frameBytes);
      }
    }
    Path file = directory.resolve(WalFormat.segmentFileName(startPosition));
    Files.write(file, bytes.toByteArray());
    return file;
  }
}
