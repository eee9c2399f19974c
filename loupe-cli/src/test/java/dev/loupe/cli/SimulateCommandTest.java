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

class SimulateCommandTest {
  @TempDir Path directory;

  private record Result(int exitCode, String err) {}

  private static Result execute(String... arguments) {
    CommandLine commandLine = LoupeCommand.commandLine();
    StringWriter err = new StringWriter();
    commandLine.setErr(new PrintWriter(err, true));
    commandLine.setOut(new PrintWriter(new StringWriter(), true));
    int exitCode = commandLine.execute(arguments);
    return new Result(exitCode, err.toString());
  }

  @Test
  void writesFilesAndLabelsFromTheCommandLine() throws Exception {
    Path files = directory.resolve("logs");
    Path csv = directory.resolve("lines.csv");
    Path labels = directory.resolve("incidents.jsonl");

    Result result =
        execute(
            "simulate",
            "--lines",
            "800",
            "--rate",
            "0",
            "--from",
            "2026-11-21T00:00:00Z",
            "--seed",
            "5",
            "--output",
            "file:" + files,
            "--labels-csv",
            csv.toString(),
            "--labels",
            labels.toString(),
            "--incident",
            "host-silent:host=db-01,at=0,for=1m");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(Files.readAllLines(csv))
        .hasSizeGreaterThan(800)
        .first()
        .isEqualTo("LineId,Content,EventId,EventTemplate");
    assertThat(Files.readString(labels))
        .contains("\"kind\":\"host-silent\",\"service\":null,\"host\":\"db-01\"");
    assertThat(files.resolve("edge-01/access.log")).exists();
    assertThat(files.resolve("db-01")).doesNotExist();
  }

  @Test
  void mistakesAreOneLineThatSaysHowToFixThem() {
    List<String[]> cases =
        List.of(
            new String[] {"--from", "yesterday", "--from yesterday is not an RFC 3339 time"},
            new String[] {"--incidents", "sometimes", "--incidents takes random or none"},
            new String[] {"--output", "kafka://x", "is not an output; write -, http://HOST:PORT"},
            new String[] {"--incident", "deploy", "deploy needs service=NAME"},
            new String[] {"--speed", "0", "--speed must be above 0"},
            new String[] {"--duration", "ten", "'ten' is not a duration"});
    for (String[] example : cases) {
      Result result = execute("simulate", "--lines", "10", example[0], example[1]);
      assertThat(result.exitCode()).as(example[0]).isEqualTo(2);
      assertThat(result.err()).as(example[0]).contains(example[2]);
    }
  }

  @Test
  void helpDescribesOutputsIncidentsAndExamples() {
    CommandLine commandLine = LoupeCommand.commandLine();
    StringWriter out = new StringWriter();
    commandLine.setOut(new PrintWriter(out, true));

    assertThat(commandLine.execute("simulate", "--help")).isZero();
    assertThat(out.toString())
        .contains("syslog+udp://HOST:PORT", "memory-leak:service=S", "--backfill", "--labels-csv")
        .contains("loupe simulate --output http://127.0.0.1:9280 --rate 2000");
  }
}
