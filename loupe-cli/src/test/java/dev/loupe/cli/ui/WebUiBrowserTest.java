package dev.loupe.cli.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import dev.loupe.ingest.IngestLimits;
import dev.loupe.server.LoupeServer;
import dev.loupe.server.ServerConfig;
import dev.loupe.storage.StorageConfig;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web UI end to end: a real {@code loupe serve} (in-process, on a free loopback port) with
 * seeded lines, driven by Debian's Chromium headless through Playwright. One browser for the class,
 * a fresh page per test; each test saves a screenshot to {@code target/screenshots/}. Playwright's
 * assertions wait (up to {@link #TIMEOUT_MS}) for the page to reach the asserted state; nothing
 * asserts on how long it took.
 */
final class WebUiBrowserTest {
  private static final double TIMEOUT_MS = 30_000;
  private static final Path SCREENSHOTS = Paths.get("target", "screenshots");

  @TempDir static Path directory;
  private static LoupeServer server;
  private static Playwright playwright;
  private static Browser browser;
  private static SeedLines seed;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private BrowserContext context;
  private Page page;

  @BeforeAll
  static void startServerAndBrowser() throws Exception {
    StorageConfig storage = StorageConfig.defaults(directory).withMinFreeDiskBytes(0);
    server =
        LoupeServer.start(
            new ServerConfig("127.0.0.1", 0, storage, IngestLimits.defaults(), 2),
            InstantSource.system());
    seed = SeedLines.generate(Instant.now(), 3000, 42);
    String answer = ingest(seed.ndjson());
    assertThat(answer).contains("\"accepted\":" + seed.count());
    playwright =
        Playwright.create(
            new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    browser =
        playwright
            .chromium()
            .launch(
                new BrowserType.LaunchOptions()
                    .setExecutablePath(chromium())
                    .setHeadless(true)
                    .setArgs(
                        List.of(
                            "--no-sandbox",
                            "--disable-gpu",
                            "--disable-background-networking",
                            "--disable-component-update",
                            "--no-first-run")));
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
            new Browser.NewContextOptions().setViewportSize(1400, 900).setLocale("en-US"));
    page = context.newPage();
    page.setDefaultTimeout(TIMEOUT_MS);
  }

  @AfterEach
  void screenshot(TestInfo test) {
    page.screenshot(
        new Page.ScreenshotOptions()
            .setPath(SCREENSHOTS.resolve(test.getTestMethod().orElseThrow().getName() + ".png")));
    context.close();
  }

  @Test
  void queryShowsTheMatchingRowsNewestFirst() {
    int expected = seed.count("checkout", "error");
    assertThat(expected).isBetween(10, 999);

    open("service:checkout level:error");

    assertRows(expected);
    Locator rows = page.locator(".row");
    assertThat(rows.count()).isPositive();
    for (String message : rows.locator(".msg").allTextContents()) {
      assertThat(message).startsWith("payment declined for order");
    }
    assertThat(rows.first().locator(".lvl").textContent()).isEqualTo("error");
    assertThat(rows.first().locator(".time").textContent())
        .isEqualTo(seed.newestTimeText("checkout", "error"));
    // the query bar highlights the field and its value
    PlaywrightAssertions.assertThat(page.locator("#qhl .t-field").first()).hasText("service");
  }

  @Test
  void clickingAFieldValueAddsTheFilterAndNarrowsTheRows() {
    open("level:error");
    assertRows(seed.count(null, "error"));
    page.locator(".row").first().click();
    Locator service = page.locator("#fields .fv[data-field=service]");
    String value = service.textContent();
    service.click();

    PlaywrightAssertions.assertThat(page.locator("#q"))
        .hasValue("level:error service:=\"" + value + "\"");
    assertRows(seed.count(value, "error"));
    assertThat(seed.count(value, "error")).isLessThan(seed.count(null, "error"));
    assertThat(page.url()).contains("q=level%3Aerror+service%3A%3D%22" + value + "%22");

    // and excluding: the minus button adds -field:="value"
    page.locator(".row").first().click();
    page.locator("#fields tr:has(.fv[data-field=level]) .exclude").click();
    PlaywrightAssertions.assertThat(page.locator("#q"))
        .hasValue("level:error service:=\"" + value + "\" -level:=\"error\"");
    assertRows(0);
  }

  @Test
  void theSidePanelShowsTheLinesAroundAHit() {
    open("service:checkout level:error");
    page.locator(".row").first().click();
    PlaywrightAssertions.assertThat(page.locator("#fields .fv[data-field=service]"))
        .hasText("checkout");
    page.locator("#ctxBtn").click();

    Locator hit = page.locator(".ctxline.ctx-hit");
    PlaywrightAssertions.assertThat(hit).hasCount(1);
    PlaywrightAssertions.assertThat(hit).containsText("payment declined for order");
    assertThat(page.locator(".ctxline").count()).isGreaterThan(1);
    page.keyboard().press("Escape");
    PlaywrightAssertions.assertThat(page.locator("#panel")).isHidden();
  }

  @Test
  void theBarSuggestsFieldNamesThenValues() {
    open("level:warn");
    assertRows(seed.count(null, "warn"));
    page.keyboard().press("/");
    Locator bar = page.locator("#q");
    PlaywrightAssertions.assertThat(bar).isFocused();
    bar.press("End");
    bar.pressSequentially(" serv");
    PlaywrightAssertions.assertThat(page.locator("#ac li").first()).containsText("service:");
    bar.press("Tab");
    PlaywrightAssertions.assertThat(bar).hasValue("level:warn service:");
    bar.pressSequentially("chec");
    PlaywrightAssertions.assertThat(page.locator("#ac li").first())
        .containsText("service:checkout");
    bar.press("Tab");
    PlaywrightAssertions.assertThat(bar).hasValue("level:warn service:checkout");
    bar.press("Control+Enter");
    assertRows(seed.count("checkout", "warn"));
  }

  @Test
  void scrollingToTheEndLoadsOlderRowsKeepingFewInThePage() {
    // (the live tail tests add lines of their own services, tail*)
    open("-service:tail*");
    assertRows(1000);
    PlaywrightAssertions.assertThat(page.locator("#status")).containsText("scroll for more");

    page.locator("#rows").evaluate("element => element.scrollTop = element.scrollHeight");

    // every seeded line exactly once: no line lost or repeated at the page boundary
    assertRows(seed.count());
    PlaywrightAssertions.assertThat(page.locator("#status")).not().containsText("scroll for more");
    assertThat(page.locator(".row").count()).isBetween(1, 200);
    assertThat((Number) page.locator("#spacer").evaluate("element => element.offsetHeight"))
        .isEqualTo(seed.count() * 22);
  }

  @Test
  void theThemeFollowsTheSystemAndTheToggleIsRemembered() {
    context.close();
    context =
        browser.newContext(
            new Browser.NewContextOptions()
                .setViewportSize(1400, 900)
                .setLocale("en-US")
                .setColorScheme(com.microsoft.playwright.options.ColorScheme.DARK));
    page = context.newPage();
    open("level:error");
    Locator root = page.locator("html");
    PlaywrightAssertions.assertThat(root).hasAttribute("data-theme", "dark");

    page.locator("#themeBtn").click();
    PlaywrightAssertions.assertThat(root).hasAttribute("data-theme", "light");
    page.reload();
    PlaywrightAssertions.assertThat(root).hasAttribute("data-theme", "light");
    page.locator("#themeBtn").click();
    PlaywrightAssertions.assertThat(root).hasAttribute("data-theme", "dark");
    assertRows(seed.count(null, "error"));
  }

  @Test
  void theExportLinksDownloadEveryMatchingLine() throws Exception {
    open("service:checkout level:error");
    assertRows(seed.count("checkout", "error"));

    String csv = page.locator("#exportCsv").getAttribute("href");
    String ndjson = page.locator("#exportNdjson").getAttribute("href");
    assertThat(csv).startsWith("/api/v1/export?").contains("format=csv");
    String table = fetch(csv);
    String lines = fetch(ndjson);

    assertThat(table.lines().findFirst())
        .hasValueSatisfying(header -> assertThat(header).startsWith("_time,_stream,level,_msg"));
    assertThat(table.lines().count()).isEqualTo(seed.count("checkout", "error") + 1);
    assertThat(lines.lines().filter(line -> line.contains("payment declined")).count())
        .isEqualTo(seed.count("checkout", "error"));
  }

  @Test
  void aPresetRangeIsRunAndKeptInTheUrl() {
    open("level:error");
    page.locator("#rangeBtn").click();
    page.locator("#presets button:text-is('15m')").click();

    PlaywrightAssertions.assertThat(page.locator("#rangeBtn")).hasText("Last 15m");
    page.waitForURL(Pattern.compile(".*from=15m&to=now.*"));
    // the range the page resolved "last 15m" to, as its export link carries it
    PlaywrightAssertions.assertThat(page.locator("#status")).containsText(" rows ·");
    String link = page.locator("#exportCsv").getAttribute("href");
    Instant start = Instant.parse(parameter(link, "start"));
    Instant end = Instant.parse(parameter(link, "end"));
    assertThat(Duration.between(start, end)).isEqualTo(Duration.ofMinutes(15));
    int expected = seed.count(null, "error", start, end);
    assertThat(expected).isLessThan(seed.count(null, "error"));
    assertRows(expected);
  }

  @Test
  void aSyntaxErrorIsUnderlinedWhereItIs() {
    open("");
    Locator bar = page.locator("#q");
    bar.fill("level:error status:>=abc");
    bar.press("Enter");

    Locator underline = page.locator("#qhl .qerr");
    PlaywrightAssertions.assertThat(underline).hasAttribute("data-position", "21");
    PlaywrightAssertions.assertThat(underline).hasText("abc");
    PlaywrightAssertions.assertThat(page.locator("#qerror")).containsText("QUERY_SYNTAX");
    PlaywrightAssertions.assertThat(page.locator("#qerror")).containsText("position 21");
  }

  @Test
  void aStatsQueryShowsATableAndABarChart() {
    // (the live tail tests add lines of their own services, tail*)
    open("-service:tail* | stats count() by (service)");

    Locator table = page.locator("#statsTable");
    PlaywrightAssertions.assertThat(table.locator("tbody tr")).hasCount(SeedLines.SERVICES.size());
    PlaywrightAssertions.assertThat(table.locator("th").first()).hasText("service");
    for (String service : SeedLines.SERVICES) {
      PlaywrightAssertions.assertThat(table.locator("tr:has(td:text-is('" + service + "')) td.num"))
          .hasText(String.valueOf(seed.count(service, null)));
    }
    PlaywrightAssertions.assertThat(page.locator("#chart")).hasAttribute("data-kind", "bars");
    PlaywrightAssertions.assertThat(page.locator(".row")).hasCount(0);
  }

  @Test
  void aStatsQueryByTimeBinIsATimeSeries() {
    open("* | stats count() by (bin(_time, 5m), level)");

    PlaywrightAssertions.assertThat(page.locator("#chart")).hasAttribute("data-kind", "lines");
    assertThat(page.locator("#statsTable tbody tr").count()).isGreaterThan(4);
  }

  @Test
  void liveTailShowsNewLinesAsTheyArrive() throws Exception {
    open("service:tailtest");
    assertRows(0);
    page.locator("#tailToggle").check();
    PlaywrightAssertions.assertThat(page.locator("body")).hasAttribute("data-tail", "open");

    String now = Instant.now().toString();
    ingest(
        """
        {"_time":"%s","service":"tailtest","level":"info","_msg":"tail line one"}
        {"_time":"%s","service":"tailother","level":"info","_msg":"not for this tail"}
        {"_time":"%s","service":"tailtest","level":"debug","_msg":"tail line two"}
        """
            .formatted(now, now, now));

    Locator rows = page.locator(".row");
    PlaywrightAssertions.assertThat(rows).hasCount(2);
    PlaywrightAssertions.assertThat(rows.first().locator(".msg")).hasText("tail line two");
    PlaywrightAssertions.assertThat(rows.nth(1).locator(".msg")).hasText("tail line one");
    PlaywrightAssertions.assertThat(page.locator("#tailRate")).containsText("lines/s");
  }

  @Test
  void aPausedTailKeepsTheNewestLinesAndCountsTheDropped() throws Exception {
    int flood = 10_100;
    open("service:tailflood");
    assertRows(0);
    page.locator("#tailToggle").check();
    PlaywrightAssertions.assertThat(page.locator("body")).hasAttribute("data-tail", "open");
    page.locator("#tailPause").click();
    PlaywrightAssertions.assertThat(page.locator("#tailPause")).hasText("Resume");

    StringBuilder lines = new StringBuilder();
    Instant now = Instant.now();
    for (int i = 0; i < flood; i++) {
      lines.append(
          "{\"_time\":\"%s\",\"service\":\"tailflood\",\"level\":\"trace\",\"_msg\":\"flood %d\"}\n"
              .formatted(now, i));
    }
    ingest(lines.toString());

    // while paused nothing is drawn; what does not fit the pause buffer is counted as dropped
    PlaywrightAssertions.assertThat(page.locator("#tailDropped")).isVisible();
    PlaywrightAssertions.assertThat(page.locator("#tailDropped"))
        .hasText(Pattern.compile("^[\\d,]+ lines dropped$"));
    assertThat(page.locator(".row").count()).isZero();
    page.locator("#tailPause").click();

    // every line is either shown or counted as dropped, none twice
    page.waitForFunction(
        "total => { const n = t => Number((t.match(/^[\\d,]+/) || ['0'])[0].replace(/,/g, ''));"
            + " return n(document.getElementById('status').textContent)"
            + " + n(document.getElementById('tailDropped').textContent) === total; }",
        flood);
    assertThat(page.locator("#status").textContent()).endsWith("lines (live)");
    PlaywrightAssertions.assertThat(page.locator(".row").first().locator(".msg"))
        .hasText(Pattern.compile("^flood \\d+$"));
  }

  @Test
  void draggingOnTheHistogramZoomsTheTimeRange() {
    open("*");
    PlaywrightAssertions.assertThat(page.locator("#status")).containsText("rows");
    Locator histogram = page.locator("#histo");
    var box = histogram.boundingBox();
    page.mouse().move(box.x + box.width * 0.3, box.y + box.height / 2);
    page.mouse().down();
    page.mouse().move(box.x + box.width * 0.6, box.y + box.height / 2);
    page.mouse().up();

    page.waitForURL(Pattern.compile(".*from=\\d{4}-\\d\\d-\\d\\dT.*"));
    PlaywrightAssertions.assertThat(page.locator("#rangeBtn")).containsText("→");
  }

  @Test
  void thePatternsTabSaysWhenTheServerHasNoPatterns() {
    open("*");
    page.locator("#tabPatterns").click();

    PlaywrightAssertions.assertThat(page.locator("#patternsTable"))
        .containsText("Patterns are not available on this server");
    assertThat(page.url()).contains("tab=patterns");
  }

  private void open(String query) {
    page.navigate(
        "http://127.0.0.1:"
            + server.port()
            + "/#q="
            + URLEncoder.encode(query, StandardCharsets.UTF_8).replace("+", "%20")
            + "&from=1h&to=now");
    PlaywrightAssertions.assertThat(page.locator("body")).hasAttribute("data-ready", "true");
  }

  /** The status line starts with exactly this many rows (as the page prints them, 1,234). */
  private void assertRows(int count) {
    PlaywrightAssertions.assertThat(page.locator("#status"))
        .hasText(
            Pattern.compile(
                "^" + String.format(java.util.Locale.US, "%,d", count) + " rows( ·|$)"));
  }

  private static String parameter(String link, String name) {
    for (String pair : URI.create(link).getRawQuery().split("&")) {
      if (pair.startsWith(name + "=")) {
        return java.net.URLDecoder.decode(
            pair.substring(name.length() + 1), StandardCharsets.UTF_8);
      }
    }
    throw new AssertionError("no " + name + " in " + link);
  }

  private static String fetch(String path) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
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
                .timeout(Duration.ofSeconds(60))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private static Path chromium() {
    String configured = System.getenv("LOUPE_CHROMIUM");
    Path path = Paths.get(configured != null ? configured : "/usr/bin/chromium");
    assertThat(path).as("Chromium (apt-get install chromium; .ci/run does)").exists();
    return path;
  }
}
