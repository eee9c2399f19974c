package dev.loupe.cli.agent;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Reads a {@code --config} file: one {@code setting = value} a line, the settings being the long
 * flag names without {@code --}; {@code #} starts a comment line; a setting that takes several
 * values ({@code path}, {@code exclude}, {@code label}) is given once a value:
 *
 * <pre>
 * server = http://logs.internal:9280
 * path = /var/log/*.log
 * path = /srv/app/logs/*.log
 * exclude = *.gz
 * label = env=prod
 * max-buffer-mb = 512
 * </pre>
 *
 * The result is command-line arguments, so the file's values go through exactly the checks and
 * conversions of the flags. Flags given on the command line win over the file.
 */
final class AgentConfigFile {
  private AgentConfigFile() {}

  /**
   * The file's settings as arguments ({@code --server}, {@code http://...}), leaving out those for
   * which {@code givenOnCommandLine} is true.
   *
   * @param knownSetting whether {@code --name} is a flag of the command
   * @throws LoupeException BAD_REQUEST naming the file and line of a line it cannot read
   */
  static List<String> arguments(
      Path file, Predicate<String> knownSetting, Predicate<String> givenOnCommandLine) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException failure) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST, "cannot read --config " + file + ": " + failure, failure);
    }
    List<String> arguments = new ArrayList<>();
    for (int index = 0; index < lines.size(); index++) {
      String line = lines.get(index).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int equals = line.indexOf('=');
      if (equals <= 0) {
        throw bad(file, index, "expected 'setting = value', got '" + line + "'");
      }
      String name = line.substring(0, equals).strip();
      String value = line.substring(equals + 1).strip();
      String flag = "--" + name;
      if (name.equals("config") || !knownSetting.test(flag)) {
        throw bad(
            file,
            index,
            "unknown setting '"
                + name
                + "' (settings are the long flags of 'loupe agent --help' without --)");
      }
      if (!givenOnCommandLine.test(flag)) {
        arguments.add(flag);
        arguments.add(value);
      }
    }
    return arguments;
  }

  private static LoupeException bad(Path file, int index, String what) {
    return new LoupeException(ErrorCode.BAD_REQUEST, file + " line " + (index + 1) + ": " + what);
  }
}
