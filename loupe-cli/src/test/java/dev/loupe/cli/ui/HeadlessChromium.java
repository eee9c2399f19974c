package dev.loupe.cli.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

/**
 * Debian's Chromium driven by Playwright, as every browser test starts it: the machine's binary
 * ({@code LOUPE_CHROMIUM} or {@code /usr/bin/chromium}; Playwright downloads none), headless, with
 * the flags that keep it off the network and quiet in a container.
 */
final class HeadlessChromium {
  private static final List<String> ARGUMENTS =
      List.of(
          "--no-sandbox",
          "--disable-gpu",
          "--disable-background-networking",
          "--disable-component-update",
          "--no-first-run");

  private HeadlessChromium() {}

  /** A Playwright that never downloads a browser. */
  static Playwright playwright() {
    return Playwright.create(
        new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
  }

  static Browser launch(Playwright playwright) {
    return playwright
        .chromium()
        .launch(
            new BrowserType.LaunchOptions()
                .setExecutablePath(executable())
                .setHeadless(true)
                .setArgs(ARGUMENTS));
  }

  private static Path executable() {
    String configured = System.getenv("LOUPE_CHROMIUM");
    Path path = Paths.get(configured != null ? configured : "/usr/bin/chromium");
    assertThat(path).as("Chromium (apt-get install chromium; .ci/run does)").exists();
    return path;
  }
}
