package dev.loupe.cli.bench;

/**
 * Apache combined access log lines from the nginx edge ({@code service=nginx} on the web hosts):
 *
 * <pre>
 * 203.0.113.7 - - [22/Nov/2026:10:00:00 +0000] "GET /api/v1/products/sku_01234 HTTP/1.1" 200 2318 "https://shop.example.com/" "Mozilla/5.0 (...)"
 * </pre>
 *
 * <p>Routes carry their own method, usual status and size; one request in a hundred fails with a
 * 5xx, a few GETs miss (404), cached static files answer 304. Typed fields: {@code client_ip},
 * {@code method}, {@code path}, {@code status}, {@code bytes}. Immutable, thread-safe: the state
 * lives in {@link LineState}.
 */
final class LineAccess {
  /** A route of the shop: method, path template, usual status and response size range. */
  record Route(String method, MessageTemplate path, int status, int minBytes, int maxBytes) {
    boolean isStatic() {
      return path.text().startsWith("/static/") || path.text().startsWith("/images/");
    }
  }

  private static final byte[] SERVICE_FIELD =
      AsciiBuffer.ascii(",\"service\":\"nginx\",\"host\":\"");
  private static final byte[] ACCESS_SOURCE = AsciiBuffer.ascii("\",\"source\":\"access\"");
  private static final byte[] NO_USER = AsciiBuffer.ascii(" - - [");
  private static final byte[] PROTOCOL = AsciiBuffer.ascii(" HTTP/1.1\" ");
  private static final byte[][] HOSTS = MessageTemplate.bytes(Vocabulary.WEB_HOSTS);
  private static final byte[][] ADDRESSES = MessageTemplate.bytes(Vocabulary.ADDRESSES);
  private static final byte[][] USER_AGENTS = MessageTemplate.bytes(Vocabulary.USER_AGENTS);
  private static final byte[][] REFERERS = MessageTemplate.bytes(Vocabulary.REFERERS);
  private static final byte[] PROBE_AGENT = AsciiBuffer.ascii(Vocabulary.PROBE_USER_AGENT);
  private static final byte[] NO_REFERER = AsciiBuffer.ascii("-");

  static final WeightedChoice<Route> ROUTES =
      WeightedChoice.<Route>builder()
          .add(60, route("GET", "/", 200, 4_000, 12_000))
          .add(120, route("GET", "/health", 200, 2, 2))
          .add(150, route("GET", "/api/v1/products/{sku}", 200, 800, 4_000))
          .add(
              80,
              route("GET", "/api/v1/products?category={word}&page={attempt}", 200, 2_000, 20_000))
          .add(80, route("GET", "/api/v1/search?q={word}", 200, 1_000, 30_000))
          .add(60, route("GET", "/api/v1/cart", 200, 300, 3_000))
          .add(40, route("POST", "/api/v1/cart/items", 201, 100, 400))
          .add(10, route("PUT", "/api/v1/cart/items/{sku}", 200, 100, 400))
          .add(10, route("DELETE", "/api/v1/cart/items/{sku}", 204, 0, 0))
          .add(40, route("GET", "/api/v1/orders/{order}", 200, 500, 3_000))
          .add(20, route("POST", "/api/v1/orders", 201, 300, 1_500))
          .add(20, route("POST", "/api/v1/login", 200, 200, 600))
          .add(80, route("GET", "/static/js/app.{session}.js", 200, 50_000, 400_000))
          .add(40, route("GET", "/static/css/main.{session}.css", 200, 10_000, 60_000))
          .add(120, route("GET", "/images/products/{sku}.jpg", 200, 20_000, 300_000))
          .add(20, route("GET", "/favicon.ico", 200, 1_150, 1_150))
          .add(5, route("GET", "/robots.txt", 200, 60, 60))
          .add(5, route("GET", "/wp-login.php", 404, 150, 200))
          .add(3, route("GET", "/.env", 404, 150, 200))
          .add(5, route("HEAD", "/", 200, 0, 0))
          .add(10, route("OPTIONS", "/api/v1/cart", 204, 0, 0))
          .build();

  /** The route of a needle line: a session lookup that misses, as a scanner's probe would. */
  static final Route NEEDLE_ROUTE = route("GET", "/api/v1/sessions/{needle}", 404, 150, 200);

  private LineAccess() {}

  private static Route route(String method, String path, int status, int minBytes, int maxBytes) {
    return new Route(method, MessageTemplate.parse(path), status, minBytes, maxBytes);
  }

  /**
   * Writes one line's raw text into {@code state.raw} and its typed fields into {@code
   * state.fields}.
   */
  static void write(LineState state, boolean needle) {
    var random = state.random;
    AsciiBuffer raw = state.raw;
    Route route = needle ? NEEDLE_ROUTE : ROUTES.pick(random);
    boolean health = route.path().text().equals("/health");
    int status = status(route, random.nextInt(1_000));
    int bytes = bytes(route, status, state);
    byte[] host = state.pick(HOSTS);

    int addressStart = raw.length();
    raw.append(state.pick(ADDRESSES));
    int addressEnd = raw.length();
    raw.append(NO_USER);
    state.time.appendApache(raw);
    raw.append("] \"").append(route.method()).append(' ');
    int pathStart = raw.length();
    route.path().write(raw, state);
    int pathEnd = raw.length();
    raw.append(PROTOCOL).append(status).append(' ').append(bytes).append(" \"");
    raw.append(health ? NO_REFERER : state.pick(REFERERS)).append("\" \"");
    raw.append(health ? PROBE_AGENT : state.pick(USER_AGENTS)).append('"');

    // Only the stream labels travel beside the raw line: an access log arrives as text, and its
    // fields are parsed from it (at query time, or by an access-log decoder), so Loupe stores the
    // same information as the raw file that the disk figures compare it with.
    state.fields.append(SERVICE_FIELD).append(host).append(ACCESS_SOURCE);
    if (route.method().equals(DatasetGenerator.COMMON_TERM)) {
      state.commonTermLines++;
    }
  }

  private static int status(Route route, int permille) {
    if (permille < 10) {
      return 500;
    }
    if (permille < 13) {
      return 502;
    }
    if (permille < 15) {
      return 503;
    }
    if (route.status() != 200) {
      return route.status();
    }
    if (route.isStatic() && permille < 165) {
      return 304;
    }
    if (route.method().equals("POST") && permille < 215) {
      return 401;
    }
    if (route.method().equals("GET") && !route.isStatic() && permille < 35) {
      return 404;
    }
    return 200;
  }

  private static int bytes(Route route, int status, LineState state) {
    if (status == 304 || status == 204 || route.method().equals("HEAD")) {
      return 0;
    }
    if (status >= 400 && status != route.status()) {
      return 150 + state.random.nextInt(450);
    }
    int range = route.maxBytes() - route.minBytes();
    return route.minBytes() + (range == 0 ? 0 : state.random.nextInt(range + 1));
  }
}
