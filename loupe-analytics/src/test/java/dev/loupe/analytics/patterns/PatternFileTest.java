package dev.loupe.analytics.patterns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.LoupeException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PatternFileTest {
  /**
   * Set true (-Dloupe.rewrite.compat=true) to rewrite the frozen v1 file after a deliberate change.
   */
  private static final boolean REWRITE = Boolean.getBoolean("loupe.rewrite.compat");

  static PatternFile.Contents sample() {
    return new PatternFile.Contents(
        1_000,
        2_000,
        List.of(
            new PatternFile.StoredPattern(
                "p0123456789ab",
                "default",
                new String[] {"user", "alice", "logged", "in"},
                new String[] {"user", "<*>", "logged", "in"},
                7,
                10,
                20,
                List.of("user alice logged in", "user bob logged in")),
            new PatternFile.StoredPattern(
                "pba9876543210",
                "team-β",
                new String[] {"disk", "<*>%", "full"},
                new String[] {"disk", "<*>%", "full"},
                1,
                5,
                5,
                List.of())));
  }

  @Test
  void roundTrips() {
    PatternFile.Contents decoded = PatternFile.decode(PatternFile.encode(sample()), "test");
    assertThat(decoded.warmupStartNanos()).isEqualTo(1_000);
    assertThat(decoded.savedNanos()).isEqualTo(2_000);
    assertThat(decoded.patterns()).hasSize(2);
    PatternFile.StoredPattern first = decoded.patterns().getFirst();
    assertThat(first.id()).isEqualTo("p0123456789ab");
    assertThat(first.firstTokens()).containsExactly("user", "alice", "logged", "in");
    assertThat(first.template()).containsExactly("user", "<*>", "logged", "in");
    assertThat(first.samples()).containsExactly("user alice logged in", "user bob logged in");
    assertThat(decoded.patterns().get(1).tenant()).isEqualTo("team-β");
  }

  @Test
  void everyFlippedBitIsCaught() {
    byte[] bytes = PatternFile.encode(sample());
    for (int index = 0; index < bytes.length; index++) {
      byte[] damaged = bytes.clone();
      damaged[index] ^= 0x01;
      assertThatThrownBy(() -> PatternFile.decode(damaged, "damaged"))
          .as("flipped bit in byte %d", index)
          .isInstanceOf(LoupeException.class);
    }
  }

  @Test
  void truncatedAndForeignFilesSayWhatIsWrong() {
    byte[] bytes = PatternFile.encode(sample());
    assertThatThrownBy(() -> PatternFile.decode(java.util.Arrays.copyOf(bytes, 10), "f"))
        .hasMessageContaining("shorter than a header");
    assertThatThrownBy(
            () ->
                PatternFile.decode("not a pattern registry at all, just some text".getBytes(), "f"))
        .hasMessageContaining("magic LPAT");
    byte[] future = bytes.clone();
    ByteBuffer.wrap(future).putShort(4, (short) 9);
    assertThatThrownBy(() -> PatternFile.decode(future, "f"))
        .hasMessageContaining("format version 9")
        .hasMessageContaining("reads version 1");
  }

  /** Files written by format version 1 are read forever (CONVENTIONS.md: compatibility). */
  @Test
  void readsTheFrozenVersion1File(@TempDir Path directory) throws IOException {
    byte[] expected = PatternFile.encode(sample());
    if (REWRITE) {
      Path target = Path.of("src/test/resources/compat/v1/patterns");
      Files.createDirectories(target.getParent());
      Files.write(target, expected);
    }
    byte[] frozen;
    try (InputStream in = getClass().getResourceAsStream("/compat/v1/patterns")) {
      assertThat(in).as("frozen file compat/v1/patterns").isNotNull();
      frozen = in.readAllBytes();
    }
    assertThat(frozen).isEqualTo(expected);
    PatternFile.Contents contents = PatternFile.decode(frozen, "compat/v1/patterns");
    assertThat(contents.patterns())
        .extracting(PatternFile.StoredPattern::id)
        .containsExactly("p0123456789ab", "pba9876543210");
    PatternFile.write(directory, "patterns", contents);
    assertThat(Files.readAllBytes(directory.resolve("patterns"))).isEqualTo(frozen);
  }
}
