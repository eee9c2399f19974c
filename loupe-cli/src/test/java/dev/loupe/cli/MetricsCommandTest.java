package dev.loupe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.ingest.IngestLimits;
import dev.loupe.server.LoupeServer;
import dev.loupe.server.ServerConfig;
import dev.loupe.storage.StorageConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code loupe metrics rules apply|list|delete} against a real server on loopback. */
class MetricsCommandTest {
  @TempDir Path data;

  private record Run(int exitCode, String out, String err) {}

  private static Run run(String... arguments) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
      int code = new CommandLine(new LoupeCommand()).execute(arguments);
      return new Run(
          code,
          outBytes.toString(StandardCharsets.UTF_8),
          errBytes.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void applyListAndDeleteRules() throws Exception {
    StorageConfig storage =
        StorageConfig.defaults(data.resolve("store"))
            .withMinFreeDiskBytes(0)
            .withFlushInterval(Duration.ofHours(1));
    try (LoupeServer server =
        LoupeServer.start(
            new ServerConfig("127.0.0.1", 0, storage, IngestLimits.defaults(), 1),
            InstantSource.system())) {
      String url = "http://127.0.0.1:" + server.port();
      Path file = data.resolve("rules.yaml");
      Files.writeString(
          file,
          "rules:\n  - name: payments_errors\n    query: 'service:payments level:error'\n    by: [host]\n");

      Run applied = run("metrics", "rules", "apply", "-f", file.toString(), "--server", url);
      assertThat(applied.exitCode()).isZero();
      assertThat(applied.out()).contains("payments_errors");

      Run listed = run("metrics", "rules", "list", "--server", url);
      assertThat(listed.out())
          .contains("\"name\":\"payments_errors\"")
          .contains("\"source\":\"builtin\"");

      assertThat(run("metrics", "rules", "delete", "payments_errors", "--server", url).out())
          .contains("deleted");
      Run missing = run("metrics", "rules", "delete", "payments_errors", "--server", url);
      assertThat(missing.exitCode()).isEqualTo(1);
      assertThat(missing.err()).contains("404").contains("no metric rule named payments_errors");

      Files.writeString(file, "rules:\n  - name: bad\n    window: forever\n");
      Run bad = run("metrics", "rules", "apply", "-f", file.toString(), "--server", url);
      assertThat(bad.exitCode()).isEqualTo(1);
      assertThat(bad.err()).contains("bad duration");
    }
  }
}
