package dev.loupe.analytics.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.analytics.AnalyticsLimits;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DrainMinerTest {
  private static final String TENANT = "default";

  /** Lines separated by "|" mined in order; the final template of each line's pattern. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiterString = " => ",
      quoteCharacter = '`',
      textBlock =
          """
          Invalid user alice from 10.0.0.1|Invalid user bob from 10.0.0.2 => Invalid user <*> from <*>
          disk sda 91% full|disk sdb 92% full|disk sdc 93% full => disk <*> <*>% full
          Accepted password for bob from 1.2.3.4 port 22 ssh2|Accepted password for eve from 1.2.3.5 port 23 ssh2 => Accepted password for <*> from <*> port <*> ssh2
          startAnimation begin|startAnimation begin => startAnimation begin
          rhost=alpha.example user=x|rhost=beta.example user=x => rhost=<*> user=x
          session opened for user news by (uid=0)|session opened for user cyrus by (uid=0) => session opened for user <*> by (uid=<*>)
          chrome.exe open through proxy p:80 HTTPS|firefox.exe open through proxy p:80 HTTPS => <*> open through proxy p:<*> HTTPS
          `"GET / HTTP/1.1" 200 512 "-" "curl/8.5.0"|"GET /a/b HTTP/1.1" 404 0 "https://x.example/" "Mozilla/5.0 (X11; Linux x86_64)"` => `"GET <*> HTTP/1.1" <*> <*> "<*>" "<*>"`
          [    0.004120] nf_conntrack: table full|[12345.000001] nf_conntrack: table full => [<*>] nf_conntrack: table full
          ssh.service: Deactivated successfully.|cron.service: Deactivated successfully. => <*>: Deactivated successfully.
          product SKU-00105 loaded|product SKU-00042 loaded => product <*> loaded
          """)
  void minesTheTemplateOfEachKindOfLine(String lines, String template) {
    DrainMiner miner = new DrainMiner(PatternConfig.defaults());
    MinedPattern last = null;
    for (String line : lines.split("\\|")) {
      last = miner.add(TENANT, line, 1);
    }
    assertThat(miner.size()).isEqualTo(1);
    assertThat(last.templateText()).isEqualTo(template);
  }

  @ParameterizedTest(name = "{0} | {1}")
  @CsvSource(
      delimiterString = " ~ ",
      textBlock =
          """
          Accepted password for bob from 1.2.3.4 port 22 ssh2 ~ Failed password for bob from 1.2.3.4 port 22 ssh2
          connection opened ~ connection closed now
          startAnimation begin ~ startAnimation end
          user alice logged in ~ disk sda is full
          "GET /a HTTP/1.1" 200 12 "-" "curl/8.5.0" ~ "POST /a HTTP/1.1" 200 12 "-" "curl/8.5.0"
          """)
  void keepsDifferentTemplatesApart(String first, String second) {
    DrainMiner miner = new DrainMiner(PatternConfig.defaults());
    MinedPattern one = miner.add(TENANT, first, 1);
    MinedPattern two = miner.add(TENANT, second, 2);
    assertThat(one.id).isNotEqualTo(two.id);
    assertThat(miner.size()).isEqualTo(2);
  }

  @Test
  void refinementKeepsTheIdAndTheFirstTemplate() {
    DrainMiner miner = new DrainMiner(PatternConfig.defaults());
    MinedPattern first = miner.add(TENANT, "job alpha finished in 12 ms", 1);
    String id = first.id;
    MinedPattern second = miner.add(TENANT, "job beta finished in 15 ms", 2);

    assertThat(second).isSameAs(first);
    assertThat(second.id)
        .isEqualTo(id)
        .isEqualTo(PatternIds.of(TENANT, "job alpha finished in <*>", 0));
    assertThat(second.templateText()).isEqualTo("job <*> finished in <*>");
    assertThat(second.count()).isEqualTo(2);
    assertThat(miner.get(id)).isSameAs(first);
  }

  @Test
  void idsAreDerivedFromTheFirstTemplateSoAFreshMinerGivesTheSameIds() {
    DrainMiner one = new DrainMiner(PatternConfig.defaults());
    DrainMiner other = new DrainMiner(PatternConfig.defaults());
    assertThat(one.add(TENANT, "cache miss for key 42", 1).id)
        .isEqualTo(other.add(TENANT, "cache miss for key 7", 1).id)
        .matches("p[0-9a-f]{12}");
  }

  @Test
  void tenantsNeverShareAPattern() {
    DrainMiner miner = new DrainMiner(PatternConfig.defaults());
    MinedPattern a = miner.add("a", "cache miss for key 42", 1);
    MinedPattern b = miner.add("b", "cache miss for key 43", 1);
    assertThat(a.id).isNotEqualTo(b.id);
    assertThat(a.tenant).isEqualTo("a");
    assertThat(b.tenant).isEqualTo("b");
    assertThat(a.count()).isEqualTo(1);
  }

  @Test
  void keepsStatisticsAndAFewDistinctSamples() {
    DrainMiner miner = new DrainMiner(PatternConfig.defaults());
    for (int index = 0; index < 10; index++) {
      miner.add(TENANT, "worker " + (index % 4) + " done", 100 - index);
    }
    MinedPattern pattern = miner.patterns().getFirst();
    assertThat(pattern.count()).isEqualTo(10);
    assertThat(pattern.firstSeenNanos()).isEqualTo(91);
    assertThat(pattern.lastSeenNanos()).isEqualTo(100);
    assertThat(pattern.samples())
        .containsExactly("worker 0 done", "worker 1 done", "worker 2 done");
  }

  @Test
  void capEvictsTheLeastRecentlyUsedPattern() {
    DrainMiner miner = new DrainMiner(PatternConfig.defaults().withMaxPatterns(3));
    List<String> evicted = new ArrayList<>();
    miner = new DrainMiner(PatternConfig.defaults().withMaxPatterns(3), p -> evicted.add(p.id));
    MinedPattern old = miner.add(TENANT, "alpha started", 1);
    MinedPattern kept = miner.add(TENANT, "beta stopped cleanly", 2);
    MinedPattern also = miner.add(TENANT, "gamma is ready now ok", 3);
    miner.add(TENANT, "beta stopped cleanly", 4);
    miner.add(TENANT, "gamma is ready now ok", 5);

    MinedPattern fresh = miner.add(TENANT, "delta failed with two errors here", 6);

    assertThat(miner.size()).isEqualTo(3);
    assertThat(evicted).containsExactly(old.id);
    assertThat(miner.get(old.id)).isNull();
    assertThat(miner.get(kept.id)).isSameAs(kept);
    assertThat(miner.get(also.id)).isSameAs(also);
    assertThat(miner.get(fresh.id)).isSameAs(fresh);
    assertThat(miner.evictions()).isEqualTo(1);
    // The evicted kind of line comes back with the same id: ids are derived, not counted.
    assertThat(miner.add(TENANT, "alpha started", 7).id).isEqualTo(old.id);
  }

  @Test
  void memoryStaysBoundedUnderEndlessNewTemplates() {
    DrainMiner miner = new DrainMiner(PatternConfig.defaults().withMaxPatterns(50));
    for (int index = 0; index < 5_000; index++) {
      miner.add(
          TENANT, "event" + Integer.toString(index, 26).replaceAll("[0-9]", "x") + " ok", index);
    }
    assertThat(miner.size()).isEqualTo(50);
    assertThat(miner.evictions()).isGreaterThan(0);
  }

  @Test
  void aLeafHoldsAtMostMaxChildrenPatternsAndFoldsTheRestIntoTheMostSimilar() {
    DrainMiner miner = new DrainMiner(PatternConfig.defaults());
    int maxChildren = PatternConfig.defaults().maxChildren();
    // Two-token lines that share nothing (similarity 0 of 2 tokens, below 0.5), each routed by a
    // non-word first token to the same wildcard leaf: without a bound, every line is a new pattern
    // and every line is compared with all the patterns before it.
    for (int index = 0; index < 3 * maxChildren; index++) {
      miner.add(TENANT, "{\"k\":" + index + ",\"v\":\"w" + index + "\"} tail" + word(index), index);
    }
    assertThat(miner.size()).isEqualTo(maxChildren);
    MinedPattern folded = miner.add(TENANT, "{\"k\":7} tail" + word(7), 1);
    assertThat(folded.templateText()).contains("<*>");
  }

  /** A word of letters only, different for every index. */
  private static String word(int index) {
    return Integer.toString(index, 26)
        .chars()
        .mapToObj(c -> String.valueOf((char) ('a' + Character.digit(c, 26))))
        .reduce("", String::concat);
  }

  @Test
  void concurrentIngestThreadsAgreeOnIds() throws Exception {
    DrainMiner miner = new DrainMiner(PatternConfig.defaults());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    Set<String> ids = ConcurrentHashMap.newKeySet();
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int thread = 0; thread < 4; thread++) {
        int seed = thread;
        futures.add(
            pool.submit(
                () -> {
                  for (int index = 0; index < 5_000; index++) {
                    int kind = (index + seed) % 3;
                    String line =
                        switch (kind) {
                          case 0 -> "request " + index + " took " + (index % 97) + " ms";
                          case 1 -> "user u" + (index % 9) + "x logged out";
                          default -> "queue depth is " + index;
                        };
                    ids.add(miner.add(TENANT, line, index).id);
                  }
                }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(ids).hasSize(3);
    long total = 0;
    Set<String> templates = new HashSet<>();
    for (MinedPattern pattern : miner.patterns()) {
      total += pattern.count();
      templates.add(pattern.templateText());
    }
    assertThat(total).isEqualTo(20_000);
    assertThat(templates)
        .containsExactlyInAnyOrder(
            "request <*> took <*>", "user <*> logged out", "queue depth is <*>");
  }

  @Test
  void wordPrefixesRouteByTheWordAndOthersByTheWildcard() {
    assertThat(DrainMiner.routeKey("Received")).isEqualTo("Received");
    assertThat(DrainMiner.routeKey("[preauth]")).isEqualTo("[preauth]");
    assertThat(DrainMiner.routeKey("error:")).isEqualTo("error:");
    assertThat(DrainMiner.routeKey("<*>")).isSameAs(TokenMasker.WILDCARD);
    assertThat(DrainMiner.routeKey("chrome.exe")).isSameAs(TokenMasker.WILDCARD);
    assertThat(DrainMiner.routeKey("ssh2")).isSameAs(TokenMasker.WILDCARD);
    assertThat(DrainMiner.routeKey("\"GET <*> HTTP/1.1\"")).isEqualTo("\"GET");
    assertThat(DrainMiner.routeKey("\"<*> words\"")).isSameAs(TokenMasker.WILDCARD);
  }

  @Test
  void generalisesOnlyTheValueOfAKeyBothTokensShare() {
    assertThat(DrainMiner.generalise(new String[] {"user=bob", "x"}, new String[] {"user=al", "x"}))
        .containsExactly("user=<*>", "x");
    assertThat(DrainMiner.generalise(new String[] {"bob"}, new String[] {"al"}))
        .containsExactly("<*>");
    assertThat(TemplateTokens.covers("user=<*>", "user=carol")).isTrue();
    assertThat(TemplateTokens.covers("user=<*>", "uid=7")).isFalse();
  }

  @Test
  void aKeyLongerThanTheKeyLimitIsNoKey() {
    String longKey = "k".repeat(AnalyticsLimits.MAX_KEY_CHARS);
    assertThat(
            DrainMiner.generalise(new String[] {longKey + "=1a"}, new String[] {longKey + "=2b"}))
        .containsExactly("<*>");
    String shortKey = "k".repeat(AnalyticsLimits.MAX_KEY_CHARS - 2);
    assertThat(
            DrainMiner.generalise(new String[] {shortKey + "=1a"}, new String[] {shortKey + "=2b"}))
        .containsExactly(shortKey + "=<*>");
  }
}
