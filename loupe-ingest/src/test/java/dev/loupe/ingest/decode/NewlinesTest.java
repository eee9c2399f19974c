package dev.loupe.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NewlinesTest {
  /** Text ('|' stands for \n), from, end, expected index. */
  @ParameterizedTest(name = "{0} [{1},{2})")
  @CsvSource({
    "'', 0, 0, -1",
    "'|', 0, 1, 0",
    "abc, 0, 3, -1",
    "abcdefg|, 0, 8, 7",
    "abcdefgh|, 0, 9, 8",
    "ab|cdefghijklmnop|, 0, 18, 2",
    "ab|cdefghijklmnop|, 3, 18, 17",
    "ab|cdefghijklmnop|, 3, 17, -1",
    "'||||||||', 5, 8, 5",
    "abcdefghijklmnopqrstuvwxyz|, 1, 27, 26",
  })
  void findsTheFirstNewlineInTheRange(String text, int from, int end, int expected) {
    byte[] bytes = text.replace('|', '\n').getBytes(java.nio.charset.StandardCharsets.UTF_8);

    assertThat(Newlines.indexOf(bytes, from, end)).isEqualTo(expected);
  }

  @Test
  void bytesAroundTheNewlineDoNotFoolTheWordTest() {
    // 0x0B, 0x8A, 0x09 and 0xFF differ from \n in one bit or borrow across bytes; none is \n.
    byte[] bytes = {0x0B, (byte) 0x8A, 0x09, (byte) 0xFF, 0x0B, 0x0B, 0x00, 0x01, 0x0A, 0x0A};

    assertThat(Newlines.indexOf(bytes, 0, bytes.length)).isEqualTo(8);
    assertThat(Newlines.indexOf(bytes, 0, 8)).isEqualTo(-1);
  }

  @Test
  void agreesWithAByteByByteScanOnRandomArrays() {
    long seed = 20261122L;
    Random random = new Random(seed);
    for (int round = 0; round < 20_000; round++) {
      byte[] bytes = new byte[random.nextInt(40)];
      for (int index = 0; index < bytes.length; index++) {
        // Bytes near '\n' (and '\n' itself) are the ones a wrong word test would confuse.
        bytes[index] =
            random.nextInt(4) == 0 ? (byte) random.nextInt(256) : (byte) (8 + random.nextInt(5));
      }
      int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length + 1);
      int end = from + random.nextInt(bytes.length - from + 1);

      assertThat(Newlines.indexOf(bytes, from, end))
          .as("seed %d round %d", seed, round)
          .isEqualTo(naive(bytes, from, end));
    }
  }

  private static int naive(byte[] bytes, int from, int end) {
    for (int index = from; index < end; index++) {
      if (bytes[index] == '\n') {
        return index;
      }
    }
    return -1;
  }
}
