package dev.loupe.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.ingest.IngestLimits;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent end to end: real files written (and rotated) while a real agent tails them and ships to
 * a real server on loopback; what the server stored is read back through its export API. Every line
 * must arrive exactly once. Intervals are short so that the tests are quick; nothing asserts on
 * time, conditions are polled until a deadline.
 */
class AgentTest {
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @TempDir Path directory;
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable closeable : toClose.reversed()) {
      closeable.close();
    }
  }

  private Path logs() throws IOException {
    return Files.createDirectories(directory.resolve("logs"));
  }

  private RunningServer server() {
    RunningServer server = RunningServer.start(directory.resolve("server"));
    toClose.add(server);
    return server;
  }

  private AgentSettings.Builder settings(String glob, URI server) {
    return AgentSettings.builder(List.of(glob), server, directory.resolve("agent"))
        .labels(Map.of("host", "test-host"))
        .batchLines(100)
        .linger(Duration.ofMillis(50))
        .scanInterval(Duration.ofMillis(50))
        .pollInterval(Duration.ofMillis(10))
        .partialLineTimeout(Duration.ofMillis(200))
        .eventTimeout(Duration.ofMillis(100))
        .closeRotatedAfter(Duration.ofMillis(300))
        .retry(Duration.ofMillis(20), Duration.ofMillis(200))
        .statusInterval(Duration.ZERO)
        .shutdownTimeout(Duration.ofSeconds(5));
  }

  private Agent start(AgentSettings settings) throws IOException {
    Agent agent = Agent.start(settings, Clock.systemUTC());
    toClose.add(agent);
    return agent;
  }

  @Test
  void everyLineArrivesOnceThroughRotationsByRename() throws Exception {
    RunningServer server = server();
    Path log = logs().resolve("app.log");
    Agent agent = start(settings(logs() + "/*.log", server.uri()).build());
    List<String> written = writeWhileRotatingByRename(agent, log, 500, 5);
    awaitExactly(server, agent, written);
  }

  @Test
  void rotatedFilesThatStillMatchTheGlobAreNotReadTwice() throws Exception {
    RunningServer server = server();
    Path log = logs().resolve("app.log");
    Agent agent = start(settings(logs() + "/app.log*", server.uri()).build());
    List<String> written = writeWhileRotatingByRename(agent, log, 400, 4);
    awaitExactly(server, agent, written);
    assertThat(server.rows())
        .extracting(row -> row.get("file"))
        .as("a rotated file keeps the label of the name it had when first seen")
        .containsOnly(log.toString());
  }

  /**
   * An application writing numbered lines while "logrotate" renames its file and then tells it to
   * reopen: the lines written between the rename and the reopen go to the renamed file. Each
   * rotation waits until the agent has read from the current file: a file created and rotated away
   * between two scans, under a name the glob does not match, is never seen (as with any shipper
   * that scans).
   */
  private static List<String> writeWhileRotatingByRename(
      Agent agent, Path log, int linesPerFile, int rotations) throws Exception {
    AppWriter writer = new AppWriter(log, "line");
    Thread thread = Thread.ofPlatform().start(writer::writeUntilStopped);
    for (int rotation = 1; rotation <= rotations; rotation++) {
      int threshold = writer.firstLineOfCurrentFile() + linesPerFile;
      int firstLine = writer.firstLineOfCurrentFile();
      awaitCondition(
          "writer passes line " + threshold + " and the agent reads the current file",
          () -> writer.written() >= threshold && agent.status().linesRead() > firstLine);
      Files.move(log, log.resolveSibling(log.getFileName() + "." + rotation));
      int reopens = rotation;
      writer.reopen();
      awaitCondition("writer reopened", () -> writer.reopens() == reopens);
    }
    int last = writer.written() + linesPerFile;
    awaitCondition("writer passes line " + last, () -> writer.written() >= last);
    writer.stop();
    thread.join();
    writer.rethrow();
    return writer.lines();
  }

  @Test
  void everyLineArrivesOnceThroughCopyTruncate() throws Exception {
    RunningServer server = server();
    Path log = logs().resolve("app.log");
    Agent agent = start(settings(logs() + "/*.log", server.uri()).build());
    List<String> written = new ArrayList<>();
    try (OutputStream appender = appendingStream(log)) {
      for (int round = 0; round < 4; round++) {
        written.addAll(writeLines(appender, "round " + round + " line", 400));
        // copytruncate loses what the application writes between the copy and the truncate
        // unless the agent has read it: it is inherent to the method, so wait for the agent.
        awaitCondition(
            "agent read everything",
            () -> agent.status().linesRead() == written.size(),
            () -> agent.status() + " written " + written.size());
        Files.copy(log, log.resolveSibling("app.log." + (round + 1)));
        truncate(log);
      }
      written.addAll(writeLines(appender, "last line", 100));
    }
    awaitExactly(server, agent, written);
    assertThat(agent.status().truncations()).isEqualTo(4);
  }

  @Test
  void aTruncatedFileIsReadAgainFromItsStart() throws Exception {
    RunningServer server = server();
    Path log = logs().resolve("app.log");
    Agent agent = start(settings(logs() + "/*.log", server.uri()).build());
    List<String> written = new ArrayList<>();
    try (OutputStream appender = appendingStream(log)) {
      written.addAll(writeLines(appender, "before", 200));
      awaitCondition("agent read everything", () -> agent.status().linesRead() == 200);
      truncate(log);
      // More bytes than before: whether the agent looks while the file is short or once it is
      // longer again, it must notice (by size, or by its changed first bytes).
      written.addAll(writeLines(appender, "after the truncation", 300));
    }
    awaitExactly(server, agent, written);
    assertThat(agent.status().truncations()).isEqualTo(1);
  }

  @Test
  void buffersWhileTheServerIsDownThenShipsEverything() throws Exception {
    int port = RunningServer.freePort();
    URI later = URI.create("http://127.0.0.1:" + port);
    Path log = logs().resolve("app.log");
    Agent agent = start(settings(logs() + "/*.log", later).build());
    List<String> written;
    try (OutputStream appender = appendingStream(log)) {
      written = writeLines(appender, "while down", 500);
    }
    awaitCondition(
        "agent spooled every line and failed to ship",
        () -> agent.status().linesRead() == 500 && agent.status().failedRequests() > 0);
    assertThat(agent.status().spoolSegments()).as("100 lines a batch").isGreaterThanOrEqualTo(5);
    assertThat(agent.status().lastError()).contains("cannot connect");

    RunningServer server =
        RunningServer.start(directory.resolve("server"), port, IngestLimits.defaults());
    toClose.add(server);
    awaitExactly(server, agent, written);
  }

  @Test
  void aFullBufferPausesReadingInsteadOfDroppingLines() throws Exception {
    int port = RunningServer.freePort();
    URI later = URI.create("http://127.0.0.1:" + port);
    Path log = logs().resolve("app.log");
    // One byte of spool: full as soon as one batch is in it.
    Agent agent = start(settings(logs() + "/*.log", later).maxBufferBytes(1).build());
    List<String> written;
    try (OutputStream appender = appendingStream(log)) {
      written = writeLines(appender, "backpressure", 2000);
    }
    awaitCondition("reading paused", () -> agent.status().readingPaused());
    AgentStatus paused = agent.status();
    assertThat(paused.spoolSegments()).isEqualTo(1);
    assertThat(paused.unreadBytes()).as("the rest waits in the file").isPositive();
    assertThat(paused.linesRead())
        .as("at most one batch in the spool and one waiting")
        .isLessThanOrEqualTo(200);

    RunningServer server =
        RunningServer.start(directory.resolve("server"), port, IngestLimits.defaults());
    toClose.add(server);
    awaitExactly(server, agent, written);
  }

  @Test
  void aRestartResumesAtTheSavedOffsetsIncludingFilesRotatedMeanwhile() throws Exception {
    RunningServer server = server();
    Path log = logs().resolve("app.log");
    AgentSettings settings = settings(logs() + "/*.log", server.uri()).build();
    List<String> written = new ArrayList<>();
    Agent first = Agent.start(settings, Clock.systemUTC());
    try (OutputStream appender = appendingStream(log)) {
      written.addAll(writeLines(appender, "first run", 300));
      awaitCondition("first run shipped", () -> first.status().linesShipped() == 300);
      first.close();
      // While the agent is stopped: more lines, then a rotation, then lines in the new file.
      written.addAll(writeLines(appender, "while stopped", 250));
    }
    Files.move(log, log.resolveSibling("app.log.1"));
    try (OutputStream appender = appendingStream(log)) {
      written.addAll(writeLines(appender, "new file", 150));
    }
    Agent second = start(settings);
    awaitExactly(server, second, written);
  }

  @Test
  void batchesLeftInTheBufferAreShippedByTheNextRun() throws Exception {
    int port = RunningServer.freePort();
    Path log = logs().resolve("app.log");
    AgentSettings settings =
        settings(logs() + "/*.log", URI.create("http://127.0.0.1:" + port))
            .shutdownTimeout(Duration.ZERO)
            .build();
    List<String> written = new ArrayList<>();
    Agent first = Agent.start(settings, Clock.systemUTC());
    try (OutputStream appender = appendingStream(log)) {
      written.addAll(writeLines(appender, "buffered", 350));
      awaitCondition("all spooled", () -> first.status().linesRead() == 350);
      first.close();
      assertThat(first.status().spoolSegments()).as("left for the next run").isPositive();
      written.addAll(writeLines(appender, "after restart", 50));
    }
    RunningServer server =
        RunningServer.start(directory.resolve("server"), port, IngestLimits.defaults());
    toClose.add(server);
    Agent second = start(settings);
    awaitExactly(server, second, written);
  }

  @Test
  void stackTracesOfJavaAndPythonArriveAsOneEventEachAndAnUnfinishedLastLineAfterItsTimeout()
      throws Exception {
    RunningServer server = server();
    Path log = logs().resolve("app.log");
    Agent agent = start(settings(logs() + "/*.log", server.uri()).build());
    String trace =
        String.join(
            "\n",
            "ERROR request failed java.lang.IllegalStateException: boom",
            "\tat dev.loupe.Example.run(Example.java:10)",
            "\tat dev.loupe.Example.main(Example.java:5)",
            "Caused by: java.io.IOException: disk gone",
            "\tat dev.loupe.Disk.write(Disk.java:7)",
            "\t... 2 more");
    // Joined to the line before it, and its last line is not indented: the rule the server joins
    // plain text with knows both.
    String traceback =
        String.join(
            "\n",
            "ERROR job failed",
            "Traceback (most recent call last):",
            "  File \"app.py\", line 3, in <module>",
            "    main()",
            "ValueError: bad input");
    Files.writeString(log, trace + "\nINFO next request ok\r\n" + traceback + "\n\nno newline yet");
    List<String> expected = List.of(trace, "INFO next request ok", traceback, "no newline yet");
    awaitExactly(server, agent, expected);
    Map<String, String> row = server.rows().getFirst();
    assertThat(row)
        .containsEntry("file", log.toString())
        .containsEntry("host", "test-host")
        .containsEntry("source", "agent");
    assertThat(row.get("_stream")).contains("file=").contains("host=").contains("source=");
  }

  @Test
  void linesTheServerRejectsAreLoggedAndSkippedAndTheRestArrives() throws Exception {
    IngestLimits shortLines = new IngestLimits(1 << 20, 300, 100, 10);
    RunningServer server = RunningServer.start(directory.resolve("server"), 0, shortLines);
    toClose.add(server);
    Path log = logs().resolve("app.log");
    Agent agent = start(settings(logs() + "/*.log", server.uri()).build());
    List<String> good = new ArrayList<>();
    try (OutputStream appender = appendingStream(log)) {
      appender.write(("x".repeat(400) + "\n").getBytes(StandardCharsets.UTF_8));
      appender.flush();
      awaitCondition("the long line rejected", () -> agent.status().linesRejected() == 1);
      good.addAll(writeLines(appender, "good", 20));
      appender.write(("y".repeat(400) + "\n").getBytes(StandardCharsets.UTF_8));
      good.addAll(writeLines(appender, "good again", 20));
    }
    awaitExactly(server, agent, good);
    assertThat(agent.status().linesRejected()).isEqualTo(2);
  }

  // ---- helpers

  private static OutputStream appendingStream(Path log) throws IOException {
    return new FileOutputStream(log.toFile(), true);
  }

  private static List<String> writeLines(OutputStream out, String prefix, int count)
      throws IOException {
    List<String> lines = new ArrayList<>();
    for (int index = 0; index < count; index++) {
      String line = prefix + " " + index;
      out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      lines.add(line);
    }
    out.flush();
    return lines;
  }

  private static void truncate(Path log) throws IOException {
    try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE)) {
      channel.truncate(0);
    }
  }

  /** Waits until the server holds as many rows as written and the agent is idle; then compares. */
  private static void awaitExactly(RunningServer server, Agent agent, List<String> expected)
      throws Exception {
    awaitCondition(
        "server holds " + expected.size() + " lines and the agent is idle",
        () -> {
          AgentStatus status = agent.status();
          return status.spoolSegments() == 0
              && status.unreadBytes() == 0
              && status.linesShipped() + status.linesRejected() >= status.linesRead()
              && uncheckedCount(server) >= expected.size();
        },
        () -> agent.status() + ", server holds " + uncheckedCount(server));
    assertThat(counts(server.messages())).isEqualTo(counts(expected));
  }

  private static int uncheckedCount(RunningServer server) {
    try {
      return server.messages().size();
    } catch (IOException | InterruptedException failure) {
      throw new AssertionError(failure);
    }
  }

  private static Map<String, Integer> counts(List<String> lines) {
    Map<String, Integer> counts = new HashMap<>();
    for (String line : lines) {
      counts.merge(line, 1, Integer::sum);
    }
    return counts;
  }

  static void awaitCondition(String what, BooleanSupplier condition) throws InterruptedException {
    awaitCondition(what, condition, () -> "");
  }

  static void awaitCondition(
      String what, BooleanSupplier condition, java.util.function.Supplier<String> state)
      throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out waiting until " + what + " " + state.get());
      }
      Thread.sleep(20);
    }
  }

  /**
   * The application under the agent: appends numbered lines at a steady pace until stopped,
   * reopening its file (by name) when asked, as applications do on logrotate's signal.
   */
  private static final class AppWriter {
    private final Path path;
    private final String prefix;
    private final AtomicBoolean reopenRequested = new AtomicBoolean();
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final AtomicInteger written = new AtomicInteger();
    private final AtomicInteger reopens = new AtomicInteger();
    private volatile int firstLineOfCurrentFile;
    private final List<String> lines = new ArrayList<>();
    private volatile Throwable failure;

    AppWriter(Path path, String prefix) {
      this.path = path;
      this.prefix = prefix;
    }

    void writeUntilStopped() {
      try {
        OutputStream out = appendingStream(path);
        try {
          for (int index = 0; !stopRequested.get(); index++) {
            if (reopenRequested.getAndSet(false)) {
              out.close();
              out = appendingStream(path);
              firstLineOfCurrentFile = index;
              reopens.incrementAndGet();
            }
            String line = prefix + " " + index;
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            synchronized (lines) {
              lines.add(line);
            }
            written.incrementAndGet();
            if (index % 20 == 0) {
              Thread.sleep(1); // a steady stream, so that rotations land between lines
            }
          }
        } finally {
          out.close();
        }
      } catch (IOException | InterruptedException | RuntimeException failed) {
        failure = failed;
      }
    }

    int written() {
      return written.get();
    }

    int reopens() {
      return reopens.get();
    }

    int firstLineOfCurrentFile() {
      return firstLineOfCurrentFile;
    }

    void reopen() {
      reopenRequested.set(true);
    }

    void stop() {
      stopRequested.set(true);
    }

    void rethrow() {
      if (failure != null) {
        throw new AssertionError("writer failed", failure);
      }
    }

    List<String> lines() {
      synchronized (lines) {
        return List.copyOf(lines);
      }
    }
  }
}
