package dev.loupe.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {
  @TempDir Path directory;

  @Test
  void segmentsAreShippedOldestFirstOnlyOncePublished() throws Exception {
    Spool spool = new Spool(directory, 1 << 20, 1);
    Spool.Segment first = spool.write(1, new byte[] {1, 2, 3});
    assertThat(spool.awaitOldest(Duration.ofMillis(1))).as("written, not published").isNull();
    spool.publish(first);
    spool.publish(spool.write(2, new byte[] {4}));
    assertThat(spool.segments()).isEqualTo(2);
    assertThat(spool.bytes()).isEqualTo(4);
    assertThat(spool.awaitOldest(Duration.ZERO)).isEqualTo(first);
    spool.remove(first);
    assertThat(Files.exists(first.path())).isFalse();
    assertThat(spool.awaitOldest(Duration.ZERO).sequence()).isEqualTo(2);
    assertThat(spool.bytes()).isEqualTo(1);
  }

  @Test
  void isFullAtItsBound() throws IOException {
    Spool spool = new Spool(directory, 10, 1);
    spool.publish(spool.write(1, new byte[9]));
    assertThat(spool.hasRoom()).isTrue();
    spool.publish(spool.write(2, new byte[1]));
    assertThat(spool.hasRoom()).isFalse();
  }

  @Test
  void reopeningQueuesWhatTheStateCoversAndDeletesTheRest() throws Exception {
    Spool before = new Spool(directory, 1 << 20, 1);
    for (long sequence = 1; sequence <= 4; sequence++) {
      before.publish(before.write(sequence, new byte[] {(byte) sequence}));
    }
    Files.writeString(directory.resolve(DurableFiles.TEMPORARY_PREFIX + Spool.name(5)), "torn");
    Files.writeString(directory.resolve("unrelated.txt"), "kept");

    // The state file says segment 3 is the next: 3 and 4 were written after it was saved.
    Spool after = new Spool(directory, 1 << 20, 3);
    assertThat(after.segments()).isEqualTo(2);
    assertThat(after.awaitOldest(Duration.ZERO).sequence()).isEqualTo(1);
    try (var names = Files.list(directory)) {
      assertThat(names.map(path -> path.getFileName().toString()))
          .containsExactlyInAnyOrder(Spool.name(1), Spool.name(2), "unrelated.txt");
    }
  }

  @Test
  void awaitOldestWakesWhenASegmentIsPublished() throws Exception {
    Spool spool = new Spool(directory, 1 << 20, 1);
    Spool.Segment segment = spool.write(1, new byte[] {1});
    Thread publisher =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    Thread.sleep(20);
                  } catch (InterruptedException stopped) {
                    return;
                  }
                  spool.publish(segment);
                });
    assertThat(spool.awaitOldest(Duration.ofSeconds(30))).isEqualTo(segment);
    publisher.join();
  }

  @Test
  void namesSortByNumber() {
    assertThat(Spool.name(42)).isEqualTo("00000000000000000042.ndjson.gz");
    assertThat(Spool.sequenceOf(Spool.name(42))).isEqualTo(42);
    assertThat(Spool.sequenceOf("42.ndjson.gz")).isEqualTo(-1);
    assertThat(Spool.sequenceOf("state.json")).isEqualTo(-1);
  }
}
