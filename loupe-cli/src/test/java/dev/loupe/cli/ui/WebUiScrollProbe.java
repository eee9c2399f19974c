package dev.loupe.cli.ui;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Print-only probe of the virtualised rows: {@code -Dloupe.probe=true}. Simulates about 100,000
 * lines of the shop ({@link SimulatedShop}), scrolls the page until all are loaded (1,000 then
 * pages of 5,000), then jumps through the list 300 times and prints how long each scroll took to
 * render (the next two animation frames) and how many row elements the page holds.
 *
 * <pre>
 * ./mvnw -o -pl loupe-cli -am verify -Dtest=WebUiScrollProbe -Dloupe.probe=true \
 *   -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
@EnabledIfSystemProperty(named = "loupe.probe", matches = "true")
class WebUiScrollProbe {
  private static final int LINES = 100_000;

  @TempDir Path directory;

  @Test
  void scrollThroughAHundredThousandRows() throws Exception {
    try (SimulatedShop shop = SimulatedShop.start(directory, 7, LINES, Duration.ofMinutes(50));
        Playwright playwright = HeadlessChromium.playwright()) {
      String all = String.format(Locale.US, "%,d rows", shop.lines());
      Browser browser = HeadlessChromium.launch(playwright);
      Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1400, 900));
      page.setDefaultTimeout(120_000);
      long started = System.nanoTime();
      page.navigate(shop.url() + "/#q=*&from=1h&to=now");
      page.locator("#status")
          .filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("1,000 rows"))
          .waitFor();
      long firstPage = System.nanoTime() - started;
      while (!page.locator("#status").textContent().startsWith(all)) {
        page.locator("#rows").evaluate("element => element.scrollTop = element.scrollHeight");
        page.waitForTimeout(50);
      }
      long allLoaded = System.nanoTime() - started;
      @SuppressWarnings("unchecked")
      List<Number> frames =
          (List<Number>)
              page.evaluate(
                  """
                  async () => {
                    const rows = document.getElementById("rows");
                    const frame = () => new Promise(r => requestAnimationFrame(() => r()));
                    const measure = async (position) => {
                      const times = [];
                      for (let i = 0; i < 300; i++) {
                        const t = performance.now();
                        rows.scrollTop = position(i);
                        await frame(); await frame();
                        times.push(performance.now() - t);
                      }
                      return times.sort((a, b) => a - b);
                    };
                    const jumps = await measure(i => ((i * 7919) % 300) / 300 * rows.scrollHeight);
                    rows.scrollTop = 0;
                    const steps = await measure(i => i * 600);
                    return jumps.concat(steps);
                  }
                  """);
      int elements = page.locator(".row").count();
      System.out.printf(
          "rows %,d: first page %d ms, all loaded %d ms; random jump to rendered (two frames)"
              + " p50 %.1f ms, p99 %.1f ms, max %.1f ms; 600 px steps p50 %.1f ms, p99 %.1f ms,"
              + " max %.1f ms; row elements in the page %d%n",
          shop.lines(),
          firstPage / 1_000_000,
          allLoaded / 1_000_000,
          frames.get(150).doubleValue(),
          frames.get(296).doubleValue(),
          frames.get(299).doubleValue(),
          frames.get(450).doubleValue(),
          frames.get(596).doubleValue(),
          frames.get(599).doubleValue(),
          elements);
      browser.close();
    }
  }
}
