package dev.loupe.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.loupe.ingest.MultilineRule;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader driven round by round with a clock that moves only when told: which lines go into
 * which sealed batch, and which offsets are saved, deterministically. Spooled batches are read back
 * from the spool directory.
 */
class TailerTest {
  private static final JsonFactory JSON = new JsonFactory();

  @TempDir Path directory;
  private final ManualClock clock = new ManualClock();
  private Path logs;
  private Path log;

  @BeforeEach
  void directories() throws IOException {
    logs = Files.createDirectories(directory.resolve("logs"));
    log = logs.resolve("app.log");
  }

  private AgentSettings.Builder settings() {
    return AgentSettings.builder(
            List.of(logs + "/*.log"), URI.create("http://127.0.0.1:1"), directory.resolve("agent"))
        .multiline(MultilineRule.OFF)
        .linger(Duration.ofSeconds(1))
        .scanInterval(Duration.ofSeconds(1))
        .partialLineTimeout(Duration.ofSeconds(5))
        .eventTimeout(Duration.ofSeconds(2))
        .closeRotatedAfter(Duration.ofSeconds(10));
  }

  /** A tailer over the agent directory, with the state the last one saved. */
  private final class Reader {
    final AgentSettings settings;
    final Spool spool;
    final Tailer tailer;

    Reader(AgentSettings settings) throws IOException {
      this.settings = settings;
      Path state = settings.dataDirectory().resolve(Agent.STATE_FILE);
      Files.createDirectories(settings.dataDirectory());
      AgentState saved = StateFile.readOrNull(state);
      long next = saved == null ? 1 : saved.nextSegment();
      this.spool =
          new Spool(settings.dataDirectory().resolve("spool"), settings.maxBufferBytes(), next);
      this.tailer = new Tailer(settings, clock, spool, state, saved);
    }

    /**
     * Runs a round, then lets the linger pass and runs another, so that what was read is sealed.
     */
    void roundAndSeal() {
      tailer.round();
      clock.advance(settings.linger());
      tailer.round();
    }

    /** The messages of the sealed batches not taken yet, each with its file label; takes them. */
    List<Map<String, String>> take() throws Exception {
      List<Map<String, String>> rows = new ArrayList<>();
      Spool.Segment segment;
      while ((segment = spool.awaitOldest(Duration.ZERO)) != null) {
        rows.addAll(rows(Files.readAllBytes(segment.path())));
        spool.remove(segment);
      }
      return rows;
    }

    List<String> takeMessages() throws Exception {
      return take().stream().map(row -> row.get("_msg")).toList();
    }

    AgentState state() {
      return StateFile.readOrNull(settings.dataDirectory().resolve(Agent.STATE_FILE));
    }
  }

