package dev.loupe.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.cli.agent.IngestAnswer.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IngestAnswerTest {
  @ParameterizedTest
  @CsvSource({
    "200, DELIVERED",
    "204, DELIVERED",
    "400, REFUSED",
    "413, REFUSED",
    "422, REFUSED",
    "401, RETRY",
    "403, RETRY",
    "404, RETRY",
    "408, RETRY",
    "429, RETRY",
    "500, RETRY",
    "502, RETRY",
    "503, RETRY",
    "507, RETRY",
  })
  void verdictByStatus(int status, Verdict verdict) {
    assertThat(IngestAnswer.parse(status, "").verdict()).isEqualTo(verdict);
  }

  @Test
  void readsTheIngestResultWithItsLineErrors() {
    IngestAnswer answer =
        IngestAnswer.parse(
            200,
            "{\"accepted\":98,\"rejected\":2,\"errors\":[{\"line\":3,\"reason\":\"line too long\"},"
                + "{\"line\":7,\"reason\":\"invalid JSON\"}]}");
    assertThat(answer.accepted()).isEqualTo(98);
    assertThat(answer.rejected()).isEqualTo(2);
    assertThat(answer.errors())
        .containsExactly(
            new IngestAnswer.LineError(3, "line too long"),
            new IngestAnswer.LineError(7, "invalid JSON"));
  }

  @Test
  void readsTheErrorShapeAndAnythingElseAsTheMessage() {
    assertThat(
            IngestAnswer.parse(
                    507,
                    "{\"error\":{\"code\":\"INSUFFICIENT_STORAGE\",\"message\":\"disk full\"}}")
                .message())
        .isEqualTo("disk full");
    assertThat(IngestAnswer.parse(502, "<html>Bad Gateway</html>").message())
        .isEqualTo("<html>Bad Gateway</html>");
    assertThat(IngestAnswer.parse(502, "x".repeat(1000)).message()).hasSize(303);
  }
}
