package dev.loupe.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Utf8Test {
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      textBlock =
          """
          '',                        true
          68656c6c6f,                true
          c3a9,                      true
          e282ac,                    true
          f09f9880,                  true
          efbbbf7b7d,                true
          7f,                        true
          c2a0,                      true
          ed9fbf,                    true
          ee8080,                    true
          f48fbfbf,                  true
          61626364656667686a6b6cc3a9, true
          80,                        false
          bf,                        false
          c0af,                      false
          c1bf,                      false
          c3,                        false
          c328,                      false
          e082ac,                    false
          e0a0,                      false
          eda080,                    false
          edbfbf,                    false
          f08fbfbf,                  false
          f4908080,                  false
          f5808080,                  false
          ff,                        false
          6162636465666768ff,        false
          """)
  void followsTheWellFormedSequencesOfUnicode(String hex, boolean valid) {
    byte[] bytes = HexFormat.of().parseHex(hex);

    assertThat(Utf8.isValid(bytes, 0, bytes.length)).isEqualTo(valid);
  }

  @Property
  void agreesWithTheStrictJdkDecoder(@ForAll("mostlyText") byte[] bytes) {
    assertThat(Utf8.isValid(bytes, 0, bytes.length)).isEqualTo(jdkAccepts(bytes));
  }

  @Property
  void checksOnlyTheGivenRange(@ForAll("mostlyText") byte[] bytes) {
    byte[] padded = new byte[bytes.length + 6];
    padded[0] = (byte) 0xFF;
    padded[1] = (byte) 0xC3;
    System.arraycopy(bytes, 0, padded, 2, bytes.length);
    padded[padded.length - 1] = (byte) 0xE2;

    assertThat(Utf8.isValid(padded, 2, bytes.length)).isEqualTo(jdkAccepts(bytes));
  }

  @Property
  void repairedBytesAreValidAndKeepValidText(@ForAll("mostlyText") byte[] bytes) {
    byte[] repaired = Utf8.replaceInvalid(bytes, 0, bytes.length);

    assertThat(Utf8.isValid(repaired, 0, repaired.length)).isTrue();
    if (jdkAccepts(bytes)) {
      assertThat(repaired).isEqualTo(bytes);
    }
  }

  /** Valid text with a few random bytes overwritten, so both outcomes are common. */
  @Provide
  Arbitrary<byte[]> mostlyText() {
    Arbitrary<String> text = Arbitraries.strings().all().ofMaxLength(40);
    return text.flatMap(
        string -> {
          byte[] bytes = string.getBytes(StandardCharsets.UTF_8);
          if (bytes.length == 0) {
            return Arbitraries.just(bytes);
          }
          return Arbitraries.integers()
              .between(0, 2)
              .flatMap(
                  corruptions ->
                      Arbitraries.bytes()
                          .array(byte[].class)
                          .ofSize(corruptions)
                          .map(
                              randomBytes -> {
                                byte[] copy = bytes.clone();
                                for (int index = 0; index < randomBytes.length; index++) {
                                  int position =
                                      Math.floorMod(randomBytes[index] * 31 + index, copy.length);
                                  copy[position] = randomBytes[index];
                                }
                                return copy;
                              }));
        });
  }

  private static boolean jdkAccepts(byte[] bytes) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException rejected) {
      // The answer this helper exists to give, not an ignored failure.
      return false;
    }
  }

  @ParameterizedTest(name = "{0} at byte {1}")
  @CsvSource({
    "abc, 0, 1",
    "abc, 2, 3",
    "\u00e9\u00e9x, 4, 3",
    "\ud83d\ude00x, 4, 2",
    "a\u00e9, 3, 3"
  })
  void columnsCountCharactersNotBytes(String text, int position, int column) {
    byte[] bytes = ("#" + text).getBytes(StandardCharsets.UTF_8);

    assertThat(Utf8.column(bytes, 1, 1 + position)).isEqualTo(column);
  }

  @ParameterizedTest(name = "[{0}]")
  @CsvSource(
      quoteCharacter = '`',
      value = {"`  \t x`, 4", "`\uFEFF x`, 4", "`x`, 0", "`   `, 3", "` \uFEFF\uFEFF`, 7"})
  void skipsBlanksAndByteOrderMarks(String text, int expected) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);

    assertThat(Utf8.skipBlanksAndByteOrderMark(bytes, 0, bytes.length)).isEqualTo(expected);
  }
}
