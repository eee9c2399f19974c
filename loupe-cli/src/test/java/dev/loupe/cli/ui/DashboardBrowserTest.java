package dev.loupe.cli.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import dev.loupe.ingest.IngestLimits;
import dev.loupe.server.LoupeServer;
import dev.loupe.server.ServerConfig;
import dev.loupe.storage.StorageConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Dashboards page end to end: a real {@code loupe serve} (in-process, free loopback port) with
 * shop lines whose log-derived metrics are stored, driven by Debian's Chromium headless through
 * Playwright. One browser for the class, a fresh page per test, a screenshot of each in {@code
 * target/screenshots/}.
 *
 * <p>Time: the built-in rules count lines in 10 s windows that close 5 s after their end. Rather
 * than wait, the server runs on a clock 20 s ahead of the wall clock once the lines are in: their
 * windows are then due and {@link dev.loupe.analytics.metrics.MetricEngine#sync} stores them. The
 * browser keeps the wall clock, so the lines and their windows lie inside its "last 1h".
 */
final class DashboardBrowserTest {
  private static final double TIMEOUT_MS = 30_000;
  private static final Path SCREENSHOTS = Paths.get("target", "screenshots");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path directory;
  private static final AtomicReference<Duration> AHEAD = new AtomicReference<>(Duration.ZERO);
  private static LoupeServer server;
  private static Playwright playwright;
  private static Browser browser;
  private static ShopLines shop;

  private BrowserContext context;
  private Page page;

  @BeforeAll
  static void startServerWithMetricsAndBrowser() throws Exception {
    StorageConfig storage = StorageConfig.defaults(directory).withMinFreeDiskBytes(0);
    InstantSource clock = () -> Instant.now().plus(AHEAD.get());
    server =
        LoupeServer.start(
            new ServerConfig("127.0.0.1", 0, storage, IngestLimits.defaults(), 2), clock);
    shop = ShopLines.generate(Instant.now(), 600, 7);
    assertThat(ingest(shop.ndjson())).contains("\"accepted\":" + shop.count());
    AHEAD.set(Duration.ofSeconds(20));
    server.metricEngine().sync();
    playwright = HeadlessChromium.playwright();
    browser = HeadlessChromium.launch(playwright);
    PlaywrightAssertions.setDefaultAssertionTimeout(TIMEOUT_MS);
    Files.createDirectories(SCREENSHOTS);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (playwright != null) {
      playwright.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void openPage() {
    context =
        browser.newContext(
            new Browser.NewContextOptions().setViewportSize(1400, 1000).setLocale("en-US"));
    page = context.newPage();
    page.setDefaultTimeout(TIMEOUT_MS);
    // window.confirm of the delete buttons: yes
    page.onDialog(dialog -> dialog.accept());
  }

  @AfterEach
  void screenshot(TestInfo test) {
    page.screenshot(
        new Page.ScreenshotOptions()
            .setPath(SCREENSHOTS.resolve(test.getTestMethod().orElseThrow().getName() + ".png"))
            .setFullPage(true));
    context.close();
  }

  @Test
  void theOverviewShowsTheBuiltInMetricsWithTheirValues() {
    open("#/dashboards");
    Locator card = page.locator(".dashcard[data-id=overview]");
    PlaywrightAssertions.assertThat(card).containsText("Overview");
    PlaywrightAssertions.assertThat(page.locator("body")).hasAttribute("data-page", "dashboards");
    PlaywrightAssertions.assertThat(page.locator("#q")).isHidden();
    card.click();
    page.waitForURL(Pattern.compile(".*#/dashboards/overview$"));

    PlaywrightAssertions.assertThat(page.locator(".dpanel")).hasCount(6);
    PlaywrightAssertions.assertThat(panel("Errors in range").locator(".dnumber"))
        .hasAttribute("data-value", String.valueOf(shop.errors()));
    PlaywrightAssertions.assertThat(panel("Errors in range").locator(".dnumber"))
        .hasText(String.valueOf(shop.errors()));
    Locator byLevel = panel("Lines by level").locator("canvas");
    PlaywrightAssertions.assertThat(byLevel).hasAttribute("data-kind", "stacked");
    PlaywrightAssertions.assertThat(byLevel)
        .hasAttribute("data-series", String.valueOf(ShopLines.LEVELS.size()));
    PlaywrightAssertions.assertThat(byLevel)
        .hasAttribute("data-total", String.valueOf(shop.count()));
    Locator errors = panel("Errors by service").locator("canvas");
    PlaywrightAssertions.assertThat(errors).hasAttribute("data-kind", "lines");
    PlaywrightAssertions.assertThat(errors)
        .hasAttribute("data-series", String.valueOf(shop.errorsByService().size()));
    PlaywrightAssertions.assertThat(errors)
        .hasAttribute("data-total", String.valueOf(shop.errors()));
    PlaywrightAssertions.assertThat(panel("HTTP requests by status").locator("canvas"))
        .hasAttribute("data-total", String.valueOf(shop.count()));
    Locator methods = panel("HTTP requests by method");
    for (Map.Entry<String, Integer> method : shop.byMethod().entrySet()) {
      PlaywrightAssertions.assertThat(
              methods.locator("tr:has(td:text-is('" + method.getKey() + "')) td.num"))
          .hasText(String.valueOf(method.getValue()));
    }
    Locator newest = panel("Newest errors").locator(".dline");
    PlaywrightAssertions.assertThat(newest).hasCount(Math.min(50, shop.errors()));
    assertThat(newest.locator(".lvl").allTextContents()).containsOnly("error");
    PlaywrightAssertions.assertThat(page.locator(".dpanel[data-state=error]")).hasCount(0);

    // the dark theme draws the panels again, with the same values
    String refreshes = page.locator("#dashPage").getAttribute("data-refreshes");
    page.locator("#themeBtn").click();
    PlaywrightAssertions.assertThat(page.locator("html")).hasAttribute("data-theme", "dark");
    PlaywrightAssertions.assertThat(page.locator("#dashPage"))
        .not()
        .hasAttribute("data-refreshes", refreshes);
    PlaywrightAssertions.assertThat(byLevel)
        .hasAttribute("data-total", String.valueOf(shop.count()));
    PlaywrightAssertions.assertThat(page.locator("body")).hasAttribute("data-page", "dashboards");
    screenshot("overviewDark");
  }

  @Test
  void aDashboardIsMadeEditedAndDeletedFromThePage() throws Exception {
    open("#/dashboards");
    PlaywrightAssertions.assertThat(page.locator(".dashcard[data-id=overview]")).isVisible();
    screenshot("dashboardList");
    page.locator("#dashNew").click();
    page.locator("#dashNewTitle").fill("Shop health");
    PlaywrightAssertions.assertThat(page.locator("#dashDialog")).containsText("id: shop-health");
    page.locator("#dialogOk").click();
    page.waitForURL(Pattern.compile(".*#/dashboards/shop-health$"));
    PlaywrightAssertions.assertThat(page.locator("#dashTitle")).hasText("Shop health");

    page.locator("#dashAddPanel").click();
    page.locator("#peTitle").fill("Errors per minute");
    page.locator("#peType").selectOption("timeseries");
    page.locator("#peQuery").fill("level:error | stats count() by (bin(_time, 1m))");
    page.locator("#dialogOk").click();
    PlaywrightAssertions.assertThat(page.locator(".dpanel")).hasCount(1);

    page.locator("#dashAddPanel").click();
    page.locator("#peTitle").fill("Errors by service");
    page.locator("#peType").selectOption("table");
    page.locator("#peSourceMetric").check();
    page.locator("#peMetric").selectOption("loupe_errors_by_service");
    page.locator("#peBy input[value=service]").check();
    screenshot("panelEditor");
    page.locator("#dialogOk").click();
    PlaywrightAssertions.assertThat(page.locator(".dpanel")).hasCount(2);

    Locator perMinute = panel("Errors per minute").locator("canvas");
    PlaywrightAssertions.assertThat(perMinute).hasAttribute("data-kind", "lines");
    PlaywrightAssertions.assertThat(perMinute)
        .hasAttribute("data-total", String.valueOf(shop.errors()));
    // the minutes of the whole hour, not only the one with lines
    PlaywrightAssertions.assertThat(perMinute)
        .hasAttribute("data-points", Pattern.compile("6[01]"));
    for (Map.Entry<String, Integer> service : shop.errorsByService().entrySet()) {
      PlaywrightAssertions.assertThat(
              panel("Errors by service")
                  .locator("tr:has(td:text-is('" + service.getKey() + "')) td.num"))
          .hasText(String.valueOf(service.getValue()));
    }
    JsonNode saved = JSON.readTree(fetch("/api/v1/dashboards/shop-health"));
    assertThat(saved.get("panels")).hasSize(2);
    assertThat(saved.at("/panels/0/query").asText())
        .isEqualTo("level:error | stats count() by (bin(_time, 1m))");
    assertThat(saved.at("/panels/1/metric").asText()).isEqualTo("loupe_errors_by_service");
    assertThat(saved.at("/panels/1/by/0").asText()).isEqualTo("service");
    screenshot("madeWithTwoPanels");

    // edit a panel: bars instead of lines
    panel("Errors per minute").locator(".dpanel-edit").click();
    page.locator("#peType").selectOption("bars");
    page.locator("#dialogOk").click();
    PlaywrightAssertions.assertThat(panel("Errors per minute").locator("canvas"))
        .hasAttribute("data-kind", "stacked");
    // delete a panel, then the dashboard
    panel("Errors by service").locator(".dpanel-delete").click();
    PlaywrightAssertions.assertThat(page.locator(".dpanel")).hasCount(1);
    assertThat(JSON.readTree(fetch("/api/v1/dashboards/shop-health")).get("panels")).hasSize(1);
    assertThat(JSON.readTree(fetch("/api/v1/dashboards/shop-health")).at("/panels/0/type").asText())
        .isEqualTo("bars");
    page.locator("#dashDelete").click();
    page.waitForURL(Pattern.compile(".*#/dashboards$"));
    PlaywrightAssertions.assertThat(page.locator(".dashcard[data-id=overview]")).isVisible();
    PlaywrightAssertions.assertThat(page.locator(".dashcard[data-id=shop-health]")).hasCount(0);
    assertThat(status("/api/v1/dashboards/shop-health")).isEqualTo(404);
  }

  @Test
  void autoRefreshShowsLinesIngestedAfterThePageOpened() throws Exception {
    put(
        "fresh",
        """
        {"id":"fresh","title":"Fresh","from":"1h","refresh":"1s","panels":[
          {"title":"Fresh lines","type":"value","query":"service:fresh"},
          {"title":"Newest fresh lines","type":"logs","query":"service:fresh"}]}
        """);
    open("#/dashboards/fresh");
    Locator value = panel("Fresh lines").locator(".dnumber");
    PlaywrightAssertions.assertThat(value).hasAttribute("data-value", "0");
    PlaywrightAssertions.assertThat(page.locator("#dashRefresh")).hasValue("1s");
    page.locator(".dpanel").first().evaluate("element => element.dataset.marker = 'same page'");

    Instant now = Instant.now();
    ingest(
        """
        {"_time":"%s","service":"fresh","level":"info","_msg":"fresh line one"}
        {"_time":"%s","service":"other","level":"info","_msg":"not fresh"}
        {"_time":"%s","service":"fresh","level":"info","_msg":"fresh line two"}
        {"_time":"%s","service":"fresh","level":"info","_msg":"fresh line three"}
        """
            .formatted(now, now, now, now.plusMillis(1)));

    PlaywrightAssertions.assertThat(value).hasAttribute("data-value", "3");
    Locator lines = panel("Newest fresh lines").locator(".dline .msg");
    PlaywrightAssertions.assertThat(lines).hasCount(3);
    PlaywrightAssertions.assertThat(lines.first()).hasText("fresh line three");
    // refreshed in place: the same elements, not a reload
    PlaywrightAssertions.assertThat(page.locator(".dpanel").first())
        .hasAttribute("data-marker", "same page");
    assertThat(Integer.parseInt(page.locator("#dashPage").getAttribute("data-refreshes")))
        .isGreaterThan(1);

    page.locator("#dashRefresh").selectOption("0s");
    page.waitForURL(Pattern.compile(".*#/dashboards/fresh\\?from=1h&to=now&refresh=0s$"));
  }

  @Test
  void anExportedDashboardImportsBackTheSame() throws Exception {
    open("#/dashboards/overview");
    PlaywrightAssertions.assertThat(page.locator(".dpanel")).hasCount(6);
    Download download = page.waitForDownload(() -> page.locator("#dashExport").click());
    assertThat(download.suggestedFilename()).isEqualTo("overview.json");
    String exported = Files.readString(download.path());
    assertThat(JSON.readTree(exported))
        .isEqualTo(JSON.readTree(fetch("/api/v1/dashboards/overview")));

    ObjectNode copy = (ObjectNode) JSON.readTree(exported);
    copy.put("id", "overview-copy").put("title", "Overview copy");
    Path file = directory.resolve("overview-copy.json");
    Files.writeString(file, JSON.writeValueAsString(copy));

    page.locator("#navDashboards").click();
    page.locator("#dashImport").click();
    Locator text = page.locator("#dashImportText");
    text.fill("{\"id\":\"overview-copy\",");
    page.locator("#dialogOk").click();
    PlaywrightAssertions.assertThat(page.locator("#dialogError")).containsText("not JSON");
    text.fill(exported.replace("\"timeseries\"", "\"pie\""));
    page.locator("#dashImportReplace").check();
    page.locator("#dialogOk").click();
    PlaywrightAssertions.assertThat(page.locator("#dialogError"))
        .containsText("type must be one of");
    page.locator("#dashImportReplace").uncheck();
    text.fill(exported);
    page.locator("#dialogOk").click();
    PlaywrightAssertions.assertThat(page.locator("#dialogError"))
        .containsText("A dashboard with the id overview exists");

    page.locator("#dashImportFile").setInputFiles(file);
    PlaywrightAssertions.assertThat(text).hasValue(Pattern.compile(".*\"overview-copy\".*"));
    page.locator("#dialogOk").click();
    page.waitForURL(Pattern.compile(".*#/dashboards/overview-copy$"));
    PlaywrightAssertions.assertThat(page.locator("#dashTitle")).hasText("Overview copy");
    PlaywrightAssertions.assertThat(page.locator(".dpanel")).hasCount(6);
    PlaywrightAssertions.assertThat(panel("Errors in range").locator(".dnumber"))
        .hasAttribute("data-value", String.valueOf(shop.errors()));
    assertThat(JSON.readTree(fetch("/api/v1/dashboards/overview-copy"))).isEqualTo(copy);
  }

  @Test
  void aBrokenPanelShowsItsErrorAndTheOthersStillRender() throws Exception {
    put(
        "broken",
        """
        {"id":"broken","title":"Broken","panels":[
          {"title":"Errors","type":"value","query":"level:error"},
          {"title":"Bad query","type":"timeseries","query":"level:error status:>=abc"},
          {"title":"Gone metric","type":"table","metric":"no_such_metric"},
          {"title":"Error lines","type":"logs","query":"level:error"}]}
        """);
    open("#/dashboards/broken");

    Locator badQuery = panel("Bad query");
    PlaywrightAssertions.assertThat(badQuery).hasAttribute("data-state", "error");
    PlaywrightAssertions.assertThat(badQuery.locator(".dpanel-error")).containsText("QUERY_SYNTAX");
    PlaywrightAssertions.assertThat(badQuery.locator(".qerr")).hasText("abc");
    Locator goneMetric = panel("Gone metric");
    PlaywrightAssertions.assertThat(goneMetric).hasAttribute("data-state", "error");
    PlaywrightAssertions.assertThat(goneMetric.locator(".dpanel-error"))
        .containsText("no metric rule named no_such_metric");

    PlaywrightAssertions.assertThat(panel("Errors").locator(".dnumber"))
        .hasAttribute("data-value", String.valueOf(shop.errors()));
    PlaywrightAssertions.assertThat(panel("Error lines")).hasAttribute("data-state", "ok");
    PlaywrightAssertions.assertThat(panel("Error lines").locator(".dline"))
        .hasCount(Math.min(50, shop.errors()));
    PlaywrightAssertions.assertThat(page.locator(".dpanel[data-state=error]")).hasCount(2);
  }

  @Test
  void clickingAPanelOpensExploreWithItsQueryAndRange() throws Exception {
    put(
        "drill",
        """
        {"id":"drill","title":"Drill","panels":[
          {"title":"Checkout errors","type":"logs","query":"service:checkout level:error"}]}
        """);
    open("#/dashboards/drill");
    page.locator("#dashRangeBtn").click();
    page.locator("#dashPage .preset:text-is('15m')").click();
    page.waitForURL(Pattern.compile(".*#/dashboards/drill\\?from=15m&to=now&refresh=0s$"));
    PlaywrightAssertions.assertThat(page.locator("#dashRangeBtn")).hasText("Last 15m");

    panel("Checkout errors").locator(".dpanel-title").click();
    page.waitForURL(Pattern.compile(".*#q=service%3Acheckout\\+level%3Aerror&from=15m&to=now.*"));
    PlaywrightAssertions.assertThat(page.locator("#q")).hasValue("service:checkout level:error");
    PlaywrightAssertions.assertThat(page.locator("#rangeBtn")).hasText("Last 15m");
    PlaywrightAssertions.assertThat(page.locator("#status"))
        .hasText(Pattern.compile("^" + shop.errorsByService().get("checkout") + " rows( ·|$)"));
    PlaywrightAssertions.assertThat(page.locator("#dashPage")).isHidden();
    screenshot("exploreFromAPanel");

    // a metric panel opens as the query that computes it
    open("#/dashboards/overview");
    panel("Errors by service").locator(".dpanel-title").click();
    PlaywrightAssertions.assertThat(page.locator("#q"))
        .hasValue("level:error OR level:fatal | stats count() by (bin(_time, 1m), service)");
    Locator table = page.locator("#statsTable");
    PlaywrightAssertions.assertThat(page.locator("#chart")).hasAttribute("data-kind", "lines");
    assertThat(table.locator("tbody tr").count()).isPositive();
    page.goBack();
    page.waitForURL(Pattern.compile(".*#/dashboards/overview$"));
    PlaywrightAssertions.assertThat(page.locator(".dpanel")).hasCount(6);
  }

  /** A screenshot of a step inside a test (each test also gets one of its end). */
  private void screenshot(String name) {
    page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")));
  }

  private Locator panel(String title) {
    return page.locator(".dpanel:has(.dpanel-title:text-is('" + title + "'))");
  }

  private void open(String hash) {
    page.navigate("http://127.0.0.1:" + server.port() + "/" + hash);
    PlaywrightAssertions.assertThat(page.locator("body")).hasAttribute("data-ready", "true");
  }

  private static void put(String id, String json) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/api/v1/dashboards/" + id))
                .PUT(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  private static int status(String path) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static String fetch(String path) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  private static String ingest(String ndjson) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + server.port()
                            + "/api/v1/ingest?_stream_fields=service"))
                .POST(HttpRequest.BodyPublishers.ofString(ndjson))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  /**
   * Access-log-like lines of a shop from a fixed seed, all within the two seconds before {@code
   * now} (so inside the windows the built-in rules still have open): three services, three levels,
   * a method and a status each. Keeps the counts the panels must show.
   */
  record ShopLines(
      List<String> lines,
      int errors,
      Map<String, Integer> errorsByService,
      Map<String, Integer> byMethod) {
    static final List<String> SERVICES = List.of("api", "checkout", "web");
    static final List<String> LEVELS = List.of("info", "warn", "error");
    static final List<String> METHODS = List.of("GET", "POST", "DELETE");

    static ShopLines generate(Instant now, int count, long seed) {
      Random random = new Random(seed);
      List<String> lines = new ArrayList<>();
      Map<String, Integer> errorsByService = new TreeMap<>();
      Map<String, Integer> byMethod = new TreeMap<>();
      int errors = 0;
      for (int i = 0; i < count; i++) {
        Instant time = now.minusMillis(random.nextInt(2000));
        String service = SERVICES.get(random.nextInt(SERVICES.size()));
        double roll = random.nextDouble();
        String level = roll < 0.1 ? "error" : roll < 0.25 ? "warn" : "info";
        String method = METHODS.get(random.nextInt(METHODS.size()));
        int status = level.equals("error") ? 500 : random.nextInt(5) == 0 ? 404 : 200;
        lines.add(
            ("{\"_time\":\"%s\",\"service\":\"%s\",\"level\":\"%s\",\"method\":\"%s\","
                    + "\"status\":%d,\"_msg\":\"%s /api/items/%d %d\"}")
                .formatted(time, service, level, method, status, method, i, status));
        byMethod.merge(method, 1, Integer::sum);
        if (level.equals("error")) {
          errors++;
          errorsByService.merge(service, 1, Integer::sum);
        }
      }
      return new ShopLines(List.copyOf(lines), errors, errorsByService, byMethod);
    }

    int count() {
      return lines.size();
    }

    String ndjson() {
      return String.join("\n", lines) + "\n";
    }
  }
}
