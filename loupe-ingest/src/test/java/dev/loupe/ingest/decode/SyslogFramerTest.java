package dev.loupe.ingest.decode;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SyslogFramerTest {
  /**
   * Records what a framer hands on: {@code frame} or {@code frame/originalLength}, or {@code
   * !reason}.
   */
  static final class Frames implements SyslogFramer.FrameSink {
    final List<String> seen = new ArrayList<>();

    @Override
    public void frame(byte[] bytes, int offset, int length, long originalLength) {
      String text = new String(bytes, offset, length, ISO_8859_1);
      seen.add(originalLength == length ? text : text + "/" + originalLength);
    }

    @Override
    public void rejected(String reason) {
      seen.add("!" + reason);
    }
  }

  /** stream | message limit | what comes out, in order. */
  static Stream<Arguments> streams() {
    return Stream.of(
        arguments("<13>a\n<13>b\n", 100, List.of("<13>a", "<13>b")),
        arguments("<13>a\r\n\n\r\n\n<13>b", 100, List.of("<13>a", "<13>b")),
        arguments("5 <13>a6 <13>bc", 100, List.of("<13>a", "<13>bc")),
        arguments("10 <13>a\nb\nc\n<13>d\n", 100, List.of("<13>a\nb\nc\n", "<13>d")),
        arguments("5 <13>a\n<13>b\n6 <13>\r\n\n", 100, List.of("<13>a", "<13>b", "<13>\r\n")),
        arguments(
            "9999999999 x",
            100,
            List.of(
                "!the input ended after 1 of the 9999999999"
                    + " bytes of an octet-counted message")),
        arguments("123abc\n", 100, List.of("123abc")),
        arguments("12345678901 x\n", 100, List.of("12345678901 x")),
        arguments("123\n45", 100, List.of("123", "45")),
        arguments(" 5 <13>a\n", 100, List.of(" 5 <13>a")),
        arguments("0 x\n", 100, List.of("0 x")),
        arguments(
            "99 <13>abc",
            100,
            List.of("!the input ended after 7 of the 99 bytes of an" + " octet-counted message")),
        arguments("3 <13>abc\n", 100, List.of("<13", ">abc")),
        arguments("<13>abcdef\n<1>x\n", 4, List.of("<13>/10", "<1>x")),
        arguments("<13>abcdef\r\n<1>x\n", 4, List.of("<13>/10", "<1>x")),
        arguments("10 <13>abcdef4 <1>x", 4, List.of("<13>/10", "<1>x")),
        arguments("<13>\r\n", 4, List.of("<13>")),
        arguments("<13>a\r\n", 4, List.of("<13>/5")),
        arguments("\r\n\r\r\n", 4, List.of("\r")));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("streams")
  void framesTheSameWhereverTheReadsSplitTheStream(
      String stream, int limit, List<String> expected) {
    byte[] bytes = stream.getBytes(ISO_8859_1);
    for (int chunk = 1; chunk <= bytes.length; chunk++) {
      Frames frames = new Frames();
      SyslogFramer framer = new SyslogFramer(limit);
      for (int offset = 0; offset < bytes.length; offset += chunk) {
        framer.feed(bytes, offset, Math.min(chunk, bytes.length - offset), frames);
      }
      framer.finish(frames);

      assertThat(frames.seen).as("reads of %d bytes", chunk).isEqualTo(expected);
    }
  }

  @Test
  void aFramerGoesOnAfterFinishWithTheNextStream() {
    SyslogFramer framer = new SyslogFramer(100);
    Frames frames = new Frames();

    framer.feed("5 <1".getBytes(ISO_8859_1), 0, 4, frames);
    framer.finish(frames);
    framer.feed("<2>x\n".getBytes(ISO_8859_1), 0, 5, frames);

    assertThat(frames.seen).hasSize(2).last().isEqualTo("<2>x");
  }

  @Test
  void hugeFramesCostNoMoreMemoryThanTheLimit() {
    SyslogFramer framer = new SyslogFramer(16);
    Frames frames = new Frames();
    byte[] megabyte = new byte[1 << 20];
    Arrays.fill(megabyte, (byte) 'x');

    framer.feed("<13>".getBytes(ISO_8859_1), 0, 4, frames);
    for (int round = 0; round < 64; round++) {
      framer.feed(megabyte, 0, megabyte.length, frames);
    }
    framer.feed("\n<1>ok\n".getBytes(ISO_8859_1), 0, 7, frames);

    assertThat(frames.seen).containsExactly("<13>xxxxxxxxxxxx/" + (4 + (64L << 20)), "<1>ok");
  }

  @Test
  void refusesANonPositiveLimit() {
    assertThatThrownBy(() -> new SyslogFramer(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxMessageBytes must be positive: 0");
  }
}
