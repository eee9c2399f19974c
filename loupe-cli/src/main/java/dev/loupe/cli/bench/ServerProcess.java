package dev.loupe.cli.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Loupe server as a child process of the bench, its output appended to {@code server.log}. The
 * bench never leaves it running: {@link #close} kills it if it is still alive, and a shutdown hook
 * does the same when the bench itself is stopped (Ctrl-C). Used by one thread.
 */
final class ServerProcess implements AutoCloseable {
  /** How often to ask {@code /ready} while the server starts: fine enough to time a 2 s target. */
  private static final Duration READY_POLL = Duration.ofMillis(10);

  /** Lines of server.log shown when the server fails to start. */
  private static final int LOG_TAIL_LINES = 20;

  /** What a stop took and how it ended. */
  record Stop(long nanos, int exitCode, boolean forced) {}

  private final Process process;
  private final long startedNanos;
  private final int port;
  private final Path log;
  private final Thread killOnExit;

  private ServerProcess(Process process, long startedNanos, int port, Path log) {
    this.process = process;
    this.startedNanos = startedNanos;
    this.port = port;
    this.log = log;
    this.killOnExit = new Thread(process::destroyForcibly, "bench-kill-server");
    Runtime.getRuntime().addShutdownHook(killOnExit);
  }

  /** Starts the server on a free loopback port; returns at once (see {@link #awaitReady}). */
  static ServerProcess start(ServerLaunch launch, Path dataDirectory, Path log) throws IOException {
    return start(launch, dataDirectory, log, List.of());
  }

  /** Starts the server with {@code extraArguments} after {@code serve}'s port and data. */
  static ServerProcess start(
      ServerLaunch launch, Path dataDirectory, Path log, List<String> extraArguments)
      throws IOException {
    int port = freePort();
    List<String> command = launch.command(port, dataDirectory, extraArguments);
    Files.writeString(
        log,
        "\n--- loupe bench starts: " + String.join(" ", command) + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .redirectInput(ProcessBuilder.Redirect.PIPE);
    long started = System.nanoTime();
    Process process = builder.start();
    return new ServerProcess(process, started, port, log);
  }

  int port() {
    return port;
  }

  long startedNanos() {
    return startedNanos;
  }

  /**
   * Polls {@code /ready} until it answers 200; returns the nanoseconds from process start. Fails
   * with the tail of server.log when the process exits or {@code timeout} passes first.
   */
  long awaitReady(LoupeHttp http, Duration timeout) throws IOException, InterruptedException {
    long deadline = startedNanos + timeout.toNanos();
    while (true) {
      if (http.ready()) {
        return System.nanoTime() - startedNanos;
      }
      if (!process.isAlive()) {
        throw new IOException(
            "the server exited with code "
                + process.exitValue()
                + " before it was ready; "
                + log
                + " ends with:\n"
                + logTail());
      }
      if (System.nanoTime() > deadline) {
        throw new IOException(
            "the server was not ready within "
                + timeout.toSeconds()
                + " s; "
                + log
                + " ends with:\n"
                + logTail());
      }
      Thread.sleep(READY_POLL);
    }
  }

  /**
   * Stops the server with SIGTERM (it flushes and exits) and waits; kills it after {@code timeout}.
   */
  Stop stop(Duration timeout) throws InterruptedException {
    long started = System.nanoTime();
    process.destroy();
    boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (!exited) {
      process.destroyForcibly().waitFor();
    }
    removeHook();
    return new Stop(System.nanoTime() - started, process.exitValue(), !exited);
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    removeHook();
  }

  private void removeHook() {
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException shuttingDown) {
      // the JVM is exiting: the hook runs anyway and kills what is left
    }
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join(
          "\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    } catch (IOException | UncheckedIOException unreadable) {
      return "(cannot read " + log + ": " + unreadable.getMessage() + ")";
    }
  }

  /**
   * A port free on 127.0.0.1 right now. Another process could take it before the server binds it;
   * then the server fails to start and says so in server.log, which the error shows.
   */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
