package dev.loupe.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.cli.LoupeCommand;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The at-least-once promise with a real process: {@code loupe agent} tails a file being written, is
 * killed with {@code kill -9} mid-stream, and started again. Every line must arrive; a line may
 * arrive twice only if it was in the one batch in flight when the process died.
 */
class AgentCommandKillTest {
  private static final int BATCH_LINES = 100;

  @TempDir Path directory;
  private Process agent;
  private RunningServer server;

  @AfterEach
  void stop() {
    if (agent != null) {
      agent.destroyForcibly();
    }
    if (server != null) {
      server.close();
    }
  }

  private Process startAgent(Path logs) throws IOException {
    String java = ProcessHandle.current().info().command().orElseThrow();
    ProcessBuilder builder =
        new ProcessBuilder(
            java,
            "--enable-native-access=ALL-UNNAMED",
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            LoupeCommand.class.getName(),
            "agent",
            "--path",
            logs + "/*.log",
            "--server",
            server.uri().toString(),
            "--data-dir",
            directory.resolve("agent").toString(),
            "--batch-lines",
            "" + BATCH_LINES,
            "--linger",
            "50ms",
            "--scan-interval",
            "100ms",
            "--poll-interval",
            "10ms",
            "--retry-initial",
            "20ms",
            "--retry-max",
            "200ms",
            "--status-interval",
            "1s");
    builder.redirectErrorStream(true);
    builder.redirectOutput(directory.resolve("agent-" + System.nanoTime() + ".log").toFile());
    return builder.start();
  }

  @Test
  void afterKillDashNineEveryLineArrivesAndOnlyTheBatchInFlightTwice() throws Exception {
    server = RunningServer.start(directory.resolve("server"));
    Path logs = Files.createDirectories(directory.resolve("logs"));
    Path log = logs.resolve("app.log");
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger written = new AtomicInteger();
    Thread writer =
        Thread.ofPlatform()
            .start(
                () -> {
                  try (OutputStream out = new FileOutputStream(log.toFile(), true)) {
                    for (int index = 0; writing.get(); index++) {
                      out.write(("kill probe " + index + "\n").getBytes(StandardCharsets.UTF_8));
                      out.flush();
                      written.incrementAndGet();
                      if (index % 2 == 0) {
                        Thread.sleep(1); // about 500 lines/s: a busy application
                      }
                    }
                  } catch (IOException | InterruptedException failed) {
                    throw new IllegalStateException(failed);
                  }
                });

    agent = startAgent(logs);
    AgentTest.awaitCondition(
        "the agent shipped 500 lines", () -> count(server) >= 500, () -> agentAlive());
    agent.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    int writtenAtKill = written.get();
    AgentTest.awaitCondition("more lines written", () -> written.get() > writtenAtKill + 300);

    agent = startAgent(logs);
    AgentTest.awaitCondition(
        "the restarted agent ships", () -> count(server) > writtenAtKill + 100, () -> agentAlive());
    writing.set(false);
    writer.join();
    int total = written.get();
    AgentTest.awaitCondition(
        "every line arrived",
        () -> count(server) >= total && distinct(server) == total,
        () -> "of " + total);

    Map<String, Integer> counts = new HashMap<>();
    for (String message : server.messages()) {
      counts.merge(message, 1, Integer::sum);
    }
    assertThat(counts).hasSize(total);
    assertThat(counts.values()).allMatch(count -> count <= 2);
    long duplicated = counts.values().stream().filter(count -> count == 2).count();
    assertThat(duplicated)
        .as("only the batch in flight is sent twice")
        .isLessThanOrEqualTo(BATCH_LINES);
  }

  private String agentAlive() {
    return agent.isAlive() ? "(agent running)" : "(agent exited " + agent.exitValue() + ")";
  }

  private static long count(RunningServer server) {
    try {
      return server.count();
    } catch (IOException | InterruptedException failure) {
      throw new AssertionError(failure);
    }
  }

  private static int distinct(RunningServer server) {
    try {
      return (int) server.messages().stream().distinct().count();
    } catch (IOException | InterruptedException failure) {
      throw new AssertionError(failure);
    }
  }
}
