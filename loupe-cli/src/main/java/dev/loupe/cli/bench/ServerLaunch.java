package dev.loupe.cli.bench;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How to start {@code loupe serve} as a child process, exactly as a user would: {@code java
 * --enable-native-access=ALL-UNNAMED <jvm options> -jar loupe.jar serve --port P --data DIR}. When
 * the bench runs from classes rather than the jar (an IDE, tests), the child gets the same class
 * path and main class instead of {@code -jar}.
 *
 * @param javaExecutable the {@code java} that runs the bench, so the server runs on the same JDK
 * @param jvmOptions the server's JVM options, as one string split at spaces
 * @param jar the runnable jar, or {@code null} to use {@code classPath}
 * @param classPath the class path when there is no jar
 * @param serveOptions more {@code loupe serve} options (split at spaces) after port and data, to
 *     measure a setting's cost (e.g. {@code --max-patterns 0})
 */
public record ServerLaunch(
    String javaExecutable, String jvmOptions, Path jar, String classPath, String serveOptions) {
  /** The main class of the loupe command, for runs from a class path. */
  static final String MAIN_CLASS = "dev.loupe.cli.LoupeCommand";

  /** JNI (zstd-jni) needs it on JDK 22+, as in the ./loupe launcher and the jar's manifest. */
  static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";

  public ServerLaunch {
    requireNonNull(javaExecutable, "javaExecutable is null");
    requireNonNull(jvmOptions, "jvmOptions is null");
    requireNonNull(serveOptions, "serveOptions is null");
    if (jar == null && (classPath == null || classPath.isBlank())) {
      throw new IllegalArgumentException("need a jar or a class path to start the server");
    }
  }

  /** Without extra serve options. */
  public ServerLaunch(String javaExecutable, String jvmOptions, Path jar, String classPath) {
    this(javaExecutable, jvmOptions, jar, classPath, "");
  }

  List<String> command(int port, Path dataDirectory) {
    return command(port, dataDirectory, List.of());
  }

  /** The command with {@code extraArguments} after {@code serve}'s port and data. */
  List<String> command(int port, Path dataDirectory, List<String> extraArguments) {
    List<String> command = new ArrayList<>();
    command.add(javaExecutable);
    command.add(NATIVE_ACCESS);
    command.addAll(jvmOptionList());
    if (jar != null) {
      command.add("-jar");
      command.add(jar.toString());
    } else {
      command.add("-cp");
      command.add(classPath);
      command.add(MAIN_CLASS);
    }
    command.addAll(
        List.of("serve", "--port", Integer.toString(port), "--data", dataDirectory.toString()));
    command.addAll(split(serveOptions));
    command.addAll(extraArguments);
    return command;
  }

  List<String> jvmOptionList() {
    return split(jvmOptions);
  }

  private static List<String> split(String options) {
    String trimmed = options.strip();
    return trimmed.isEmpty() ? List.of() : Arrays.asList(trimmed.split("\\s+"));
  }

  /** The command as the report shows it: the jar by its file name, the port and data generic. */
  String display() {
    String target = jar != null ? "-jar " + jar.getFileName() : "-cp <classes> " + MAIN_CLASS;
    String options = jvmOptions.isBlank() ? "" : jvmOptions.strip() + " ";
    String serve = serveOptions.isBlank() ? "" : " " + serveOptions.strip();
    return "java "
        + NATIVE_ACCESS
        + " "
        + options
        + target
        + " serve --port PORT --data DIR"
        + serve;
  }
}
