package dev.loupe.cli.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Runs a baseline tool ({@code zstd}, {@code grep}) as a child process and times it, its output
 * read from a pipe by this process: GNU grep stops at the first match when its output is {@code
 * /dev/null}, and a pipe is also how zstd's output size is counted without writing a file. Standard
 * error goes to {@code tools.log}. Stateless, thread-safe.
 */
final class ExternalTool {
  /** Output kept for the caller (grep's matching lines); the rest is only counted. */
  private static final int MAX_KEPT_BYTES = 1 << 20;

  private static final int READ_BUFFER_BYTES = 1 << 16;

  /**
   * One run: exit code, bytes and lines of standard output, the first {@value #MAX_KEPT_BYTES}
   * bytes of it when asked to keep output, and the wall time from start to exit.
   */
  record Run(int exitCode, long outputBytes, long outputLines, String keptOutput, long nanos) {
    List<String> keptLines() {
      return keptOutput.isEmpty() ? List.of() : Arrays.asList(keptOutput.split("\n"));
    }
  }

  private ExternalTool() {}

  /**
   * Runs {@code command}; empty when the program is not installed (it cannot be started).
   *
   * @param keepOutput whether to keep the output's first bytes as text
   */
  static Optional<Run> run(List<String> command, boolean keepOutput, Path errorLog)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectError(ProcessBuilder.Redirect.appendTo(errorLog.toFile()));
    long started = System.nanoTime();
    Process process;
    try {
      process = builder.start();
    } catch (IOException notInstalled) {
      return Optional.empty();
    }
    ByteArrayOutputStream kept = new ByteArrayOutputStream();
    long bytes = 0;
    long lines = 0;
    try (InputStream output = process.getInputStream()) {
      byte[] buffer = new byte[READ_BUFFER_BYTES];
      int read;
      while ((read = output.read(buffer)) > 0) {
        bytes += read;
        lines += countNewlines(buffer, read);
        if (keepOutput && kept.size() < MAX_KEPT_BYTES) {
          kept.write(buffer, 0, Math.min(read, MAX_KEPT_BYTES - kept.size()));
        }
      }
    } catch (IOException | RuntimeException failure) {
      process.destroyForcibly();
      throw failure;
    }
    int exitCode;
    try {
      exitCode = process.waitFor();
    } catch (InterruptedException interrupted) {
      process.destroyForcibly();
      throw interrupted;
    }
    long nanos = System.nanoTime() - started;
    return Optional.of(
        new Run(exitCode, bytes, lines, kept.toString(StandardCharsets.UTF_8), nanos));
  }

  private static int countNewlines(byte[] buffer, int length) {
    int count = 0;
    for (int index = 0; index < length; index++) {
      if (buffer[index] == '\n') {
        count++;
      }
    }
    return count;
  }
}
