package dev.loupe.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.cli.LoupeCommand;
import dev.loupe.ingest.MultilineRule;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AgentCommandTest {
  @TempDir Path directory;

  private static AgentCommand parse(String... arguments) {
    CommandLine commandLine = LoupeCommand.commandLine();
    commandLine.parseArgs(arguments);
    return commandLine.getSubcommands().get("agent").getCommand();
  }

  @Test
  void helpHasExamplesAndEverySetting() {
    CommandLine commandLine = LoupeCommand.commandLine();
    StringWriter out = new StringWriter();
    commandLine.setOut(new PrintWriter(out));
    assertThat(commandLine.execute("agent", "--help")).isZero();
    assertThat(out.toString())
        .contains("Tail log files and ship their lines")
        .contains("Examples:")
        .contains("loupe agent --path '/var/log/*.log'")
        .contains("--max-buffer-mb")
        .contains("--read-from")
        .contains("default: beginning")
        .contains("--config");
  }

  @Test
  void flagsBecomeSettings() {
    AgentCommand command =
        parse(
            "agent",
            "--path",
            "/var/log/*.log",
            "--path",
            "/srv/*.log",
            "--exclude",
            "*.gz",
            "--label",
            "service=api",
            "--label",
            "host=override",
            "--read-from",
            "END",
            "--multiline",
            "off",
            "--linger",
            "250ms",
            "--max-buffer-mb",
            "16",
            "--data-dir",
            directory.toString());
    AgentSettings settings = command.settings();
    assertThat(settings.includes()).containsExactly("/var/log/*.log", "/srv/*.log");
    assertThat(settings.excludes()).containsExactly("*.gz");
    assertThat(settings.labels())
        .containsEntry("service", "api")
        .containsEntry("host", "override")
        .containsEntry("source", "agent");
    assertThat(settings.readFrom()).isEqualTo(AgentSettings.ReadFrom.END);
    assertThat(settings.multiline()).isEqualTo(MultilineRule.OFF);
    assertThat(settings.linger()).isEqualTo(Duration.ofMillis(250));
    assertThat(settings.maxBufferBytes()).isEqualTo(16L << 20);
    assertThat(settings.server().toString()).isEqualTo("http://127.0.0.1:9280");
  }

  @Test
  void multilineFlagsBecomeTheRuleOfTheServersJoiner() {
    assertThat(parse("agent", "--path", "/x/*.log").settings().multiline())
        .isEqualTo(MultilineRule.AUTO);
    assertThat(parse("agent", "--path", "/x/*.log", "--multiline", "continuation").settings())
        .as("the former name of auto")
        .extracting(AgentSettings::multiline)
        .isEqualTo(MultilineRule.AUTO);
    AgentSettings pattern =
        parse(
                "agent",
                "--path",
                "/x/*.log",
                "--multiline-start",
                "^\\d{4}-",
                "--max-event-lines",
                "50")
            .settings();
    assertThat(pattern.multiline()).isEqualTo(MultilineRule.startPattern("^\\d{4}-"));
    assertThat(pattern.maxEventLines()).isEqualTo(50);
  }

  @Test
  void badMultilineFlagsSayWhatToFix() {
    assertThatThrownBy(() -> parse("agent", "--path", "/x", "--multiline", "java").settings())
        .hasMessageContaining("--multiline must be auto or off");
    assertThatThrownBy(
            () ->
                parse("agent", "--path", "/x", "--multiline", "off", "--multiline-start", "^x")
                    .settings())
        .hasMessageContaining("contradict");
    assertThatThrownBy(() -> parse("agent", "--path", "/x", "--multiline-start", "(x").settings())
        .hasMessageContaining("--multiline-start: invalid start-of-event pattern");
    assertThatThrownBy(() -> parse("agent", "--path", "/x", "--max-event-lines", "0").settings())
        .hasMessageContaining("--max-event-lines must be positive");
  }

  @Test
  void theHostLabelDefaultsToTheMachinesName() {
    AgentSettings settings = parse("agent", "--path", "/x/*.log").settings();
    assertThat(settings.labels().get("host")).isEqualTo(AgentCommand.hostname()).isNotBlank();
  }

  @Test
  void aConfigFileFillsWhatTheCommandLineDoesNotSay() throws IOException {
    Path config = directory.resolve("agent.conf");
    Files.writeString(
        config,
        String.join(
            "\n",
            "server = http://logs.internal:9280",
            "path = /var/log/*.log",
            "path = /srv/app/*.log",
            "label = env=prod",
            "batch-lines = 7",
            "linger = 3s",
            ""));
    AgentCommand command = parse("agent", "--config", config.toString(), "--batch-lines", "5");
    command.applyConfigFile();
    AgentSettings settings = command.settings();
    assertThat(settings.server().toString()).isEqualTo("http://logs.internal:9280");
    assertThat(settings.includes()).containsExactly("/var/log/*.log", "/srv/app/*.log");
    assertThat(settings.labels()).containsEntry("env", "prod");
    assertThat(settings.batchLines()).as("the command line wins").isEqualTo(5);
    assertThat(settings.linger()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void mistakesAreExplained() {
    assertThatThrownBy(() -> parse("agent").settings())
        .hasMessageContaining("give at least one --path");
    assertThatThrownBy(() -> parse("agent", "--path", "x", "--read-from", "middle").settings())
        .hasMessageContaining("--read-from must be beginning or end, not 'middle'");
    assertThatThrownBy(() -> parse("agent", "--path", "x", "--server", "not a url").settings())
        .hasMessageContaining("--server");
  }

  @Test
  void runningItAgainstABadDirectoryFailsWithOneLine() throws IOException {
    Path notADirectory = Files.writeString(directory.resolve("file"), "x");
    CommandLine commandLine = LoupeCommand.commandLine();
    StringWriter err = new StringWriter();
    commandLine.setErr(new PrintWriter(err));
    int exit =
        commandLine.execute(
            "agent", "--path", directory + "/*.log", "--data-dir", notADirectory.toString());
    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).startsWith("loupe: ").contains(notADirectory.toString());
    assertThat(List.of(err.toString().split("\n"))).hasSize(1);
  }
}
