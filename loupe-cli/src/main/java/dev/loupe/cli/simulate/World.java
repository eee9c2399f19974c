package dev.loupe.cli.simulate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The fixed world the logs describe: an online shop of nine Java services on eight hosts behind
 * nginx, its visitors, products and daemons. The world is the same for every seed (the seed picks
 * what happens in it, not what exists), so labels and docs can name its hosts and services.
 * Immutable, thread-safe.
 *
 * <pre>
 *   edge-01, edge-02   nginx (access log) + gateway
 *   app-01 .. app-04   auth, catalog, search, cart, checkout, payments, inventory (two each, mostly)
 *   worker-01          notifications
 *   db-01              PostgreSQL
 * </pre>
 */
final class World {
  /**
   * A service of the shop.
   *
   * @param name its name, the {@code service} stream field
   * @param className the capitalised name its Java classes carry ({@code Checkout})
   * @param entity the main thing it stores, for its classes' names ({@code Order})
   * @param table its main database table
   * @param hosts where its instances run
   * @param medianMillis median time it takes to answer a call
   * @param heapMaxMb the heap of each instance
   */
  record Service(
      String name,
      String className,
      String entity,
      String table,
      List<String> hosts,
      int medianMillis,
      int heapMaxMb) {
    String packageName() {
      return "dev.shop." + name;
    }
  }

  /** One running copy of a service on a host, with the pid it logs under. */
  record Instance(Service service, String host, int pid) {}

  /** Seed of the fixed parts of the world (pids, client addresses): not the user's seed. */
  private static final long WORLD_SEED = 0x5107L;

  static final List<String> EDGE_HOSTS = List.of("edge-01", "edge-02");
  static final List<String> HOSTS =
      List.of("edge-01", "edge-02", "app-01", "app-02", "app-03", "app-04", "worker-01", "db-01");
  static final String DATABASE_HOST = "db-01";

  static final Service GATEWAY =
      new Service("gateway", "Gateway", "Route", "routes", EDGE_HOSTS, 2, 1024);
  static final Service AUTH =
      new Service("auth", "Auth", "Session", "sessions", List.of("app-01", "app-02"), 6, 512);
  static final Service CATALOG =
      new Service(
          "catalog", "Catalog", "Product", "products", List.of("app-01", "app-03"), 9, 1024);
  static final Service SEARCH =
      new Service(
          "search", "Search", "Query", "search_terms", List.of("app-02", "app-04"), 25, 2048);
  static final Service CART =
      new Service("cart", "Cart", "Cart", "carts", List.of("app-03"), 7, 512);
  static final Service CHECKOUT =
      new Service("checkout", "Checkout", "Order", "orders", List.of("app-02", "app-03"), 30, 1024);
  static final Service PAYMENTS =
      new Service("payments", "Payments", "Payment", "payments", List.of("app-04"), 120, 512);
  static final Service INVENTORY =
      new Service(
          "inventory",
          "Inventory",
          "StockItem",
          "stock_items",
          List.of("app-01", "app-04"),
          8,
          512);
  static final Service NOTIFICATIONS =
      new Service(
          "notifications", "Notifications", "Email", "outbox", List.of("worker-01"), 40, 512);

  static final List<Service> SERVICES =
      List.of(GATEWAY, AUTH, CATALOG, SEARCH, CART, CHECKOUT, PAYMENTS, INVENTORY, NOTIFICATIONS);

  /** Visitors with an account; their popularity follows Zipf's law. */
  static final int USERS = 50_000;

  /** Products on sale. */
  static final int PRODUCTS = 20_000;

  static final List<String> FIRST_NAMES =
      List.of(
          "anna", "ben", "chloe", "david", "emma", "felix", "grace", "hugo", "ines", "jonas",
          "karin", "leo", "maria", "noah", "olga", "paul", "rosa", "sam", "tara", "victor");

  static final List<String> LAST_NAMES =
      List.of(
          "smith",
          "muller",
          "garcia",
          "rossi",
          "dubois",
          "novak",
          "jensen",
          "silva",
          "kowalski",
          "nguyen",
          "tanaka",
          "okafor",
          "larsen",
          "weber",
          "moreau",
          "costa");

