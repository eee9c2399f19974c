package dev.loupe.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.ingest.MultilineRule;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TailedFileTest {
  private static final long SECOND = 1_000_000_000L;
  @TempDir Path directory;
  private final ByteBuffer scratch = ByteBuffer.allocate(16);
  private final List<FileEvent> events = new ArrayList<>();

  private AgentSettings settings() {
    return AgentSettings.builder(List.of("*"), URI.create("http://x"), directory)
        .multiline(MultilineRule.OFF)
        .partialLineTimeout(Duration.ofSeconds(5))
        .build();
  }

  private TailedFile open(Path path, long offset) throws IOException {
    FileIdentity identity = FileIdentity.stat(path).identity();
    return TailedFile.openOrNull(path, identity, path.toString(), offset, settings(), 0);
  }

  @Test
  void readsWhatWasAppendedInSmallBuffersAndSaysWhereItGot() throws IOException {
    Path log = Files.writeString(directory.resolve("app.log"), "first line here\nsecond\nthi");
    try (TailedFile file = open(log, 0)) {
      assertThat(file.read(scratch, Long.MAX_VALUE, 0, () -> false, events::add)).isEqualTo(26);
      assertThat(events).extracting(FileEvent::text).containsExactly("first line here", "second");
      assertThat(file.committableOffset()).isEqualTo(23);
      assertThat(file.unreadBytes()).isZero();
      assertThat(file.read(scratch, Long.MAX_VALUE, 0, () -> false, events::add)).isZero();
    }
  }

  @Test
  void startsAtTheGivenOffsetOrAtZeroWhenTheFileIsShorter() throws IOException {
    Path log = Files.writeString(directory.resolve("app.log"), "skipped\nkept\n");
    try (TailedFile file = open(log, 8)) {
      file.read(scratch, Long.MAX_VALUE, 0, () -> false, events::add);
    }
    try (TailedFile file = open(log, 1000)) {
      file.read(scratch, Long.MAX_VALUE, 0, () -> false, events::add);
    }
    assertThat(events).extracting(FileEvent::text).containsExactly("kept", "skipped", "kept");
  }

  @Test
  void stopsWhenTheBatchIsFullAndContinuesWhereItStopped() throws IOException {
    Path log = Files.writeString(directory.resolve("app.log"), "a\nb\nc\nd\n");
    try (TailedFile file = open(log, 0)) {
      file.read(scratch, Long.MAX_VALUE, 0, () -> events.size() >= 3, events::add);
      assertThat(events).hasSize(3);
      assertThat(file.unreadBytes()).isEqualTo(2);
      file.read(scratch, Long.MAX_VALUE, 0, () -> false, events::add);
      assertThat(events).extracting(FileEvent::text).containsExactly("a", "b", "c", "d");
    }
  }

  @Test
  void aFragmentIsEmittedOnlyAfterTheTimeoutAndAtTheEndOfTheFile() throws IOException {
    Path log = Files.writeString(directory.resolve("app.log"), "no newline");
    try (TailedFile file = open(log, 0)) {
      file.read(scratch, Long.MAX_VALUE, 0, () -> false, events::add);
      file.flushIdle(4 * SECOND, events::add);
      assertThat(events).isEmpty();
      file.flushIdle(5 * SECOND, events::add);
      assertThat(events).containsExactly(new FileEvent("no newline", 10));
    }
  }

  @Test
  void openingAPathThatNowLeadsToAnotherFileGivesNull() throws IOException {
    Path log = Files.writeString(directory.resolve("app.log"), "one\n");
    FileIdentity before = FileIdentity.stat(log).identity();
    Files.move(log, directory.resolve("app.log.1"));
    Files.writeString(log, "two\n");
    assertThat(TailedFile.openOrNull(log, before, "label", 0, settings(), 0)).isNull();
  }

  @Test
  void keepsReadingARenamedFileThroughItsOpenChannel() throws IOException {
    Path log = Files.writeString(directory.resolve("app.log"), "one\n");
    try (TailedFile file = open(log, 0)) {
      file.read(scratch, Long.MAX_VALUE, 0, () -> false, events::add);
      Path rotated = directory.resolve("app.log.1");
      Files.move(log, rotated);
      Files.writeString(rotated, "two\n", java.nio.file.StandardOpenOption.APPEND);
      file.markRotatedAway();
      file.read(scratch, Long.MAX_VALUE, SECOND, () -> false, events::add);
      assertThat(events).extracting(FileEvent::text).containsExactly("one", "two");
      assertThat(file.finished(SECOND, SECOND)).as("quiet for less than asked").isFalse();
      assertThat(file.finished(2 * SECOND, SECOND)).isTrue();
    }
  }
}
