package dev.loupe.cli;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code loupe tail [QUERY]}: prints new matching lines as they are stored, until Ctrl-C. When the
 * connection drops it reconnects and resumes after the last line it printed, so nothing is missed
 * or printed twice (within the server's resume buffer).
 */
@Command(
    name = "tail",
    mixinStandardHelpOptions = true,
    description = "Follow new matching lines live (Ctrl-C stops).",
    footer = {"", "Examples:", "  loupe tail", "  loupe tail 'level:error service:api' --json"})
final class TailCommand implements Callable<Integer> {
  private static final long RECONNECT_MILLIS = 1000;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "QUERY",
      description = "Filter (default: *).")
  String query = "*";

  @Mixin ServerOption server;

  @Option(names = "--json", description = "Print each line as the server's JSON.")
  boolean json;

  private String lastEventId;

  @Override
  public Integer call() throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    boolean colour = ProgressBar.isTerminal() && !json;
    while (true) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(
              server.resolve(
                  "/api/v1/tail?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)));
      if (lastEventId != null) {
        request.header("Last-Event-ID", lastEventId);
      }
      HttpResponse<InputStream> response;
      try {
        response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      } catch (IOException unreachable) {
        if (lastEventId == null) {
          throw unreachable;
        }
        System.err.println("loupe: connection lost; retrying in 1 s");
        Thread.sleep(RECONNECT_MILLIS);
        continue;
      }
      try (BufferedReader reader =
          new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
        if (response.statusCode() != 200) {
          throw new LoupeException(
              ErrorCode.BAD_REQUEST, SearchCommand.errorText(reader.readLine(), query));
        }
        follow(reader, colour);
      } catch (IOException dropped) {
        System.err.println("loupe: connection lost (" + dropped.getMessage() + "); resuming");
      }
      Thread.sleep(RECONNECT_MILLIS);
    }
  }

  private void follow(BufferedReader reader, boolean colour) throws IOException {
    String event = "message";
    String id = null;
    String line;
    while ((line = reader.readLine()) != null) {
      if (line.isEmpty()) {
        event = "message";
        continue;
      }
      if (line.startsWith("id: ")) {
        id = line.substring(4);
      } else if (line.startsWith("event: ")) {
        event = line.substring(7);
      } else if (line.startsWith("data: ")) {
        String data = line.substring(6);
        switch (event) {
          case "dropped" ->
              System.err.println("loupe: too slow to keep up, lines dropped: " + data);
          case "gap" -> System.err.println("loupe: " + data);
          default -> {
            System.out.println(json ? data : SearchCommand.humanLine(data, colour));
            lastEventId = id;
          }
        }
      }
    }
  }
}
