package dev.loupe.storage.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentTest {
  @TempDir Path directory;

  @Test
  void createWritesTheHeaderAndStartsEmpty() throws IOException {
    Segment segment = Segment.create(directory, 42, FileChannel::open);
    try {
      assertThat(segment.path()).isEqualTo(directory.resolve("wal-00000000000000000042.log"));
      assertThat(Files.readAllBytes(segment.path())).isEqualTo(SegmentHeader.encode(42).array());
      assertThat(segment.fileBytes()).isEqualTo(WalFormat.HEADER_BYTES);
      assertThat(segment.intactBytes()).isEqualTo(WalFormat.HEADER_BYTES);
      assertThat(segment.batchCount()).isZero();
      assertThat(segment.lastPosition()).isEqualTo(41);
      assertThat(segment.nextPosition()).isEqualTo(42);
      assertThat(segment.channel().isOpen()).isTrue();
    } finally {
      segment.closeChannel();
    }
    assertThat(segment.channel()).isNull();
    segment.closeChannel();
  }

  @Test
  void appendedCountsTheFrame() throws IOException {
    Segment segment = Segment.create(directory, 5, FileChannel::open);
    try {
      segment.appended(100);
      segment.appended(50);
      assertThat(segment.batchCount()).isEqualTo(2);
      assertThat(segment.intactBytes()).isEqualTo(WalFormat.HEADER_BYTES + 150);
      assertThat(segment.fileBytes()).isEqualTo(WalFormat.HEADER_BYTES + 150);
      assertThat(segment.lastPosition()).isEqualTo(6);
      assertThat(segment.nextPosition()).isEqualTo(7);
    } finally {
      segment.closeChannel();
    }
  }

  @Test
  void createNeverOverwritesAnExistingSegment() throws IOException {
    Path existing = directory.resolve(WalFormat.segmentFileName(3));
    Files.write(existing, new byte[] {1, 2, 3});
    assertThatThrownBy(() -> Segment.create(directory, 3, FileChannel::open))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThat(Files.readAllBytes(existing)).containsExactly(1, 2, 3);
  }

  @Test
  void aFailedCreateLeavesNoFileBehind() {
    FaultyChannels channels = new FaultyChannels();
    channels.failNextForce(new java.io.IOException("No space left on device"));
    assertThatThrownBy(() -> Segment.create(directory, 3, channels))
        .hasMessage("No space left on device");
    assertThat(directory.resolve(WalFormat.segmentFileName(3))).doesNotExist();
  }
}
