package dev.loupe.cli.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * One HTTP/1.1 connection of an HTTP protocol client (OTLP, Elasticsearch): POSTs a body and
 * returns the answer, failing on any status but 200 with the start of the body. One {@link
 * HttpClient} an instance, as {@link LoupeHttp} does. Meant for one thread.
 */
final class ProtocolHttp {
  private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(CONNECT_TIMEOUT)
          .build();
  private final URI uri;
  private final String contentType;
  private final boolean gzip;

  ProtocolHttp(int port, String pathAndQuery, String contentType) {
    this(port, pathAndQuery, contentType, false);
  }

  /**
   * @param gzip whether the bodies given to {@link #post} are gzip (sets Content-Encoding)
   */
  ProtocolHttp(int port, String pathAndQuery, String contentType, boolean gzip) {
    this.uri = URI.create("http://127.0.0.1:" + port + pathAndQuery);
    this.contentType = contentType;
    this.gzip = gzip;
  }

  byte[] post(byte[] body) throws IOException, InterruptedException {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri)
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (gzip) {
      builder.header("Content-Encoding", "gzip");
    }
    HttpRequest request = builder.build();
    HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IOException(
          "POST "
              + uri.getPath()
              + " answered HTTP "
              + response.statusCode()
              + ": "
              + JsonFlat.abbreviate(
                  new String(response.body(), java.nio.charset.StandardCharsets.UTF_8)));
    }
    return response.body();
  }

  void close() {
    client.close();
  }
}
