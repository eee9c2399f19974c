package dev.loupe.server;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.staticcontent.ClasspathHandlerConfig;
import io.helidon.webserver.staticcontent.StaticContentFeature;

/**
 * The web UI (module loupe-ui) served at {@code /} from the classpath, after every API route so
 * those keep precedence. The bundle's scripts and styles have a content hash in their names ({@code
 * assets/main-HPMHJELU.js}), so they are cached for a year; {@code index.html}, which names them,
 * is revalidated on every load (ETag) so a new build is picked up at once.
 */
final class WebUi implements HttpService {
  /** Where loupe-ui's build puts the bundle inside its jar. */
  static final String CLASSPATH_ROOT = "dev/loupe/ui";

  static final String ASSETS_CACHE = "public, max-age=31536000, immutable";
  static final String PAGE_CACHE = "no-cache";

  /** True when the UI bundle is on the classpath (a build without loupe-ui serves the API only). */
  static boolean available() {
    return WebUi.class.getClassLoader().getResource(CLASSPATH_ROOT + "/index.html") != null;
  }

  @Override
  public void routing(HttpRules rules) {
    if (!available()) {
      return;
    }
    rules
        .get(
            "/assets/*",
            (request, response) -> {
              response.header(HeaderNames.CACHE_CONTROL, ASSETS_CACHE);
              response.next();
            })
        .get(
            "/",
            (request, response) -> {
              response.header(HeaderNames.CACHE_CONTROL, PAGE_CACHE);
              response.next();
            })
        .get(
            "/index.html",
            (request, response) -> {
              response.header(HeaderNames.CACHE_CONTROL, PAGE_CACHE);
              response.next();
            })
        .register(
            "/",
            StaticContentFeature.createService(
                ClasspathHandlerConfig.builder()
                    .location(CLASSPATH_ROOT)
                    .welcome("index.html")
                    .build()));
  }
}
