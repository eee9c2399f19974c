package dev.loupe.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.ingest.IngestLimits;
import dev.loupe.storage.StorageConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The web UI bundle (built by loupe-ui, on the classpath) served at / beside the API. */
final class WebUiTest {
  @TempDir Path directory;
  private LoupeServer server;
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    StorageConfig storage =
        StorageConfig.defaults(directory)
            .withMinFreeDiskBytes(0)
            .withFlushInterval(Duration.ofHours(1));
    server =
        LoupeServer.start(
            new ServerConfig("127.0.0.1", 0, storage, IngestLimits.defaults(), 2),
            InstantSource.system());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void theBundleIsOnTheClasspath() {
    assertThat(WebUi.available()).as("loupe-ui's jar holds dev/loupe/ui/index.html").isTrue();
  }

  @Test
  void rootServesThePageRevalidatedEveryTime() throws Exception {
    HttpResponse<String> page = get("/", "text/html");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
    assertThat(page.headers().firstValue("Cache-Control")).hasValue(WebUi.PAGE_CACHE);
    assertThat(page.body()).contains("<title>Loupe</title>").contains("id=\"q\"");
  }

  @Test
  void hashedAssetsAreCachedForAYear() throws Exception {
    String page = get("/", "text/html").body();
    Matcher script = Pattern.compile("src=\"(assets/main-[A-Z0-9]+\\.js)\"").matcher(page);
    Matcher style = Pattern.compile("href=\"(assets/style-[A-Z0-9]+\\.css)\"").matcher(page);
    assertThat(script.find()).as("index.html names a hashed script").isTrue();
    assertThat(style.find()).as("index.html names a hashed style sheet").isTrue();

    HttpResponse<String> js = get("/" + script.group(1), "*/*");
    HttpResponse<String> css = get("/" + style.group(1), "*/*");

    assertThat(js.statusCode()).isEqualTo(200);
    assertThat(js.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).contains("javascript"));
    assertThat(js.headers().firstValue("Cache-Control")).hasValue(WebUi.ASSETS_CACHE);
    assertThat(js.body()).contains("/api/v1/query");
    assertThat(css.statusCode()).isEqualTo(200);
    assertThat(css.headers().firstValue("Cache-Control")).hasValue(WebUi.ASSETS_CACHE);
  }

  @Test
  void apiRoutesKeepPrecedenceAndUnknownPathsAre404() throws Exception {
    HttpResponse<String> health = get("/health", "*/*");
    HttpResponse<String> missing = get("/assets/no-such-file.js", "*/*");

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"status\"");
    assertThat(missing.statusCode()).isEqualTo(404);
  }

  private HttpResponse<String> get(String path, String accept) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .header("Accept", accept)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
