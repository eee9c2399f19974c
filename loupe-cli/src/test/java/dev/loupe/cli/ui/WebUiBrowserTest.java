package dev.loupe.cli.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.ColorScheme;
import dev.loupe.ingest.IngestLimits;
import dev.loupe.server.LoupeServer;
import dev.loupe.server.ServerConfig;
import dev.loupe.storage.StorageConfig;
import java.io.StringReader;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web UI end to end: a real server as {@code loupe serve} runs it (in-process, on a free
 * loopback port, pattern mining on) filled by {@code loupe simulate} ({@link SimulatedShop}: 50
 * minutes of a small shop, with a bad deploy of {@code catalog} whose new error starts 30 minutes
 * in), driven by Debian's Chromium headless through Playwright. One browser for the class, a fresh
 * page per test; each test saves a screenshot to {@code target/screenshots/}. Expected values come
 * from the simulator's labels or from the API; Playwright's assertions wait (up to {@link
 * #TIMEOUT_MS}) for the page to reach the asserted state; nothing asserts on how long it took.
 */
final class WebUiBrowserTest {
  private static final double TIMEOUT_MS = 30_000;
  private static final Path SCREENSHOTS = Paths.get("target", "screenshots");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The deploy's new error: a NullPointerException with its stack trace in the message. */
  private static final String REGRESSION = "service:catalog NullPointerException";

  private static final String REGRESSION_TEMPLATE = "catalog.regression";
  private static final String REGRESSION_FIRST_LINE = "unexpected error while handling request";

  /** As the rows show a time: milliseconds always, no zone. */
  private static final DateTimeFormatter SHOWN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

  @TempDir static Path directory;
  private static SimulatedShop shop;
  private static Playwright playwright;
  private static Browser browser;

  private BrowserContext context;
  private Page page;

  @BeforeAll
  static void startServerAndBrowser() throws Exception {
    shop =
        SimulatedShop.start(
            directory,
            7,
            4000,
            Duration.ofMinutes(50),
            "deploy:service=catalog,at=30m,for=10m,rate=0.5");
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
    if (shop != null) {
      shop.close();
    }
  }

  @BeforeEach
  void openPage() {
    newPage(new Browser.NewContextOptions().setViewportSize(1400, 900));
  }

  private void newPage(Browser.NewContextOptions options) {
    if (context != null) {
      context.close();
    }
    context = browser.newContext(options.setLocale("en-US"));
    page = context.newPage();
    page.setDefaultTimeout(TIMEOUT_MS);
  }

  @AfterEach
  void screenshot(TestInfo test) {
    screenshot(test.getTestMethod().orElseThrow().getName());
    context.close();
    context = null;
  }

  private void screenshot(String name) {
    page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")));
  }

  @Test
  void queryShowsTheMatchingRowsNewestFirst() {
    long expected = shop.templateLines(REGRESSION_TEMPLATE);
    assertThat(expected)
        .as("the deploy's new error, by the simulator's labels")
        .isBetween(10L, 999L);

    open(REGRESSION);

    assertRows(expected);
    Locator rows = page.locator(".row");
    assertThat(rows.count()).isPositive();
    // a stack trace shows its first line and how many more there are
    for (String message : rows.locator(".msg").allTextContents()) {
      assertThat(message).startsWith(REGRESSION_FIRST_LINE).containsPattern(" \\+\\d+ lines$");
    }
    assertThat(rows.first().locator(".lvl").textContent()).isEqualTo("error");
    assertThat(rows.first().locator(".time").textContent())
        .isEqualTo(shown(shop.newest(REGRESSION).path("_time").asText(), ZoneOffset.UTC));
    // the query bar highlights the field and its value
    PlaywrightAssertions.assertThat(page.locator("#qhl .t-field").first()).hasText("service");
  }

  @Test
  void clickingAFieldValueAddsTheFilterAndNarrowsTheRows() {
    long errors = shop.count("level:error");
    open("level:error");
    assertRows(errors);
    page.locator(".row").first().click();
    Locator service = page.locator("#fields .fv[data-field=service]");
    String value = service.textContent();
    service.click();

    String narrowed = "level:error service:=\"" + value + "\"";
    PlaywrightAssertions.assertThat(page.locator("#q")).hasValue(narrowed);
    assertRows(shop.count(narrowed));
    assertThat(shop.count(narrowed)).isLessThan(errors);
    assertThat(page.url()).contains("q=level%3Aerror+service%3A%3D%22" + value + "%22");

    // and excluding: the minus button adds -field:="value"
    page.locator(".row").first().click();
    page.locator("#fields tr:has(.fv[data-field=level]) .exclude").click();
    PlaywrightAssertions.assertThat(page.locator("#q")).hasValue(narrowed + " -level:=\"error\"");
    assertRows(0);
  }

  @Test
  void theSidePanelShowsTheLinesAroundAHit() {
    open(REGRESSION);
    page.locator(".row").first().click();
    PlaywrightAssertions.assertThat(page.locator("#fields .fv[data-field=service]"))
        .hasText("catalog");
    // the whole message, stack trace and all, is in the panel
    PlaywrightAssertions.assertThat(page.locator("#fields .fv[data-field=_msg]"))
        .containsText("java.lang.NullPointerException");
    page.locator("#ctxBtn").click();

    Locator hit = page.locator(".ctxline.ctx-hit");
    PlaywrightAssertions.assertThat(hit).hasCount(1);
    PlaywrightAssertions.assertThat(hit).containsText(REGRESSION_FIRST_LINE);
    assertThat(page.locator(".ctxline").count()).isGreaterThan(1);
    screenshot("theSidePanelShowsTheLinesAroundAHit-open");
    page.keyboard().press("Escape");
    PlaywrightAssertions.assertThat(page.locator("#panel")).isHidden();
  }

  @Test
  void theBarSuggestsFieldNamesThenValues() {
    open("level:error");
    assertRows(shop.count("level:error"));
    page.keyboard().press("/");
    Locator bar = page.locator("#q");
    PlaywrightAssertions.assertThat(bar).isFocused();
    bar.press("End");
    bar.pressSequentially(" serv");
    PlaywrightAssertions.assertThat(page.locator("#ac li").first()).containsText("service:");
    bar.press("Tab");
    PlaywrightAssertions.assertThat(bar).hasValue("level:error service:");
    bar.pressSequentially("cata");
    PlaywrightAssertions.assertThat(page.locator("#ac li").first()).containsText("service:catalog");
    bar.press("Tab");
    PlaywrightAssertions.assertThat(bar).hasValue("level:error service:catalog");
    bar.press("Control+Enter");
    assertRows(shop.count("level:error service:catalog"));
  }

  @Test
  void scrollingToTheEndLoadsOlderRowsKeepingFewInThePage() {
    // (the live tail tests add lines of their own services, tail*)
    open("-service:tail*");
    assertRows(1000);
    PlaywrightAssertions.assertThat(page.locator("#status")).containsText("scroll for more");

    page.locator("#rows").evaluate("element => element.scrollTop = element.scrollHeight");

    // every simulated line exactly once: no line lost or repeated at the page boundary
    assertRows(shop.lines());
    PlaywrightAssertions.assertThat(page.locator("#status")).not().containsText("scroll for more");
    assertThat(page.locator(".row").count()).isBetween(1, 200);
    assertThat((Number) page.locator("#spacer").evaluate("element => element.offsetHeight"))
        .isEqualTo((int) shop.lines() * 22);
  }

  @Test
  void theThemeFollowsTheSystemAndTheToggleIsRemembered() {
    newPage(
        new Browser.NewContextOptions()
            .setViewportSize(1400, 900)
            .setColorScheme(ColorScheme.DARK));
    open("level:error");
    Locator root = page.locator("html");
    PlaywrightAssertions.assertThat(root).hasAttribute("data-theme", "dark");

    page.locator("#themeBtn").click();
    PlaywrightAssertions.assertThat(root).hasAttribute("data-theme", "light");
    page.reload();
    PlaywrightAssertions.assertThat(root).hasAttribute("data-theme", "light");
    page.locator("#themeBtn").click();
    PlaywrightAssertions.assertThat(root).hasAttribute("data-theme", "dark");
    assertRows(shop.count("level:error"));
  }

  @Test
  void theExportLinksDownloadEveryMatchingLine() throws Exception {
    long expected = shop.templateLines(REGRESSION_TEMPLATE);
    open(REGRESSION);
    assertRows(expected);

    String csv = page.locator("#exportCsv").getAttribute("href");
    String ndjson = page.locator("#exportNdjson").getAttribute("href");
    assertThat(csv).startsWith("/api/v1/export?").contains("format=csv");

    List<CSVRecord> records =
        CSVFormat.RFC4180
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .get()
            .parse(new StringReader(shop.get(csv)))
            .getRecords();
    assertThat(records).hasSize((int) expected);
    assertThat(records.getFirst().getParser().getHeaderNames())
        .startsWith("_time", "_stream", "level", "_msg");
    for (CSVRecord record : records) {
      // the stack trace travels whole, newlines and all, inside its quoted field
      assertThat(record.get("_msg"))
          .startsWith(REGRESSION_FIRST_LINE)
          .contains("\njava.lang.NullPointerException");
    }
    List<JsonNode> lines = new ArrayList<>();
    for (String line : shop.get(ndjson).lines().toList()) {
      lines.add(JSON.readTree(line));
    }
    // the lines, then the status line the API ends a stream with
    assertThat(lines.getLast().path("_status").path("rows").asLong()).isEqualTo(expected);
    assertThat(lines).hasSize((int) expected + 1);
    for (JsonNode line : lines.subList(0, lines.size() - 1)) {
      assertThat(line.path("_msg").asText()).contains("NullPointerException");
    }
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
    Instant[] range = exportRange();
    assertThat(Duration.between(range[0], range[1])).isEqualTo(Duration.ofMinutes(15));
    long expected = shop.count("level:error", range[0], range[1]);
    assertThat(expected).isPositive().isLessThan(shop.count("level:error"));
    assertRows(expected);
  }

  @Test
  void aSyntaxErrorIsUnderlinedWhereItIs() {
    open("");
    assertRows(1000);
    PlaywrightAssertions.assertThat(page.locator("#histo"))
        .hasAttribute("data-ticks", Pattern.compile(".+"));
    Locator bar = page.locator("#q");
    bar.fill("level:error status:>=abc");
    bar.press("Enter");

    Locator underline = page.locator("#qhl .qerr");
    PlaywrightAssertions.assertThat(underline).hasAttribute("data-position", "21");
    PlaywrightAssertions.assertThat(underline).hasText("abc");
    PlaywrightAssertions.assertThat(page.locator("#qerror")).containsText("QUERY_SYNTAX");
    PlaywrightAssertions.assertThat(page.locator("#qerror")).containsText("position 21");
    // nothing left on screen of the query before: no rows, no histogram, no "searching…"
    PlaywrightAssertions.assertThat(page.locator("#status")).hasText("");
    PlaywrightAssertions.assertThat(page.locator("#histo"))
        .not()
        .hasAttribute("data-ticks", Pattern.compile(".*"));
    PlaywrightAssertions.assertThat(page.locator(".row")).hasCount(0);
  }

  @Test
  void aStatsQueryShowsATableAndABarChart() {
    // (the live tail tests add lines of their own services, tail*)
    String query = "-service:tail* | stats count() by (service)";
    open(query);

    Locator table = page.locator("#statsTable");
    PlaywrightAssertions.assertThat(table.locator("th").first()).hasText("service");
    PlaywrightAssertions.assertThat(page.locator("#chart")).hasAttribute("data-kind", "bars");
    Instant[] range = exportRange();
    JsonNode expected = shop.table(query, range[0], range[1]).path("rows");
    assertThat(expected.size()).as("services and daemons of the shop").isGreaterThan(10);
    PlaywrightAssertions.assertThat(table.locator("tbody tr")).hasCount(expected.size());
    long total = 0;
    for (JsonNode row : expected) {
      PlaywrightAssertions.assertThat(
              table.locator("tr:has(td:text-is('" + row.path(0).asText() + "')) td.num"))
          .hasText(row.path(1).asText());
      total += row.path(1).asLong();
    }
    assertThat(total).as("every simulated line is counted once").isEqualTo(shop.lines());
    PlaywrightAssertions.assertThat(page.locator(".row")).hasCount(0);
  }

  @Test
  void aStatsQueryByTimeBinIsATimeSeries() {
    open("* | stats count() by (bin(_time, 5m), level)");

    PlaywrightAssertions.assertThat(page.locator("#chart")).hasAttribute("data-kind", "lines");
    assertThat(page.locator("#statsTable tbody tr").count()).isGreaterThan(4);
  }

  @Test
  void liveTailShowsNewLinesAsTheyArrive() {
    open("service:tailtest");
    assertRows(0);
    page.locator("#tailToggle").check();
    PlaywrightAssertions.assertThat(page.locator("body")).hasAttribute("data-tail", "open");

    String now = Instant.now().toString();
    shop.ingest(
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
  void aPausedTailKeepsTheNewestLinesAndCountsTheDropped() {
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
    shop.ingest(lines.toString());

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
  void thePatternsTabListsThePatternsOfTheQueryWithCountsTrendsAndNewBadges() throws Exception {
    open("-service:tail*");
    Response response =
        page.waitForResponse(
            answer -> answer.url().contains("/api/v1/patterns?"),
            () -> page.locator("#tabPatterns").click());
    JsonNode patterns = JSON.readTree(response.text()).path("patterns");
    assertThat(page.url()).contains("tab=patterns");

    // the answer is the simulator's truth: every line in some pattern, the deploy's error new
    long total = 0;
    for (JsonNode pattern : patterns) {
      total += pattern.path("count").asLong();
    }
    assertThat(patterns.size()).isBetween(20, 199);
    assertThat(total).isEqualTo(shop.lines());
    JsonNode regression = patternWith(patterns, "NullPointerException");
    assertThat(regression.path("count").asLong())
        .isEqualTo(shop.templateLines(REGRESSION_TEMPLATE));
    assertThat(regression.path("new").asBoolean()).as("first seen after the warm-up").isTrue();
    JsonNode deploy = shop.incidents().getFirst();
    assertThat(deploy.path("kind").asText()).isEqualTo("deploy");
    assertThat(Instant.parse(regression.path("first_seen").asText()))
        .as("the new error came with the deploy")
        .isBetween(
            Instant.parse(deploy.path("from").asText()), Instant.parse(deploy.path("to").asText()));
    assertThat(patterns.path(0).path("new").asBoolean()).as("seen from the start").isFalse();

    // and the page shows that answer, row by row
    Locator rows = page.locator("#patternsTable tr.pattern");
    PlaywrightAssertions.assertThat(rows).hasCount(patterns.size());
    PlaywrightAssertions.assertThat(page.locator("#patternsStatus"))
        .containsText(
            String.format(Locale.US, "%,d patterns of %,d lines", patterns.size(), total));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> shown =
        (List<Map<String, Object>>)
            rows.evaluateAll(
                "rows => rows.map(row => ({id: row.dataset.id,"
                    + " count: row.querySelector('td.num').textContent,"
                    + " text: row.querySelector('.tpl').textContent,"
                    + " badge: row.querySelector('.badge-new') !== null,"
                    + " points: row.querySelector('svg.spark polyline')"
                    + ".getAttribute('points').split(' ').length}))");
    assertThat(shown).hasSize(patterns.size());
    for (int index = 0; index < patterns.size(); index++) {
      JsonNode pattern = patterns.path(index);
      Map<String, Object> row = shown.get(index);
      boolean isNew = pattern.path("new").asBoolean();
      assertThat(row.get("id")).isEqualTo(pattern.path("id").asText());
      assertThat(row.get("count"))
          .isEqualTo(String.format(Locale.US, "%,d", pattern.path("count").asLong()));
      assertThat(row.get("text"))
          .isEqualTo((isNew ? "new" : "") + pattern.path("template").asText());
      assertThat(row.get("badge")).as("new badge of %s", pattern).isEqualTo(isNew);
      // a sparkline: one point per step of the range
      assertThat(((Number) row.get("points")).intValue()).isEqualTo(pattern.path("series").size());
    }

    // the patterns follow the query: those of catalog's lines only
    Locator bar = page.locator("#q");
    bar.fill("service:catalog");
    bar.press("Enter");
    PlaywrightAssertions.assertThat(page.locator("#patternsStatus"))
        .containsText(String.format(Locale.US, "of %,d lines", shop.count("service:catalog")));
    PlaywrightAssertions.assertThat(
            page.locator(
                "#patternsTable tr.pattern",
                new Page.LocatorOptions().setHasText("NullPointerException")))
        .hasCount(1);
    assertThat(page.locator("#patternsTable tr.pattern").count()).isLessThan(patterns.size());
  }

  @Test
  void clickingAPatternShowsTheLogsOfThatPatternOnly() {
    page.navigate(shop.url() + "/#q=-service%3Atail*&from=1h&to=now&tab=patterns");
    Locator regression =
        page.locator(
            "#patternsTable tr.pattern",
            new Page.LocatorOptions().setHasText("NullPointerException"));
    PlaywrightAssertions.assertThat(regression).hasCount(1);
    String id = regression.getAttribute("data-id");
    long count = Long.parseLong(regression.locator("td.num").textContent().replace(",", ""));
    assertThat(count).isEqualTo(shop.templateLines(REGRESSION_TEMPLATE));

    regression.click();

    PlaywrightAssertions.assertThat(page.locator("#q")).hasValue("-service:tail* _pattern:" + id);
    PlaywrightAssertions.assertThat(page.locator("#tabLogs")).hasClass(Pattern.compile("active"));
    PlaywrightAssertions.assertThat(page.locator("#logsView")).isVisible();
    assertRows(count);
    assertThat(page.url()).contains("tab=logs");
    for (String message : page.locator(".row .msg").allTextContents()) {
      assertThat(message).startsWith(REGRESSION_FIRST_LINE);
    }
  }

  @Test
  void thePatternsTabSaysWhenTheServerHasNoPatterns(@TempDir Path plainDirectory) {
    try (LoupeServer plain =
        LoupeServer.start(
            new ServerConfig(
                "127.0.0.1",
                0,
                StorageConfig.defaults(plainDirectory).withMinFreeDiskBytes(0),
                IngestLimits.defaults(),
                1),
            InstantSource.system())) {
      page.navigate("http://127.0.0.1:" + plain.port() + "/#q=*&from=1h&to=now&tab=patterns");

      PlaywrightAssertions.assertThat(page.locator("#patternsTable"))
          .containsText("Patterns are not available on this server");
      PlaywrightAssertions.assertThat(page.locator("#patternsTable"))
          .containsText("--max-patterns");
      assertThat(page.url()).contains("tab=patterns");
    }
  }

  @Test
  void timesShowInUtcOrTheBrowsersZoneAsChosenAndTheChoiceIsKept() {
    ZoneId kolkata = ZoneId.of("Asia/Kolkata"); // +05:30 all year: no daylight saving to mind
    newPage(
        new Browser.NewContextOptions().setViewportSize(1400, 900).setTimezoneId(kolkata.getId()));
    String newest = shop.newest(REGRESSION).path("_time").asText();
    open(REGRESSION);
    Locator zone = page.locator("#tzBtn");
    Locator firstTime = page.locator(".row .time").first();
    PlaywrightAssertions.assertThat(zone).hasText("UTC");
    PlaywrightAssertions.assertThat(firstTime).hasText(shown(newest, ZoneOffset.UTC));
    String utcTicks = assertTicksShownIn(ZoneOffset.UTC);

    zone.click();

    PlaywrightAssertions.assertThat(zone).hasText("UTC+05:30");
    PlaywrightAssertions.assertThat(firstTime).hasText(shown(newest, kolkata));
    PlaywrightAssertions.assertThat(page.locator("#histo"))
        .not()
        .hasAttribute("data-ticks", utcTicks);
    assertTicksShownIn(kolkata);
    // the range picker shows the range's bounds in the zone, with its offset
    page.locator("#rangeBtn").click();
    Instant[] range = exportRange();
    String shownStart = page.locator("#absFrom").inputValue();
    assertThat(shownStart).endsWith("+05:30");
    assertThat(OffsetDateTime.parse(shownStart).toInstant())
        .isEqualTo(range[0].truncatedTo(ChronoUnit.SECONDS));
    screenshot("timesShowInUtcOrTheBrowsersZone-picker");

    // a time typed without an offset is a time of the zone shown
    Instant start = shop.from().plus(Duration.ofMinutes(30));
    Instant end = start.plus(Duration.ofMinutes(20));
    page.locator("#absFrom").fill(localText(start, kolkata));
    page.locator("#absTo").fill(localText(end, kolkata));
    page.locator("#absApply").click();
    page.waitForURL(Pattern.compile(".*from=\\d{4}-.*"));
    String hash = URI.create(page.url()).getRawFragment();
    assertThat(Instant.parse(parameter("?" + hash, "from"))).isEqualTo(start);
    assertThat(Instant.parse(parameter("?" + hash, "to"))).isEqualTo(end);
    assertRows(shop.count(REGRESSION, start, end));
    PlaywrightAssertions.assertThat(page.locator("#rangeBtn"))
        .hasText(
            DateTimeFormatter.ofPattern("MM-dd HH:mm:ss").withZone(kolkata).format(start)
                + " → "
                + DateTimeFormatter.ofPattern("MM-dd HH:mm:ss").withZone(kolkata).format(end));

    // the choice is remembered
    page.reload();
    PlaywrightAssertions.assertThat(zone).hasText("UTC+05:30");
    PlaywrightAssertions.assertThat(firstTime)
        .hasText(shown(shop.newest(REGRESSION).path("_time").asText(), kolkata));
    zone.click();
    PlaywrightAssertions.assertThat(zone).hasText("UTC");
  }

  @Test
  void thePageFitsALaptopAndAWideScreenInLightAndDark() {
    for (int[] size : new int[][] {{1280, 800}, {2560, 1440}}) {
      for (ColorScheme scheme : new ColorScheme[] {ColorScheme.LIGHT, ColorScheme.DARK}) {
        newPage(
            new Browser.NewContextOptions()
                .setViewportSize(size[0], size[1])
                .setColorScheme(scheme));
        String name =
            "looks-" + size[0] + "x" + size[1] + "-" + scheme.name().toLowerCase(Locale.ROOT);
        open("-service:tail*");
        assertRows(1000);
        page.locator(".row").nth(2).click();
        page.locator("#ctxBtn").click();
        PlaywrightAssertions.assertThat(page.locator(".ctxline.ctx-hit")).hasCount(1);
        assertFits(size[0], size[1]);
        screenshot(name + "-logs");

        if ((size[0] == 1280) == (scheme == ColorScheme.LIGHT)) {
          page.locator("#tabPatterns").click();
          PlaywrightAssertions.assertThat(page.locator("#patternsTable tr.pattern").first())
              .isVisible();
          assertFits(size[0], size[1]);
          screenshot(name + "-patterns");
        }
      }
    }
  }

  /**
   * The histogram's time axis reads in that zone: each label is its tick's instant there, at a
   * round minute. Returns the labels.
   */
  private String assertTicksShownIn(ZoneId zone) {
    Locator histogram = page.locator("#histo");
    PlaywrightAssertions.assertThat(histogram).hasAttribute("data-ticks", Pattern.compile(".+"));
    String labels = histogram.getAttribute("data-ticks");
    String[] texts = labels.split("\\|");
    String[] times = histogram.getAttribute("data-tick-times").split("\\|");
    assertThat(texts).hasSizeGreaterThan(2).hasSameSizeAs(times);
    for (int index = 0; index < texts.length; index++) {
      var tick = Instant.ofEpochMilli(Long.parseLong(times[index])).atZone(zone);
      assertThat(tick.getSecond()).isZero();
      assertThat(texts[index])
          .isEqualTo(
              DateTimeFormatter.ofPattern(texts[index].length() == 8 ? "HH:mm:ss" : "HH:mm")
                  .format(tick));
    }
    return labels;
  }

  /** Nothing wider than the window; every header control inside it; rows fill the height. */
  private void assertFits(int width, int height) {
    // the page itself never scrolls: the rows, tables and panel scroll inside it
    assertThat((Number) page.evaluate("document.documentElement.scrollWidth")).isEqualTo(width);
    assertThat((Number) page.evaluate("document.documentElement.scrollHeight")).isEqualTo(height);
    for (String control :
        List.of("#q", "#rangeBtn", "#tzBtn", "#run", "#themeBtn", "#exportNdjson")) {
      var box = page.locator(control).boundingBox();
      assertThat(box).as(control).isNotNull();
      assertThat(box.x).as(control).isGreaterThanOrEqualTo(0);
      assertThat(box.x + box.width).as(control).isLessThanOrEqualTo(width);
    }
    Locator view =
        page.locator("#logsView").isVisible()
            ? page.locator("#rows")
            : page.locator("#patternsView");
    var box = view.boundingBox();
    assertThat(box.y + box.height)
        .as("the view reaches the bottom")
        .isCloseTo(height, org.assertj.core.data.Offset.offset(2.0));
  }

  private static JsonNode patternWith(JsonNode patterns, String text) {
    for (JsonNode pattern : patterns) {
      if (pattern.path("template").asText().contains(text)) {
        return pattern;
      }
    }
    throw new AssertionError("no pattern with " + text + " in " + patterns);
  }

  private void open(String query) {
    page.navigate(shop.url() + "/#q=" + SimulatedShop.encode(query) + "&from=1h&to=now");
    PlaywrightAssertions.assertThat(page.locator("body")).hasAttribute("data-ready", "true");
  }

  /** The status line starts with exactly this many rows (as the page prints them, 1,234). */
  private void assertRows(long count) {
    PlaywrightAssertions.assertThat(page.locator("#status"))
        .hasText(Pattern.compile("^" + String.format(Locale.US, "%,d", count) + " rows( ·|$)"));
  }

  /** The time range the page resolved its range to, as its export link carries it. */
  private Instant[] exportRange() {
    String link = page.locator("#exportCsv").getAttribute("href");
    return new Instant[] {
      Instant.parse(parameter(link, "start")), Instant.parse(parameter(link, "end"))
    };
  }

  /** An RFC 3339 time as a row shows it in that zone. */
  private static String shown(String time, ZoneId zone) {
    return SHOWN.withZone(zone).format(Instant.parse(time));
  }

  /** An instant as typed by someone in that zone: date and time, no offset. */
  private static String localText(Instant instant, ZoneId zone) {
    return LocalDateTime.ofInstant(instant, zone)
        .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
  }

  private static String parameter(String link, String name) {
    for (String pair : URI.create(link).getRawQuery().split("&")) {
      if (pair.startsWith(name + "=")) {
        return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
      }
    }
    throw new AssertionError("no " + name + " in " + link);
  }
}
