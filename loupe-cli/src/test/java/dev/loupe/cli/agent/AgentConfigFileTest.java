package dev.loupe.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigFileTest {
  private static final Set<String> FLAGS = Set.of("--server", "--path", "--label", "--linger");

  @TempDir Path directory;

  @Test
  void linesBecomeArgumentsAndTheCommandLineWins() throws IOException {
    Path file = directory.resolve("agent.conf");
    Files.writeString(
        file,
        """
        # where to ship
        server = http://logs.internal:9280

        path = /var/log/*.log
        path=/srv/app/*.log
        label = env=prod
        linger = 2s
        """);
    assertThat(AgentConfigFile.arguments(file, FLAGS::contains, flag -> flag.equals("--linger")))
        .containsExactly(
            "--server", "http://logs.internal:9280",
            "--path", "/var/log/*.log",
            "--path", "/srv/app/*.log",
            "--label", "env=prod");
  }

  @Test
  void anUnknownSettingNamesItsLine() throws IOException {
    Path file = directory.resolve("agent.conf");
    Files.writeString(file, "server = http://x\nservre = http://y\n");
    assertThatThrownBy(() -> AgentConfigFile.arguments(file, FLAGS::contains, flag -> false))
        .hasMessageContaining("agent.conf line 2")
        .hasMessageContaining("unknown setting 'servre'");
  }

  @Test
  void aLineWithoutEqualsNamesItsLine() throws IOException {
    Path file = directory.resolve("agent.conf");
    Files.writeString(file, "server: http://x\n");
    assertThatThrownBy(() -> AgentConfigFile.arguments(file, FLAGS::contains, flag -> false))
        .hasMessageContaining("line 1")
        .hasMessageContaining("expected 'setting = value'");
  }

  @Test
  void aMissingFileSaysSo() {
    assertThatThrownBy(
            () ->
                AgentConfigFile.arguments(
                    directory.resolve("absent.conf"), FLAGS::contains, flag -> false))
        .hasMessageContaining("cannot read --config");
  }
}