  private static List<Map<String, String>> rows(byte[] gzip) throws IOException {
    List<Map<String, String>> rows = new ArrayList<>();
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
        Map<String, String> row = new HashMap<>();
        try (JsonParser parser = JSON.createParser(line)) {
          String field = null;
          while (parser.nextToken() != null) {
            if (parser.currentToken() == JsonToken.FIELD_NAME) {
              field = parser.currentName();
            } else if (parser.currentToken().isScalarValue()) {
              row.put(field, parser.getText());
            }
          }
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private static void append(Path file, String text) throws IOException {
    Files.writeString(
        file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
  }

  @Test
  void aBatchIsSealedWhenItsLingerHasPassed() throws Exception {
    Reader reader = new Reader(settings().build());
    append(log, "one\ntwo\n");
    reader.tailer.round();
    assertThat(reader.takeMessages()).as("the batch lingers").isEmpty();
    clock.advance(Duration.ofMillis(999));
    reader.tailer.round();
    assertThat(reader.takeMessages()).isEmpty();
    clock.advance(Duration.ofMillis(1));
    reader.tailer.round();
    assertThat(reader.takeMessages()).containsExactly("one", "two");
    assertThat(reader.tailer.linesRead()).isEqualTo(2);
  }

  @Test
  void aBatchIsSealedAtOnceWhenFull() throws Exception {
    Reader reader = new Reader(settings().batchLines(3).build());
    append(log, "1\n2\n3\n4\n5\n");
    reader.tailer.round();
    assertThat(reader.takeMessages()).containsExactly("1", "2", "3");
    reader.tailer.round();
    clock.advance(Duration.ofSeconds(1));
    reader.tailer.round();
    assertThat(reader.takeMessages()).containsExactly("4", "5");
  }

  @Test
  void aLastLineWithoutNewlineWaitsForItsTimeoutAndTheOffsetStaysBeforeIt() throws Exception {
    Reader reader = new Reader(settings().build());
    append(log, "complete\npart");
    reader.roundAndSeal();
    assertThat(reader.takeMessages()).containsExactly("complete");
    assertThat(reader.state().files().getFirst().offset()).isEqualTo(9);

    append(log, "ial");
    reader.tailer.round(); // new bytes: the timeout starts again
    clock.advance(Duration.ofSeconds(4));
    reader.tailer.round();
    assertThat(reader.takeMessages()).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    reader.roundAndSeal();
    assertThat(reader.takeMessages()).containsExactly("partial");
    assertThat(reader.state().files().getFirst().offset()).isEqualTo(16);

    append(log, " continued later\n");
    reader.roundAndSeal();
    assertThat(reader.takeMessages()).containsExactly(" continued later");
  }

  @Test
  void multiLineEventsWaitForTheirIdleTimeout() throws Exception {
    Reader reader = new Reader(settings().multiline(MultilineRule.AUTO).build());
    append(log, "boom\n\tat a.B(B.java:1)\nnext\n");
    reader.roundAndSeal();
    assertThat(reader.takeMessages()).containsExactly("boom\n\tat a.B(B.java:1)");
    assertThat(reader.state().files().getFirst().offset())
        .as("the pending event is not covered by the saved offset")
        .isEqualTo("boom\n\tat a.B(B.java:1)\n".length());
    clock.advance(Duration.ofSeconds(2));
    reader.roundAndSeal();
    assertThat(reader.takeMessages()).containsExactly("next");
  }

  @Test
  void aRotatedFileIsReadToItsEndBeforeTheNewOneAndBothKeepTheLabel() throws Exception {
    Reader reader = new Reader(settings().build());
    append(log, "1\n2\n");
    reader.roundAndSeal();
    Path rotated = logs.resolve("app.log.1");
    Files.move(log, rotated);
    append(rotated, "3 written after the rename\n");
    append(log, "4 in the new file\n");
    clock.advance(Duration.ofSeconds(1)); // a scan is due
    reader.tailer.round();
    reader.tailer.round();
    clock.advance(Duration.ofSeconds(1));
    reader.tailer.round();
    List<Map<String, String>> rows = reader.take();
    assertThat(rows)
        .extracting(row -> row.get("_msg"))
        .containsExactly("1", "2", "3 written after the rename", "4 in the new file");
    assertThat(rows).extracting(row -> row.get("file")).containsOnly(log.toString());
    assertThat(rows)
        .extracting(row -> Long.parseLong(row.get("_time")))
        .isSorted()
        .doesNotHaveDuplicates();
    assertThat(reader.tailer.files()).isEqualTo(2);

    clock.advance(Duration.ofSeconds(10));
    reader.roundAndSeal();
    assertThat(reader.tailer.files()).as("the rotated file is closed once quiet").isEqualTo(1);
    assertThat(reader.state().files()).extracting(AgentState.FileOffset::path).containsExactly(log);
  }

  @Test
  void aDeletedFileIsReadToItsEndAndForgotten() throws Exception {
    Reader reader = new Reader(settings().build());
    append(log, "1\n");
    reader.tailer.round(); // opened and read
    append(log, "2\n");
    Files.delete(log);
    clock.advance(Duration.ofSeconds(1));
    reader.roundAndSeal();
    assertThat(reader.takeMessages()).containsExactly("1", "2");
    clock.advance(Duration.ofSeconds(10));
    reader.tailer.round();
    assertThat(reader.tailer.files()).isZero();
  }

  @Test
  void aFileTruncatedAndRewrittenToTheSameLengthIsReadAgainAtTheNextScan() throws Exception {
    Reader reader = new Reader(settings().build());
    append(log, "old 1\nold 2\n");
    reader.roundAndSeal();
    Files.writeString(log, "new 1\nnew 2\n"); // truncates, then writes as many bytes
    reader.roundAndSeal(); // the scan at the second round sees it
    reader.roundAndSeal();
    assertThat(reader.takeMessages()).containsExactly("old 1", "old 2", "new 1", "new 2");
    assertThat(reader.tailer.truncations()).isEqualTo(1);
  }

  @Test
  void aFileTruncatedAndRewrittenLongerIsReadAgainAtTheNextRead() throws Exception {
    Reader reader = new Reader(settings().build());
    append(log, "old 1\n");
    reader.roundAndSeal();
    Files.writeString(log, "new 1\nnew 2 longer than before\n");
    reader.tailer.round(); // no scan due: the read notices the changed first bytes
    clock.advance(Duration.ofMillis(999));
    reader.tailer.round();
    assertThat(reader.takeMessages()).containsExactly("old 1");
    clock.advance(Duration.ofMillis(1));
    reader.tailer.round();
    assertThat(reader.takeMessages()).containsExactly("new 1", "new 2 longer than before");
  }

  @Test
  void aTruncatedFileWithAnUnfinishedLineShipsThatLineThenStartsOver() throws Exception {
    Reader reader = new Reader(settings().build());
    append(log, "line 1\nunfinished");
    reader.roundAndSeal();
    try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE)) {
      channel.truncate(0);
    }
    reader.roundAndSeal();
    append(log, "fresh\n");
    reader.roundAndSeal();
    assertThat(reader.takeMessages()).containsExactly("line 1", "unfinished", "fresh");
  }

  @Test
  void aRestartContinuesAtTheSavedOffsetsWithoutRepeatingALine() throws Exception {
    Reader first = new Reader(settings().build());
    append(log, "1\n2\n");
    first.roundAndSeal();
    assertThat(first.takeMessages()).containsExactly("1", "2");
    append(log, "3\n");
    first.tailer.round(); // read, not sealed yet
    first.tailer.stop(); // seals what was read
    assertThat(first.takeMessages()).containsExactly("3");

    append(log, "4\n");
    Reader second = new Reader(settings().build());
    second.roundAndSeal();
    assertThat(second.takeMessages()).containsExactly("4");
  }

  @Test
  void aRestartFindsAFileRotatedWhileStoppedAndReadsItsRest() throws Exception {
    Reader first = new Reader(settings().build());
    append(log, "1\n");
    first.roundAndSeal();
    first.tailer.stop();
    first.take();

    append(log, "2 before the rotation\n");
    Files.move(log, logs.resolve("app.log.1"));
    append(log, "3 in the new file\n");
    Reader second = new Reader(settings().build());
    second.tailer.round();
    second.roundAndSeal();
    List<Map<String, String>> rows = second.take();
    assertThat(rows)
        .extracting(row -> row.get("_msg"))
        .containsExactly("2 before the rotation", "3 in the new file");
    assertThat(rows).extracting(row -> row.get("file")).containsOnly(log.toString());
  }

  @Test
  void aSavedInodeWithOtherContentIsANewFile() throws Exception {
    append(log, "current content\n");
    FileIdentity identity = FileIdentity.stat(log).identity();
    Path state = directory.resolve("agent").resolve(Agent.STATE_FILE);
    Files.createDirectories(state.getParent());
    // A previous file had this inode: same identity, other first bytes, an offset mid-file.
    StateFile.write(
        state,
        new AgentState(
            1,
            List.of(
                new AgentState.FileOffset(
                    identity, new Fingerprint(4, 12345), 8, log.toString(), log))));
    Reader reader = new Reader(settings().build());
    reader.roundAndSeal();
    assertThat(reader.takeMessages()).containsExactly("current content");
  }

  @Test
  void readFromEndSkipsWhatExistedAtTheFirstStartOnly() throws Exception {
    append(log, "old\n");
    Reader first = new Reader(settings().readFrom(AgentSettings.ReadFrom.END).build());
    first.roundAndSeal();
    append(log, "appended\n");
    append(logs.resolve("later.log"), "in a file that came later\n");
    clock.advance(Duration.ofSeconds(1));
    first.roundAndSeal();
    assertThat(first.takeMessages())
        .containsExactlyInAnyOrder("appended", "in a file that came later");
    first.tailer.stop();

    append(logs.resolve("while-stopped.log"), "written while stopped\n");
    Reader second = new Reader(settings().readFrom(AgentSettings.ReadFrom.END).build());
    second.roundAndSeal();
    assertThat(second.takeMessages()).containsExactly("written while stopped");
  }

  @Test
  void aFullSpoolPausesReadingAndTheRestStaysInTheFile() throws Exception {
    Reader reader = new Reader(settings().batchLines(2).maxBufferBytes(1).build());
    append(log, "1\n2\n3\n4\n5\n6\n");
    reader.tailer.round();
    reader.tailer.round();
    assertThat(reader.tailer.paused()).isTrue();
    assertThat(reader.tailer.linesRead()).isEqualTo(4);
    assertThat(reader.tailer.unreadBytes()).isEqualTo(4);
    assertThat(reader.takeMessages()).containsExactly("1", "2");

    reader.tailer.round();
    reader.tailer.round();
    assertThat(reader.takeMessages()).containsExactly("3", "4");
    reader.tailer.round();
    clock.advance(Duration.ofSeconds(1));
    reader.tailer.round();
    assertThat(reader.takeMessages()).containsExactly("5", "6");
    assertThat(reader.tailer.paused()).isFalse();
  }
}