  static final List<String> MAIL_DOMAINS =
      List.of("example.com", "example.org", "example.net", "mail.example.com");

  /** Search words, most popular first (picked by Zipf's law). */
  static final List<String> SEARCH_WORDS =
      List.of(
          "shoes",
          "laptop",
          "headphones",
          "coffee",
          "backpack",
          "jacket",
          "phone case",
          "watch",
          "running shoes",
          "desk lamp",
          "monitor",
          "keyboard",
          "usb c cable",
          "water bottle",
          "tent",
          "camera",
          "charger",
          "office chair",
          "blender",
          "socks",
          "kettle",
          "sunglasses",
          "yoga mat",
          "bike light",
          "gift card",
          "wireless mouse",
          "notebook",
          "umbrella");

  static final List<String> CATEGORIES =
      List.of(
          "shoes",
          "electronics",
          "outdoor",
          "kitchen",
          "office",
          "clothing",
          "sports",
          "books",
          "toys",
          "garden");

  static final List<String> PAYMENT_PROVIDERS = List.of("stripe", "adyen", "paypal");

  static final List<String> DECLINE_REASONS =
      List.of("insufficient funds", "card expired", "do not honor", "suspected fraud");

  static final List<String> WAREHOUSES = List.of("ams-1", "fra-2", "lyon-1", "bcn-1");

  static final List<String> WEBHOOK_EVENTS =
      List.of("payment_intent.succeeded", "charge.refunded", "charge.dispute.created");

  static final List<String> REFERERS =
      List.of(
          "-",
          "https://shop.example.com/",
          "https://shop.example.com/search",
          "https://shop.example.com/cart",
          "https://www.google.com/",
          "https://www.bing.com/");

  static final Weighted<String> USER_AGENTS =
      Weighted.<String>builder()
          .add(
              30,
              "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
                  + " Chrome/131.0.0.0 Safari/537.36")
          .add(
              18,
              "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML,"
                  + " like Gecko) Version/18.1 Mobile/15E148 Safari/604.1")
          .add(
              14,
              "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like"
                  + " Gecko) Chrome/131.0.0.0 Safari/537.36")
          .add(
              12,
              "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko)"
                  + " Chrome/131.0.0.0 Mobile Safari/537.36")
          .add(8, "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0")
          .add(
              6,
              "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
                  + " Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0")
          .add(4, "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")
          .add(3, "curl/8.5.0")
          .add(2, "python-requests/2.32.3")
          .build();

  static final String PROBE_USER_AGENT = "kube-probe/1.31";

  static final List<String> SYSTEM_USERS = List.of("deploy", "ubuntu", "backup", "ops", "jenkins");

  /** Names that scanners try over ssh. */
  static final List<String> SCANNER_USERS =
      List.of("admin", "test", "oracle", "guest", "pi", "ftpuser", "support", "postgres", "git");

  static final List<String> CRON_COMMANDS =
      List.of(
          "/usr/local/bin/backup.sh >/dev/null 2>&1",
          "test -x /usr/sbin/anacron || ( cd / && run-parts --report /etc/cron.daily )",
          "/usr/lib/sysstat/debian-sa1 1 1",
          "cd / && run-parts --report /etc/cron.hourly",
          "/opt/shop/bin/rotate-logs");

  /** systemd units and their descriptions, which always go together. */
  static final List<String[]> UNITS =
      List.of(
          new String[] {"apt-daily.service", "Daily apt download activities"},
          new String[] {"logrotate.service", "Rotate log files"},
          new String[] {"man-db.service", "Daily man-db regeneration"},
          new String[] {"systemd-tmpfiles-clean.service", "Cleanup of Temporary Directories"},
          new String[] {"fstrim.service", "Discard unused blocks on filesystems"},
          new String[] {"certbot.service", "Certbot"});

  private static final int CLIENT_ADDRESSES = 4_000;

  private final List<String> clientAddresses;
  private final Map<String, List<Instance>> instancesByService;
  private final Map<String, List<Instance>> instancesByHost;
  private final Map<String, Integer> hostPids;

