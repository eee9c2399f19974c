package dev.loupe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PatternsEvalCommandTest {
  @TempDir Path directory;

  /** Three templates; fields hold a quoted comma, doubled quotes and a line break (RFC 4180). */
  private Path corpus() throws Exception {
    Path file = directory.resolve("tiny.csv");
    Files.writeString(
        file,
        """
        LineId,Content,EventId,EventTemplate,Ignored
        1,user alice logged in,E1,user <*> logged in,x
        2,user bob logged in,E1,user <*> logged in,x
        3,"disk sda is full, says \"\"df\"\"",E2,"disk <*> is full, says \"\"df\"\"",x
        4,"disk sdb is full, says \"\"df\"\"",E2,"disk <*> is full, says \"\"df\"\"",x
        5,"two
        lines",E3,two lines,x
        """);
    return file;
  }

  private record Run(int exitCode, String out, String err) {}

  private static Run run(String... arguments) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = LoupeCommand.commandLine();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    int exitCode = commandLine.execute(arguments);
    return new Run(exitCode, out.toString(), err.toString());
  }

  @Test
  void printsTheFiguresOfEachFileAndTheirMean() throws Exception {
    Path file = corpus();
    Files.copy(file, directory.resolve("again.csv"));

    Run result =
        run("patterns", "eval", file.toString(), directory.resolve("again.csv").toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("file", "GA", "FGA", "PA", "FTA")
        .containsPattern("tiny\\.csv\\s+5\\s+1\\.000\\s+1\\.000\\s+1\\.000\\s+1\\.000")
        .containsPattern("mean\\s+10\\s+1\\.000");
  }

  @Test
  void jsonAndAssignments() throws Exception {
    Path assignments = directory.resolve("out");

    Run result =
        run(
            "patterns",
            "eval",
            "--json",
            "--assignments",
            assignments.toString(),
            corpus().toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(result.out());
    assertThat(json.get("files").get(0).get("file").asText()).isEqualTo("tiny.csv");
    assertThat(json.get("files").get(0).get("lines").asLong()).isEqualTo(5);
    assertThat(json.get("files").get(0).get("ga").asDouble()).isEqualTo(1.0);
    assertThat(json.get("mean").get("fta").asDouble()).isEqualTo(1.0);
    List<String> lines = Files.readAllLines(assignments.resolve("tiny.csv.assignments.csv"));
    assertThat(lines.getFirst()).isEqualTo("LineId,Content,EventId,EventTemplate,MinedTemplate");
    assertThat(lines.get(1))
        .matches("1,user alice logged in,p[0-9a-f]{12},user <\\*> logged in,user <\\*> logged in");
  }

  @Test
  void aMissingColumnIsAClearError() throws Exception {
    Path file = directory.resolve("bad.csv");
    Files.writeString(file, "LineId,Content,EventId\n1,hello,E1\n");

    Run result = run("patterns", "eval", file.toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .contains("no column 'EventTemplate'", "Content, EventId and EventTemplate");
  }

  @Test
  void aMissingFileIsAClearError() {
    Run result = run("patterns", "eval", directory.resolve("nope.csv").toString());
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("no such file");
  }
}
