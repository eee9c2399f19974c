package dev.loupe.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableFilesTest {
  @TempDir Path directory;

  @Test
  void replacesTheFileWholeAndLeavesNoTemporaryFile() throws IOException {
    Path target = directory.resolve("state.json");
    DurableFiles.replace(target, "first".getBytes());
    DurableFiles.replace(target, "second, longer".getBytes());
    assertThat(Files.readString(target)).isEqualTo("second, longer");
    assertThat(Files.list(directory)).containsExactly(target);
  }
}
