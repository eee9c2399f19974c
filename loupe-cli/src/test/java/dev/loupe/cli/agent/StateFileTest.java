package dev.loupe.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateFileTest {
  @TempDir Path directory;

  private static AgentState sample() {
    return new AgentState(
        42,
        List.of(
            new AgentState.FileOffset(
                new FileIdentity(2049, 1311),
                new Fingerprint(1024, 0xdeadbeefL),
                8192,
                "/var/log/app.log",
                Path.of("/var/log/app.log.1")),
            new AgentState.FileOffset(
                new FileIdentity(2049, 77),
                Fingerprint.EMPTY,
                0,
                "/var/log/a \"quoted\" name\twith tab.log",
                Path.of("/var/log/a \"quoted\" name\twith tab.log"))));
  }

  @Test
  void roundTrips() throws IOException {
    Path file = directory.resolve("state.json");
    StateFile.write(file, sample());
    assertThat(StateFile.readOrNull(file)).isEqualTo(sample());
    assertThat(Files.list(directory)).containsExactly(file);
  }

  @Test
  void noFileMeansTheFirstStart() {
    assertThat(StateFile.readOrNull(directory.resolve("state.json"))).isNull();
  }

  @Test
  void theFormatIsReadableJsonWithAChecksumLine() throws IOException {
    Path file = directory.resolve("state.json");
    StateFile.write(file, new AgentState(3, List.of()));
    assertThat(Files.readString(file))
        .matches(
            "\\{\"format\":\"loupe-agent-state\",\"version\":1,\"next_segment\":3,\"files\":\\[]}\n"
                + "crc32c [0-9a-f]{8}\n");
  }

  @Test
  void aChangedByteIsRefusedWithHowToStartOver() throws IOException {
    Path file = directory.resolve("state.json");
    StateFile.write(file, sample());
    Files.writeString(file, Files.readString(file).replace("8192", "9192"));
    assertThatThrownBy(() -> StateFile.readOrNull(file))
        .isInstanceOf(LoupeException.class)
        .hasMessageContaining("checksum mismatch")
        .hasMessageContaining("move it away")
        .extracting(failure -> ((LoupeException) failure).code())
        .isEqualTo(ErrorCode.CORRUPT_DATA);
  }

  @Test
  void aTruncatedFileIsRefused() throws IOException {
    Path file = directory.resolve("state.json");
    StateFile.write(file, sample());
    String text = Files.readString(file);
    Files.writeString(file, text.substring(0, text.length() / 2));
    assertThatThrownBy(() -> StateFile.readOrNull(file)).hasMessageContaining("damaged");
  }

  @Test
  void aNewerVersionIsRefusedWithAnUpgradeHint() throws IOException {
    Path file = directory.resolve("state.json");
    String json =
        "{\"format\":\"loupe-agent-state\",\"version\":2,\"next_segment\":1,\"files\":[]}";
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Files.writeString(
        file,
        json + "\ncrc32c " + java.util.HexFormat.of().toHexDigits((int) crc.getValue()) + "\n");
    assertThatThrownBy(() -> StateFile.readOrNull(file))
        .hasMessageContaining("newer loupe agent")
        .hasMessageContaining("version 2");
  }
}
