package dev.loupe.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.LoupeException;
import dev.loupe.ingest.MultilineRule;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentSettingsTest {
  private static AgentSettings.Builder builder() {
    return AgentSettings.builder(
        List.of("/var/log/*.log"), URI.create("http://127.0.0.1:9280"), Path.of("data"));
  }

  @Test
  void defaultsComeFromTheLimits() {
    AgentSettings settings = builder().build();
    assertThat(settings.maxBufferBytes()).isEqualTo(256L << 20);
    assertThat(settings.readFrom()).isEqualTo(AgentSettings.ReadFrom.BEGINNING);
    assertThat(settings.multiline()).isEqualTo(MultilineRule.AUTO);
    assertThat(settings.maxEventLines()).isEqualTo(1000);
    assertThat(settings.labels()).containsExactly(Map.entry("source", "agent"));
    assertThat(settings.streamFields()).containsExactly("file", "source");
  }

  @Test
  void streamFieldsAreTheLabelsAndTheFileSorted() {
    AgentSettings settings =
        builder().labels(Map.of("host", "web-1", "service", "api", "source", "nginx")).build();
    assertThat(settings.labels()).containsEntry("source", "nginx");
    assertThat(settings.streamFields()).containsExactly("file", "host", "service", "source");
  }

  @Test
  void badSettingsSayWhichFlagAndWhy() {
    assertThatThrownBy(
            () -> AgentSettings.builder(List.of(), URI.create("http://x"), Path.of("d")).build())
        .isInstanceOf(LoupeException.class)
        .hasMessageContaining("--path");
    assertThatThrownBy(
            () -> AgentSettings.builder(List.of("*"), URI.create("ftp://x"), Path.of("d")).build())
        .hasMessageContaining("--server must be an http");
    assertThatThrownBy(() -> builder().labels(Map.of("_msg", "x")).build())
        .hasMessageContaining("invalid --label key '_msg'");
    assertThatThrownBy(() -> builder().labels(Map.of("a b", "x")).build())
        .hasMessageContaining("invalid --label key 'a b'");
    assertThatThrownBy(() -> builder().batchLines(0).build())
        .hasMessageContaining("--batch-lines must be positive");
    assertThatThrownBy(() -> builder().linger(Duration.ZERO).build())
        .hasMessageContaining("--linger must be positive");
    assertThatThrownBy(() -> builder().retry(Duration.ofSeconds(2), Duration.ofSeconds(1)).build())
        .hasMessageContaining("--retry-max");
    assertThatThrownBy(() -> builder().tenant("bad tenant!").build())
        .hasMessageContaining("--tenant");
  }
}
