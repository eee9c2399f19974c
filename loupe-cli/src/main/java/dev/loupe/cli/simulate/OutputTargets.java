package dev.loupe.cli.simulate;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code --output} values into outputs: {@code -} (stdout), {@code http://HOST:PORT} (or
 * https), {@code syslog://HOST:PORT} (TCP, also {@code syslog+tcp://}), {@code
 * syslog+udp://HOST:PORT}, {@code file:DIR}.
 */
final class OutputTargets {
  static final String FORMS =
      "-, http://HOST:PORT, syslog://HOST:PORT, syslog+udp://HOST:PORT or file:DIR";

  private OutputTargets() {}

  /** Checks every target's form before anything is opened. */
  static void check(List<String> targets) {
    for (String target : targets) {
      kind(target);
    }
  }

  static List<Output> open(List<String> targets, SimulationSettings settings, OutputStream stdout)
      throws IOException {
    List<Output> outputs = new ArrayList<>();
    try {
      for (String target : targets) {
        outputs.add(open(target, settings, stdout));
      }
    } catch (IOException | RuntimeException failure) {
      for (Output opened : outputs) {
        try {
          opened.close();
        } catch (IOException closing) {
          failure.addSuppressed(closing);
        }
      }
      throw failure;
    }
    return outputs;
  }

  private static Output open(String target, SimulationSettings settings, OutputStream stdout)
      throws IOException {
    long flushNanos = settings.flushInterval().toNanos();
    return switch (kind(target)) {
      case "stdout" -> new OutputStdout(stdout, flushNanos);
      case "file" -> new OutputFiles(Path.of(target.substring("file:".length())), flushNanos);
      case "http" ->
          new OutputHttp(
              URI.create(target),
              new OutputHttp.Settings(
                  settings.batchLines(),
                  flushNanos,
                  settings.retries(),
                  SimulateLimits.FIRST_BACKOFF.toNanos(),
                  settings.httpConnections()));
      case "syslog-tcp" -> {
        URI uri = uri(target);
        yield new OutputSyslogTcp(
            uri.getHost(),
            uri.getPort(),
            settings.retries(),
            SimulateLimits.FIRST_BACKOFF.toNanos(),
            flushNanos);
      }
      default -> {
        URI uri = uri(target);
        yield new OutputSyslogUdp(uri.getHost(), uri.getPort(), settings.udpMaxBytes());
      }
    };
  }

  private static String kind(String target) {
    if (target.equals("-")) {
      return "stdout";
    }
    if (target.startsWith("file:")) {
      if (target.length() == "file:".length()) {
        throw new IllegalArgumentException("--output file: needs a directory, e.g. file:logs");
      }
      return "file";
    }
    if (target.startsWith("http://") || target.startsWith("https://")) {
      URI uri = uri(target);
      if (uri.getHost() == null) {
        throw new IllegalArgumentException("--output " + target + " has no host");
      }
      return "http";
    }
    if (target.startsWith("syslog://")
        || target.startsWith("syslog+tcp://")
        || target.startsWith("syslog+udp://")) {
      URI uri = uri(target);
      if (uri.getHost() == null || uri.getPort() < 1) {
        throw new IllegalArgumentException(
            "--output " + target + " needs a host and a port, e.g. syslog://127.0.0.1:5514");
      }
      return target.startsWith("syslog+udp://") ? "syslog-udp" : "syslog-tcp";
    }
    throw new IllegalArgumentException("--output " + target + " is not an output; write " + FORMS);
  }

  private static URI uri(String target) {
    try {
      return new URI(target);
    } catch (URISyntaxException invalid) {
      throw new IllegalArgumentException(
          "--output " + target + " is not a valid URL: " + invalid.getMessage());
    }
  }
}
