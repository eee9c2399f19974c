package dev.loupe.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.LoupeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileGlobTest {
  @TempDir Path directory;

  @BeforeEach
  void files() throws IOException {
    for (String name :
        List.of(
            "app.log",
            "app.log.1",
            "app.log.2.gz",
            "db.log",
            "nginx/access.log",
            "nginx/error.log",
            "nginx/old/access.log",
            "notes.txt")) {
      Path file = directory.resolve(name);
      Files.createDirectories(file.getParent());
      Files.writeString(file, "x\n");
    }
    Files.createDirectories(directory.resolve("dir.log"));
  }

  private List<String> expand(List<String> includes, List<String> excludes) {
    return FileGlob.of(includes, excludes).expand().stream()
        .map(path -> directory.relativize(path).toString())
        .toList();
  }

  @Test
  void aStarStaysInItsDirectory() {
    assertThat(expand(List.of(directory + "/*.log"), List.of()))
        .containsExactly("app.log", "db.log");
  }

  @Test
  void twoStarsCrossDirectories() {
    assertThat(expand(List.of(directory + "/**/access.log"), List.of()))
        .containsExactly("nginx/access.log", "nginx/old/access.log");
  }

  @Test
  void severalGlobsAndBracesAreUnitedWithoutDuplicates() {
    assertThat(expand(List.of(directory + "/app.log*", directory + "/{app,db}.log"), List.of()))
        .containsExactly("app.log", "app.log.1", "app.log.2.gz", "db.log");
  }

  @Test
  void excludesMatchTheNameOrWithASlashTheWholePath() {
    assertThat(expand(List.of(directory + "/app.log*"), List.of("*.gz")))
        .containsExactly("app.log", "app.log.1");
    assertThat(expand(List.of(directory + "/nginx/**"), List.of(directory + "/nginx/old/*")))
        .containsExactly("nginx/access.log", "nginx/error.log");
  }

  @Test
  void aPlainPathMatchesThatFile() {
    assertThat(expand(List.of(directory + "/notes.txt"), List.of())).containsExactly("notes.txt");
    assertThat(expand(List.of(directory + "/absent.log"), List.of())).isEmpty();
  }

  @Test
  void aMissingDirectoryMatchesNothingUntilItExists() throws IOException {
    FileGlob glob = FileGlob.of(List.of(directory + "/later/*.log"), List.of());
    assertThat(glob.expand()).isEmpty();
    Files.createDirectories(directory.resolve("later"));
    Files.writeString(directory.resolve("later/new.log"), "x\n");
    assertThat(glob.expand()).containsExactly(directory.resolve("later/new.log"));
  }

  @Test
  void dotsInTheGlobAreResolved() {
    assertThat(expand(List.of(directory + "/nginx/.././*.log"), List.of()))
        .containsExactly("app.log", "db.log");
  }

  @Test
  void anInvalidGlobSaysWhichFlag() {
    assertThatThrownBy(() -> FileGlob.of(List.of(directory + "/[a-"), List.of()))
        .isInstanceOf(LoupeException.class)
        .hasMessageContaining("--path")
        .hasMessageContaining("not a valid glob");
    assertThatThrownBy(() -> FileGlob.of(List.of(directory + "/*"), List.of("{a")))
        .hasMessageContaining("--exclude");
  }
}