  World() {
    SplittableRandom random = new SplittableRandom(WORLD_SEED);
    this.clientAddresses = clientAddresses(random);
    Map<String, List<Instance>> byService = new LinkedHashMap<>();
    Map<String, List<Instance>> byHost = new LinkedHashMap<>();
    for (String host : HOSTS) {
      byHost.put(host, new ArrayList<>());
    }
    for (Service service : SERVICES) {
      List<Instance> instances = new ArrayList<>();
      for (String host : service.hosts()) {
        Instance instance = new Instance(service, host, 1_000 + random.nextInt(60_000));
        instances.add(instance);
        byHost.get(host).add(instance);
      }
      byService.put(service.name(), List.copyOf(instances));
    }
    this.instancesByService = Map.copyOf(byService);
    Map<String, List<Instance>> frozenHosts = new LinkedHashMap<>();
    byHost.forEach((host, instances) -> frozenHosts.put(host, List.copyOf(instances)));
    this.instancesByHost = Map.copyOf(frozenHosts);
    Map<String, Integer> pids = new LinkedHashMap<>();
    for (String host : HOSTS) {
      pids.put(host + "/nginx", 700 + random.nextInt(300));
      pids.put(host + "/postgres", 800 + random.nextInt(300));
      pids.put(host + "/chronyd", 500 + random.nextInt(200));
      pids.put(host + "/systemd-logind", 400 + random.nextInt(100));
    }
    this.hostPids = Map.copyOf(pids);
  }

  static Service service(String name) {
    for (Service service : SERVICES) {
      if (service.name().equals(name)) {
        return service;
      }
    }
    throw new IllegalArgumentException(
        "no service '" + name + "' in the simulated world; services: " + serviceNames());
  }

  static List<String> serviceNames() {
    return SERVICES.stream().map(Service::name).toList();
  }

  static String checkHost(String host) {
    if (!HOSTS.contains(host)) {
      throw new IllegalArgumentException(
          "no host '" + host + "' in the simulated world; hosts: " + HOSTS);
    }
    return host;
  }

  List<Instance> instances(Service service) {
    return instancesByService.get(service.name());
  }

  List<Instance> instancesOn(String host) {
    return instancesByHost.get(host);
  }

  /** The fixed pid of a long-running daemon ({@code nginx}, {@code postgres}...) on a host. */
  int daemonPid(String host, String program) {
    Integer pid = hostPids.get(host + "/" + program);
    if (pid == null) {
      throw new IllegalArgumentException("no fixed pid for " + program + " on " + host);
    }
    return pid;
  }

  String clientAddress(int rank) {
    return clientAddresses.get(rank % clientAddresses.size());
  }

  int clientAddressCount() {
    return clientAddresses.size();
  }

  /** A user's id: {@code u_} and six digits. */
  static String userId(int user) {
    StringBuilder text = new StringBuilder(8).append("u_");
    TimeText.appendPadded(text, user, 6);
    return text.toString();
  }

  /** A user's e-mail address, always the same for the same user. */
  static String email(int user) {
    String first = FIRST_NAMES.get(user % FIRST_NAMES.size());
    String last = LAST_NAMES.get((user / FIRST_NAMES.size()) % LAST_NAMES.size());
    String domain = MAIL_DOMAINS.get((user / 7) % MAIL_DOMAINS.size());
    return first + "." + last + (user % 1_000) + "@" + domain;
  }

  /** A product's id: {@code SKU-} and five digits. */
  static String sku(int product) {
    StringBuilder text = new StringBuilder(9).append("SKU-");
    TimeText.appendPadded(text, product, 5);
    return text.toString();
  }

  /** Client addresses: a quarter from the offices' network, the rest documentation ranges. */
  private static List<String> clientAddresses(SplittableRandom random) {
    String[] prefixes = {"10.20.", "192.0.2.", "198.51.100.", "203.0.113."};
    List<String> addresses = new ArrayList<>(CLIENT_ADDRESSES);
    for (int index = 0; index < CLIENT_ADDRESSES; index++) {
      String prefix = prefixes[random.nextInt(prefixes.length)];
      addresses.add(
          prefix.equals("10.20.")
              ? prefix + random.nextInt(256) + "." + (1 + random.nextInt(254))
              : prefix + (1 + random.nextInt(254)));
    }
    return List.copyOf(addresses);
  }
}
