package dev.loupe.cli.bench;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The fixed world the generated logs describe: about 20 services on 10 hosts behind nginx, their
 * users, tables, topics and jobs, the clients that call them, and the daemons of the hosts.
 * Immutable and shared by all generating threads.
 *
 * <p>Chosen so that the common term of the benchmark stays countable: no word, name or random
 * string here contains {@code GET} in upper case, or is the token {@code get} in any case (random
 * strings are lower-case letters and digits only, with no separators, so they are never a short
 * token). The generator tests check this on generated lines.
 */
final class Vocabulary {
  /** A service and the hosts it runs on. */
  record Service(String name, List<String> hosts, int weight) {}

  /** Seed of the client address pool: part of the fixed world, not of the user's seed. */
  private static final long ADDRESS_POOL_SEED = 0x5EEDL;

  private static final int ADDRESS_POOL_SIZE = 2_000;

  static final List<String> WEB_HOSTS = List.of("web-01", "web-02", "web-03");
  static final List<String> ALL_HOSTS =
      List.of(
          "web-01",
          "web-02",
          "web-03",
          "app-01",
          "app-02",
          "app-03",
          "app-04",
          "app-05",
          "db-01",
          "batch-01");

  static final List<Service> SERVICES =
      List.of(
          new Service("api-gateway", List.of("web-01", "web-02"), 6),
          new Service("auth", List.of("app-01", "app-02"), 4),
          new Service("users", List.of("app-01", "app-03"), 3),
          new Service("catalog", List.of("app-02", "app-03"), 5),
          new Service("search", List.of("app-04", "app-05"), 5),
          new Service("cart", List.of("app-01", "app-04"), 4),
          new Service("checkout", List.of("app-02", "app-05"), 3),
          new Service("payments", List.of("app-03", "app-05"), 3),
          new Service("orders", List.of("app-01", "app-02"), 3),
          new Service("inventory", List.of("app-03", "app-04"), 3),
          new Service("pricing", List.of("app-04"), 2),
          new Service("shipping", List.of("app-05"), 2),
          new Service("notifications", List.of("batch-01"), 2),
          new Service("email", List.of("batch-01"), 1),
          new Service("recommendations", List.of("app-04", "app-05"), 3),
          new Service("reviews", List.of("app-02"), 1),
          new Service("billing", List.of("app-03"), 1),
          new Service("reports", List.of("batch-01"), 1),
          new Service("scheduler", List.of("batch-01"), 1),
          new Service("media", List.of("web-03"), 2));

  static final List<String> SERVICE_NAMES = SERVICES.stream().map(Service::name).toList();

  static final List<String> USER_AGENTS =
      List.of(
          "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
              + " Chrome/131.0.0.0 Safari/537.36",
          "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko)"
              + " Chrome/131.0.0.0 Safari/537.36",
          "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML,"
              + " like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
          "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
          "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
              + " Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
          "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko)"
              + " Chrome/131.0.0.0 Mobile Safari/537.36",
          "curl/8.5.0",
          "python-requests/2.32.3",
          "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)");

  static final String PROBE_USER_AGENT = "kube-probe/1.31";

  static final List<String> REFERERS =
      List.of(
          "-",
          "https://shop.example.com/",
          "https://shop.example.com/cart",
          "https://shop.example.com/search",
          "https://www.google.com/");

  static final List<String> SEARCH_WORDS =
      List.of(
          "shoes",
          "laptop",
          "coffee",
          "headphones",
          "backpack",
          "lamp",
          "desk",
          "chair",
          "jacket",
          "watch",
          "camera",
          "phone",
          "charger",
          "keyboard",
          "monitor",
          "bottle",
          "tent",
          "bike",
          "book",
          "gadget",
          "widget",
          "socks",
          "kettle",
          "blender");

  static final List<String> TABLES =
      List.of("orders", "order_items", "users", "payments", "inventory", "sessions", "shipments");

  static final List<String> TOPICS =
      List.of("orders.v1", "payments.v1", "inventory.events", "user.events", "email.outbox");

  static final List<String> JOBS =
      List.of(
          "nightly-report", "reindex-catalog", "cleanup-sessions", "sync-inventory", "send-digest");

  static final List<String> FLAGS =
      List.of("new_checkout", "dark_mode", "fast_search", "one_click");

  static final List<String> CLIENTS =
      List.of("ios-app", "android-app", "partner-acme", "partner-globex", "web-legacy");

  static final List<String> CLASSES =
      List.of(
          "OrderService.placeOrder",
          "CartController.update",
          "PaymentClient.authorize",
          "UserRepository.findById",
          "PriceCalculator.apply",
          "InventoryListener.onMessage");

  static final List<String> CACHE_KEYS = List.of("user", "product", "cart", "price", "stock");

  static final List<String> SYSTEM_USERS = List.of("deploy", "ubuntu", "backup", "jenkins", "ops");

  static final List<String> BAD_USERS =
      List.of("admin", "test", "oracle", "guest", "pi", "ftpuser", "support", "postgres");

  static final List<String> UNITS = List.of("nginx", "postgresql", "redis-server", "docker");

  static final List<String> ADDRESSES = addressPool();

  private Vocabulary() {}

  /** Client addresses: a third internal, the rest from the documentation ranges (RFC 5737). */
  private static List<String> addressPool() {
    SplittableRandom random = new SplittableRandom(ADDRESS_POOL_SEED);
    String[] prefixes = {"10.0.", "10.12.", "192.0.2.", "198.51.100.", "203.0.113."};
    String[] addresses = new String[ADDRESS_POOL_SIZE];
    for (int index = 0; index < addresses.length; index++) {
      String prefix = prefixes[random.nextInt(prefixes.length)];
      boolean twoOctets = prefix.chars().filter(character -> character == '.').count() == 2;
      addresses[index] =
          twoOctets
              ? prefix + random.nextInt(256) + "." + (1 + random.nextInt(254))
              : prefix + (1 + random.nextInt(254));
    }
    return List.of(addresses);
  }
}
