package dev.loupe.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FingerprintTest {
  @TempDir Path directory;

  private static FileChannel open(Path file) throws IOException {
    return FileChannel.open(file, StandardOpenOption.READ);
  }

  @Test
  void aGrowingFileKeepsMatchingAndItsFingerprintGrowsToTheFullLength() throws IOException {
    Path file = directory.resolve("app.log");
    Files.writeString(file, "first line\n");
    try (FileChannel channel = open(file)) {
      Fingerprint small = Fingerprint.of(channel);
      assertThat(small.length()).isEqualTo(11);
      Files.writeString(file, "x".repeat(5000), StandardOpenOption.APPEND);
      assertThat(small.matches(channel)).isTrue();
      Fingerprint full = small.extendedOrNull(channel);
      assertThat(full.length()).isEqualTo(AgentLimits.FINGERPRINT_BYTES);
      assertThat(full.isFull()).isTrue();
      assertThat(full.matches(channel)).isTrue();
    }
  }

  @Test
  void replacedContentDoesNotMatch() throws IOException {
    Path file = directory.resolve("app.log");
    Files.writeString(file, "2026-11-22T10:00:00Z first line\n");
    try (FileChannel channel = open(file)) {
      Fingerprint before = Fingerprint.of(channel);
      Files.writeString(file, "2026-11-22T11:00:00Z other line, longer than before\n");
      assertThat(before.matches(channel)).isFalse();
      assertThat(before.extendedOrNull(channel)).isNull();
      Files.writeString(file, "short\n");
      assertThat(before.matches(channel)).as("shorter than the fingerprint").isFalse();
    }
  }

  @Test
  void anEmptyFileMatchesAnything() throws IOException {
    Path file = directory.resolve("empty.log");
    Files.writeString(file, "");
    try (FileChannel channel = open(file)) {
      Fingerprint empty = Fingerprint.of(channel);
      assertThat(empty).isEqualTo(Fingerprint.EMPTY);
      Files.writeString(file, "anything\n");
      assertThat(empty.matches(channel)).isTrue();
    }
  }
}
