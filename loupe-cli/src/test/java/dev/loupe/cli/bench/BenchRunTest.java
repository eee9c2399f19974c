package dev.loupe.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchRunTest {
  @TempDir Path temporary;

  @Test
  void createsAMarkedDirectory() throws IOException {
    Path directory = BenchRun.prepareDirectory(temporary.resolve("new/bench"));

    assertThat(directory.resolve(BenchRun.MARKER_FILE)).exists();
  }

  @Test
  void takesAnEmptyDirectoryOrOneItMadeBefore() throws IOException {
    Path empty = Files.createDirectory(temporary.resolve("empty"));

    BenchRun.prepareDirectory(empty);
    Files.writeString(empty.resolve(BenchRun.RAW_FILE), "old data set");

    assertThat(BenchRun.prepareDirectory(empty)).isEqualTo(empty);
  }

  @Test
  void refusesADirectoryWithSomeoneElsesFiles() throws IOException {
    Path foreign = Files.createDirectory(temporary.resolve("home"));
    Files.writeString(foreign.resolve("thesis.tex"), "precious");

    assertThatThrownBy(() -> BenchRun.prepareDirectory(foreign))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("refusing to use");
    assertThat(foreign.resolve("thesis.tex")).exists();
  }

  @Test
  void needleAnswerMustBeExactlyThePlantedLinesInAnyOrder() {
    List<String> planted = List.of("a NEEDLE1", "b NEEDLE1", "c NEEDLE1");

    assertThat(BenchRun.sameLines(List.of("c NEEDLE1", "a NEEDLE1", "b NEEDLE1"), planted))
        .isTrue();
    assertThat(BenchRun.sameLines(List.of("a NEEDLE1", "b NEEDLE1"), planted)).isFalse();
    assertThat(BenchRun.sameLines(List.of("a NEEDLE1", "b NEEDLE1", "b NEEDLE1"), planted))
        .isFalse();
  }

  @Test
  void loupeMessagesMustEachComeFromADifferentPlantedLine() {
    List<String> planted =
        List.of("10.0.0.1 GET /x/NEEDLE1", "{\"msg\":\"token NEEDLE1 rejected\"}", "sshd: NEEDLE1");

    assertThat(
            BenchRun.messagesOfLines(
                List.of("token NEEDLE1 rejected", "sshd: NEEDLE1", "10.0.0.1 GET /x/NEEDLE1"),
                planted))
        .isTrue();
    assertThat(BenchRun.messagesOfLines(List.of("sshd: NEEDLE1", "sshd: NEEDLE1", "x"), planted))
        .isFalse();
    assertThat(BenchRun.messagesOfLines(List.of("token NEEDLE1 rejected"), planted)).isFalse();
  }

  @Test
  void deletesRecursively() throws IOException {
    Path root = Files.createDirectories(temporary.resolve("root/a/b"));
    Files.writeString(root.resolve("file"), "x");

    BenchRun.deleteRecursively(temporary.resolve("root"));

    assertThat(temporary.resolve("root")).doesNotExist();
  }
}
