package dev.loupe.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileIdentityTest {
  @TempDir Path directory;

  @Test
  void aRenamedFileKeepsItsIdentityAndANewFileAtTheOldNameGetsAnother() throws IOException {
    Path log = directory.resolve("app.log");
    Files.writeString(log, "hello\n");
    FileIdentity.Stat before = FileIdentity.stat(log);
    assertThat(before.size()).isEqualTo(6);
    assertThat(before.regularFile()).isTrue();

    Path rotated = directory.resolve("app.log.1");
    Files.move(log, rotated);
    Files.writeString(log, "");
    assertThat(FileIdentity.stat(rotated).identity()).isEqualTo(before.identity());
    assertThat(FileIdentity.stat(log).identity()).isNotEqualTo(before.identity());
  }

  @Test
  void symbolicLinksAreFollowed() throws IOException {
    Path target = directory.resolve("target.log");
    Files.writeString(target, "x\n");
    Path link = Files.createSymbolicLink(directory.resolve("link.log"), target);
    assertThat(FileIdentity.stat(link).identity()).isEqualTo(FileIdentity.stat(target).identity());
  }

  @Test
  void aMissingFileIsAnError() {
    assertThatThrownBy(() -> FileIdentity.stat(directory.resolve("absent")))
        .isInstanceOf(NoSuchFileException.class);
  }
}
