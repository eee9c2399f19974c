package dev.loupe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.util.concurrent.Callable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class ErrorHandlerTest {
  @Command(name = "failing")
  static final class Failing implements Callable<Integer> {
    private final Exception failure;

    Failing(Exception failure) {
      this.failure = failure;
    }

    @Override
    public Integer call() throws Exception {
      throw failure;
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "loupe; loupe: limit 5 is above the maximum",
        "setting; loupe: invalid setting: memoryBytes must be at least 1 MiB (see --help)",
        "refused; loupe: cannot reach the Loupe server (connection refused)",
      })
  void failuresBecomeOneLineAPersonCanActOn(String kind, String expected) {
    Exception failure =
        switch (kind) {
          case "loupe" ->
              new LoupeException(ErrorCode.LIMIT_EXCEEDED, "limit 5 is above the maximum");
          case "setting" -> new IllegalArgumentException("memoryBytes must be at least 1 MiB");
          default -> new ConnectException("Connection refused");
        };
    StringWriter err = new StringWriter();
    CommandLine line =
        new CommandLine(new Failing(failure))
            .setExecutionExceptionHandler(new ErrorHandler())
            .setErr(new PrintWriter(err, true));
    assertThat(line.execute()).isEqualTo(1);
    assertThat(err.toString()).startsWith(expected).doesNotContain("Exception");
  }
}
