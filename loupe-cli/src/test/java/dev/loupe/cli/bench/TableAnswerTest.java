package dev.loupe.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TableAnswerTest {
  private static final String ANSWER =
      "{\"columns\":[\"status\",\"count()\"],\"rows\":[[\"200\",\"7\"],[null,\"3\"],[\"503\",\"1\"]],"
          + "\"_status\":{\"rows\":3,\"duration_ms\":12.5}}";

  @Test
  void readsColumnsRowsAndStatus() {
    TableAnswer answer = TableAnswer.parse(ANSWER, 42);

    assertThat(answer.columns()).containsExactly("status", "count()");
    assertThat(answer.rows())
        .containsExactly(
            Arrays.asList("200", "7"), Arrays.asList(null, "3"), Arrays.asList("503", "1"));
    assertThat(answer.status())
        .containsEntry("_status.rows", "3")
        .containsEntry("_status.duration_ms", "12.5");
    assertThat(answer.nanos()).isEqualTo(42);
  }

  @Test
  void sumsAColumnWithNullsAsZero() {
    TableAnswer answer =
        TableAnswer.parse(
            "{\"columns\":[\"status\",\"count()\"],\"rows\":[[\"200\",\"7\"],[\"404\",null]],"
                + "\"_status\":{}}",
            0);

    assertThat(answer.sum("count()")).isEqualTo(7);
    assertThat(TableAnswer.parse(ANSWER, 0).sum("count()")).isEqualTo(11);
  }

  @Test
  void acceptsAnEmptyTableAndFieldsInAnyOrder() {
    TableAnswer answer =
        TableAnswer.parse("{\"_status\":{\"rows\":0},\"rows\":[],\"columns\":[]}", 0);

    assertThat(answer.rows()).isEmpty();
    assertThat(answer.status()).containsEntry("_status.rows", "0");
  }

  @Test
  void failsOnWhatIsNotATable() {
    assertThatThrownBy(() -> TableAnswer.parse("{\"columns\":[\"a\"]}", 0))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("without columns or rows");
    assertThatThrownBy(() -> TableAnswer.parse("{\"rows\":[[{\"x\":1}]],\"columns\":[]}", 0))
        .isInstanceOf(UncheckedIOException.class);
    assertThatThrownBy(() -> TableAnswer.parse("[1]", 0)).isInstanceOf(UncheckedIOException.class);
    assertThatThrownBy(() -> TableAnswer.parse(ANSWER, 0).column("level"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("level");
  }
}
