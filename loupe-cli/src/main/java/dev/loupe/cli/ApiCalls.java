package dev.loupe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the client commands of the analytics API share ({@code loupe metrics}, {@code loupe
 * alerts}): one request with the server's error message on failure, a rules file or standard input.
 */
final class ApiCalls {
  static final ObjectMapper JSON = new ObjectMapper();

  private ApiCalls() {}

  /** GET of the server's path (and query); the answer as {@link #exchange} gives it. */
  static HttpResponse<String> get(ServerOption server, String pathAndQuery) {
    return exchange(HttpRequest.newBuilder(server.resolve(pathAndQuery)).GET().build());
  }

  /** POST of the body, of the content type, to the server's path. */
  static HttpResponse<String> post(
      ServerOption server, String path, String contentType, String body) {
    return exchange(
        HttpRequest.newBuilder(server.resolve(path))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  /** DELETE of the server's path. */
  static HttpResponse<String> delete(ServerOption server, String path) {
    return exchange(HttpRequest.newBuilder(server.resolve(path)).DELETE().build());
  }

  /** The text encoded as one segment or parameter value of a URL. */
  static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  /**
   * Sends the request; returns the answer when it is 2xx, else says on stderr what the server
   * answered (its message, not its JSON) or that it cannot be reached, and returns null.
   */
  static HttpResponse<String> exchange(HttpRequest request) {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 == 2) {
        return response;
      }
      System.err.println("server answered " + response.statusCode() + ": " + message(response));
      return null;
    } catch (IOException failure) {
      System.err.println(
          "cannot reach "
              + request.uri()
              + ": "
              + failure.getMessage()
              + " (is loupe serve running? see --server)");
      return null;
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** The {@code message} of an error answer, else its body. */
  static String message(HttpResponse<String> response) {
    try {
      JsonNode error = JSON.readTree(response.body());
      if (error != null && error.hasNonNull("message")) {
        return error.get("message").asText();
      }
      if (error != null && error.path("error").hasNonNull("message")) {
        return error.path("error").get("message").asText();
      }
    } catch (IOException notJson) {
      // fall through: print the body as it came
    }
    return response.body().strip();
  }

  /** The file's text ({@code -}: standard input), or null (said on stderr) when unreadable. */
  static String read(Path file) throws IOException {
    if (file.toString().equals("-")) {
      return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!Files.isReadable(file)) {
      System.err.println("cannot read " + file + ": check the path");
      return null;
    }
    return Files.readString(file);
  }

  /**
   * Says on stderr when the server's rules file was not applied, so that a listing of the last good
   * rules is not taken for the file's.
   */
  static void warnOfFile(JsonNode answer) {
    JsonNode file = answer.path("file");
    if (file.hasNonNull("error")) {
      System.err.println(
          "warning: the rules file "
              + file.path("path").asText()
              + " was not applied; the rules above are the last good ones. "
              + file.get("error").asText());
    }
  }
}
