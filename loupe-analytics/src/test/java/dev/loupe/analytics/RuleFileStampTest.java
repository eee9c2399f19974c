package dev.loupe.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleFileStampTest {
  @TempDir Path directory;

  @Test
  void aChangeOfTimeOrSizeChangesTheStamp() throws Exception {
    Path file = directory.resolve("rules.yaml");
    Files.writeString(file, "rules: []\n");
    Files.setLastModifiedTime(file, FileTime.fromMillis(1_000_000));
    RuleFileStamp first = RuleFileStamp.of(file);
    assertThat(RuleFileStamp.of(file)).isEqualTo(first);

    Files.setLastModifiedTime(file, FileTime.fromMillis(2_000_000));
    RuleFileStamp touched = RuleFileStamp.of(file);
    assertThat(touched).isNotEqualTo(first);

    Files.writeString(file, "rules: [ ]\n");
    Files.setLastModifiedTime(file, FileTime.fromMillis(2_000_000));
    assertThat(RuleFileStamp.of(file)).isNotEqualTo(touched);
  }

  @Test
  void aMissingFileIsAnError() {
    Path missing = directory.resolve("none.yaml");
    assertThatThrownBy(() -> RuleFileStamp.of(missing)).isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> RuleFileStamp.ofExisting(missing))
        .isInstanceOf(UncheckedIOException.class);
  }
}
