package dev.loupe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SearchCommandTest {
  @Test
  void syntaxErrorsPointAtThePosition() throws Exception {
    String answer =
        "{\"error\":{\"code\":\"QUERY_SYNTAX\",\"message\":\"unclosed '('\",\"position\":6}}";
    assertThat(SearchCommand.errorText(answer, "error (timeout"))
        .isEqualTo("unclosed '('\n  error (timeout\n        ^");
  }

  @Test
  void otherErrorsAreTheServersMessage() throws Exception {
    String answer = "{\"error\":{\"code\":\"BAD_REQUEST\",\"message\":\"limit must be positive\"}}";
    assertThat(SearchCommand.errorText(answer, "x")).isEqualTo("limit must be positive");
    assertThat(SearchCommand.errorText(null, "x")).contains("closed the connection");
  }

  @Test
  void tablesAlignColumnsAndCutLongCells() {
    var rows =
        java.util.List.of(
            java.util.Map.of("service", "api", "count()", "42"),
            java.util.Map.of("service", "checkout-" + "x".repeat(80), "count()", "7"));
    String[] lines = SearchCommand.tableText(new java.util.ArrayList<>(rows)).split("\n");
    assertThat(lines).hasSize(3);
    assertThat(lines[1].indexOf("42"))
        .isEqualTo(lines[2].indexOf("7"))
        .isEqualTo(lines[0].indexOf("count()"));
    assertThat(lines[2]).contains("…").doesNotContain("x".repeat(60));
  }

  @Test
  void statsRowsPrintTheirColumns() throws Exception {
    assertThat(SearchCommand.humanLine("{\"service\":\"api\",\"count()\":\"42\"}", false))
        .isEqualTo("service=api  count()=42");
  }

  @Test
  void rowsPrintAsTimeStreamMessageThenFields() throws Exception {
    String row =
        "{\"_time\":\"2026-11-22T10:00:00Z\",\"_stream\":\"{service=\\\"api\\\"}\","
            + "\"_msg\":\"payment declined\",\"level\":\"error\"}";
    assertThat(SearchCommand.humanLine(row, false))
        .isEqualTo("2026-11-22T10:00:00Z {service=\"api\"} payment declined  level=error");
    assertThat(SearchCommand.humanLine(row, true)).startsWith("\u001b[31m").endsWith("\u001b[0m");
  }
}
