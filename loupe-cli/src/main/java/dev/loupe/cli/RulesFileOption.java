package dev.loupe.cli;

import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code -f FILE} option of the commands that send a rules file to the server. */
final class RulesFileOption {
  @Option(
      names = {"-f", "--file"},
      required = true,
      paramLabel = "FILE",
      description = "The rules file; - reads standard input.")
  Path file;

  /** The file's text ({@code -}: standard input), or null (said on stderr) when unreadable. */
  String read() throws IOException {
    return ApiCalls.read(file);
  }
}
