package dev.loupe.cli;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code loupe metrics rules list|apply -f FILE|delete NAME}: metric rules on a running server. */
@Command(
    name = "metrics",
    mixinStandardHelpOptions = true,
    description = "Manage log-derived metric rules on a running server (docs/METRICS.md).",
    subcommands = {MetricsCommand.Rules.class})
final class MetricsCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(
      name = "rules",
      mixinStandardHelpOptions = true,
      description = "List, apply or delete metric rules.",
      subcommands = {List.class, Apply.class, Delete.class})
  static final class Rules implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().usage(System.out);
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Print the rules in force as JSON.")
  static final class List implements Callable<Integer> {
    @Mixin ServerOption server;

    @Override
    public Integer call() {
      return send(HttpRequest.newBuilder(server.resolve("/api/v1/metrics/rules")).GET().build());
    }
  }

  @Command(
      name = "apply",
      mixinStandardHelpOptions = true,
      description =
          "Create or replace the rules of a YAML (or JSON) file: rules: [ {name, query, ...} ].")
  static final class Apply implements Callable<Integer> {
    @Mixin ServerOption server;

    @Option(
        names = {"-f", "--file"},
        required = true,
        description = "The rules file.")
    Path file;

    @Override
    public Integer call() throws IOException {
      if (!Files.isReadable(file)) {
        System.err.println("cannot read " + file + ": check the path");
        return 2;
      }
      return send(
          HttpRequest.newBuilder(server.resolve("/api/v1/metrics/rules"))
              .header("Content-Type", "application/yaml")
              .POST(HttpRequest.BodyPublishers.ofString(Files.readString(file)))
              .build());
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Delete a rule made through the API.")
  static final class Delete implements Callable<Integer> {
    @Mixin ServerOption server;

    @Parameters(paramLabel = "NAME", description = "The rule's name.")
    String name;

    @Override
    public Integer call() {
      return send(
          HttpRequest.newBuilder(
                  server.resolve(
                      "/api/v1/metrics/rules/" + URLEncoder.encode(name, StandardCharsets.UTF_8)))
              .DELETE()
              .build());
    }
  }

  /** Sends, prints the answer; exit 0 on 2xx, 1 otherwise (the server's message on stderr). */
  static int send(HttpRequest request) {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 == 2) {
        System.out.print(response.statusCode() == 204 ? "deleted\n" : response.body());
        return 0;
      }
      System.err.print("server answered " + response.statusCode() + ": " + response.body());
      return 1;
    } catch (IOException failure) {
      System.err.println(
          "cannot reach "
              + request.uri()
              + ": "
              + failure.getMessage()
              + " (is loupe serve running? see --server)");
      return 1;
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }
}
