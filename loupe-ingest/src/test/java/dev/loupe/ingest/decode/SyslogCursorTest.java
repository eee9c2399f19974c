package dev.loupe.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SyslogCursorTest {
  private static SyslogCursor over(String text, int offset) {
    byte[] bytes = ("xx" + text).getBytes(StandardCharsets.UTF_8);
    SyslogCursor cursor = new SyslogCursor();
    cursor.reset(bytes, 2, bytes.length - 2);
    cursor.skip(offset);
    return cursor;
  }

  @Test
  void readsTokensAndReportsPositionsFromTheMessageStart() throws SyslogSyntaxException {
    SyslogCursor cursor = over("ab cd", 0);

    assertThat(cursor.token("first")).isEqualTo("ab");
    assertThat(cursor.position()).isEqualTo(2);
    cursor.expectSpace("first");
    assertThat(cursor.token("second")).isEqualTo("cd");
    assertThat(cursor.atEnd()).isTrue();
    assertThat(cursor.peek()).isEqualTo(-1);
  }

  @Test
  void failuresSayWhatWasExpectedWhereAndWhatCameInstead() {
    assertThatThrownBy(() -> over(" x", 0).token("host name"))
        .isInstanceOfSatisfying(
            SyslogSyntaxException.class,
            error -> {
              assertThat(error.position()).isZero();
              assertThat(error.getMessage())
                  .isEqualTo("at byte 0: expected the host name but found a space");
            });
    assertThatThrownBy(() -> over("ab", 2).expectSpace("app name"))
        .hasMessage(
            "at byte 2: expected a space after the app name but found the end of the message");
    assertThatThrownBy(() -> over("a\u0001", 1).expect('>', "'>'"))
        .hasMessage("at byte 1: expected '>' but found byte 0x01");
  }

  @Test
  void textReplacesInvalidUtf8() {
    byte[] bytes = {'a', (byte) 0xFF, 'b'};
    SyslogCursor cursor = new SyslogCursor();
    cursor.reset(bytes, 0, 3);

    assertThat(cursor.text(0, 3)).isEqualTo("a\uFFFDb");
  }
}
