package dev.loupe.storage.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SegmentHeaderTest {
  private static final Path PATH = Path.of("wal", WalFormat.segmentFileName(42));

  @Test
  void writesMagicVersionStartAndChecksum() {
    ByteBuffer header = SegmentHeader.encode(42);
    assertThat(header.remaining()).isEqualTo(WalFormat.HEADER_BYTES);
    assertThat(HexFormat.of().formatHex(header.array(), 0, 20))
        .isEqualTo("4c4f55504557414c" + "00000001" + "000000000000002a");
  }

  @Test
  void anIntactHeaderHasNoProblem() {
    assertThat(SegmentHeader.check(SegmentHeader.encode(42).array(), PATH, 42)).isNull();
  }

  @Test
  void aDamagedHeaderIsReportedNotThrown() {
    byte[] header = SegmentHeader.encode(42).array();
    header[15] ^= 0x01; // inside the start position
    assertThat(SegmentHeader.check(header, PATH, 42)).contains("checksum");
  }

  @Test
  void aFileThatIsNotASegmentIsRefused() {
    byte[] header = SegmentHeader.encode(42).array();
    header[0] = 'X';
    assertCorrupt(header, "not a loupe wal segment");
  }

  @Test
  void aNewerFormatIsRefused() {
    byte[] header = SegmentHeader.encode(42).array();
    header[11] = 2;
    assertCorrupt(header, "format version 2");
  }

  @Test
  void aRenamedSegmentIsRefused() {
    byte[] header = SegmentHeader.encode(41).array();
    assertCorrupt(header, "says it starts at position 41 but its name says 42");
  }

  private static void assertCorrupt(byte[] header, String problem) {
    assertThatThrownBy(() -> SegmentHeader.check(header, PATH, 42))
        .isInstanceOfSatisfying(
            LoupeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_DATA))
        .hasMessageContaining(problem)
        .hasMessageContaining(PATH.toString());
  }
}
