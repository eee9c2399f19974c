package dev.loupe.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
  @TempDir Path directory;

  @Test
  void absentCheckpointIsZero() {
    assertThat(Checkpoint.read(directory)).isZero();
  }

  @Test
  void writtenPositionIsReadBack() throws Exception {
    Checkpoint.write(directory, 12345);
    Checkpoint.write(directory, 67890);
    assertThat(Checkpoint.read(directory)).isEqualTo(67890);
  }

  @Test
  void flippedByteIsReportedAsCorrupt() throws Exception {
    Checkpoint.write(directory, 12345);
    Path file = directory.resolve(FileNames.CHECKPOINT);
    byte[] bytes = Files.readAllBytes(file);
    bytes[10] ^= 0x01;
    Files.write(file, bytes);
    assertThatThrownBy(() -> Checkpoint.read(directory))
        .isInstanceOf(LoupeException.class)
        .hasMessageContaining("checksum")
        .satisfies(
            failure ->
                assertThat(((LoupeException) failure).code()).isEqualTo(ErrorCode.CORRUPT_DATA));
  }
}
