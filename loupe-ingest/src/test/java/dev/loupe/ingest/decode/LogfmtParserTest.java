package dev.loupe.ingest.decode;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogfmtParserTest {
  /** A line and its fields written as [key=value] pairs. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "a=1 b=two                        | [a=1][b=two]",
        "`  a=1 \t b=2  `                 | [a=1][b=2]",
        "flag a=1 other                   | [flag=true][a=1][other=true]",
        "a= b=                            | [a=][b=]",
        "url=/p?x=1&y=2                   | [url=/p?x=1&y=2]",
        "msg=\"hello world\" n=1          | [msg=hello world][n=1]",
        "msg=\"\"                         | [msg=]",
        "msg=\"say \\\"hi\\\"\"           | [msg=say \"hi\"]",
        "path=\"C:\\temp\\x\"             | [path=C:\temp\\x]",
        "msg=\"\\u00e9\\ud83d\\ude00\"    | [msg=é😀]",
        "msg=\"lone \\ud83d x\"           | [msg=lone \uFFFD x]",
        "msg=\"low \\ude00 x\"            | [msg=low \uFFFD x]",
        "msg=\"bad \\u12 x\"              | [msg=bad \\u12 x]",
        "http.status=500 user.id=7        | [http.status=500][user.id=7]",
        "a=1 a=2                          | [a=1][a=2]",
        "ключ=значение é=\"ü\"            | [ключ=значение][é=ü]",
      })
  void splitsALineIntoFields(String line, String expected) {
    List<String> fields = new ArrayList<>();

    String rejection = parse(line, fields);

    assertThat(rejection).isNull();
    assertThat(String.join("", fields)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "=1                  | no key before '=' at column 1; write key=value",
        "a=1 =2              | no key before '=' at column 5; write key=value",
        "a\"b=1              | quote in a key at column 2; keys are unquoted words, write key=\"a"
            + " value\"",
        "`\"quoted\"=1`      | quote in a key at column 1; keys are unquoted words, write"
            + " key=\"a value\"",
        "a=b\"c              | quote in the unquoted value of \"a\" at column 4; quote the whole"
            + " value, like key=\"a \\\"b\\\"\"",
        "msg=\"open          | quoted value of \"msg\" starting at column 5 is not closed; end it"
            + " with a quote, and write a quote inside it as \\\"",
        "msg=\"ends \\\"     | quoted value of \"msg\" starting at column 5 is not closed; end it"
            + " with a quote, and write a quote inside it as \\\"",
        "msg=\"x\"y=1        | text right after the closing quote at column 8; put a space"
            + " between pairs",
        "é=\"ü\"ö            | text right after the closing quote at column 6; put a space"
            + " between pairs",
      })
  void rejectsWithTheColumn(String line, String expected) {
    assertThat(parse(line, new ArrayList<>())).isEqualTo(expected);
  }

  @Test
  void decodesTheEscapesOfJson() {
    List<String> fields = new ArrayList<>();

    parse("msg=\"a\\\\b\\nc\\rd\\te\\/f\\bg\\fh\"", fields);

    assertThat(fields).containsExactly("[msg=a\\b\nc\rd\te/f\bg\fh]");
  }

  @Test
  void columnsCountFromTheStartOfTheLineBeforeSkippedBlanks() {
    byte[] bytes = "  =x".getBytes(UTF_8);

    String rejection = new LogfmtParser().parse(bytes, 0, 2, bytes.length, (key, value) -> null);

    assertThat(rejection).contains("at column 3");
  }

  @Test
  void stopsAtTheFirstRejectionOfTheSink() {
    List<String> keys = new ArrayList<>();
    byte[] bytes = "a=1 b=2 c=3".getBytes(UTF_8);

    String rejection =
        new LogfmtParser()
            .parse(
                bytes,
                0,
                0,
                bytes.length,
                (key, value) -> {
                  keys.add(key);
                  return key.equals("b") ? "too many fields" : null;
                });

    assertThat(rejection).isEqualTo("too many fields");
    assertThat(keys).containsExactly("a", "b");
  }

  @Test
  void aKeySeenBeforeIsTheSameString() {
    LogfmtParser parser = new LogfmtParser();
    List<String> keys = new ArrayList<>();
    byte[] line = "service=a level=b".getBytes(UTF_8);

    parser.parse(line, 0, 0, line.length, collectKeys(keys));
    parser.parse(line, 0, 0, line.length, collectKeys(keys));

    assertThat(keys).containsExactly("service", "level", "service", "level");
    assertThat(keys.get(2)).isSameAs(keys.get(0));
    assertThat(keys.get(3)).isSameAs(keys.get(1));
  }

  @Test
  void keysThatShareACacheSlotStayApart() {
    LogfmtParser parser = new LogfmtParser();
    StringBuilder text = new StringBuilder("k");
    // More distinct keys than slots, so some share a slot and replace each other.
    for (int index = 0; index < 4 * LogfmtParser.KEY_CACHE_SIZE; index++) {
      text.append(" k").append(index).append("=v");
    }
    byte[] line = text.toString().getBytes(UTF_8);
    List<String> first = new ArrayList<>();
    List<String> second = new ArrayList<>();

    parser.parse(line, 0, 0, line.length, collectKeys(first));
    parser.parse(line, 0, 0, line.length, collectKeys(second));

    assertThat(second).isEqualTo(first).doesNotHaveDuplicates();
    assertThat(first.get(1)).isEqualTo("k0");
    assertThat(first.getLast()).isEqualTo("k" + (4 * LogfmtParser.KEY_CACHE_SIZE - 1));
  }

  private static LogfmtParser.FieldSink collectKeys(List<String> keys) {
    return (key, value) -> {
      keys.add(key);
      return null;
    };
  }

  @Test
  void hasPairLooksForAnEqualsSign() {
    byte[] bytes = "xx a=b".getBytes(UTF_8);

    assertThat(LogfmtParser.hasPair(bytes, 0, bytes.length)).isTrue();
    assertThat(LogfmtParser.hasPair(bytes, 0, 3)).isFalse();
  }

  private static String parse(String line, List<String> fields) {
    byte[] bytes = ("##" + line).getBytes(UTF_8);
    return new LogfmtParser()
        .parse(
            bytes,
            2,
            2,
            bytes.length,
            (key, value) -> {
              fields.add("[" + key + "=" + value + "]");
              return null;
            });
  }
}
