package dev.loupe.cli;

import dev.loupe.server.ServerConfig;
import java.net.URI;
import picocli.CommandLine.Option;

/** The {@code --server URL} option shared by client commands. */
final class ServerOption {
  @Option(
      names = {"-s", "--server"},
      defaultValue = "http://127.0.0.1:" + ServerConfig.DEFAULT_PORT,
      description = "URL of the Loupe server (default: ${DEFAULT-VALUE}).")
  String url;

  URI resolve(String pathAndQuery) {
    String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    return URI.create(base + pathAndQuery);
  }
}
