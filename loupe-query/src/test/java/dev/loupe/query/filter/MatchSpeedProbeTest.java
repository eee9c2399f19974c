package dev.loupe.query.filter;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MatchSpeedProbeTest {
  @Test
  void probe() {
    Random random = new Random(1);
    String[] values = new String[135_000];
    for (int i = 0; i < values.length; i++) {
      values[i] =
          "GET /api/v1/users/"
              + random.nextInt(100000)
              + " 200 "
              + random.nextInt(900)
              + "ms user=u"
              + random.nextInt(5000)
              + " trace="
              + Long.toHexString(random.nextLong());
    }
    for (String needle : new String[] {"needle7f3a", "error", "timeout", "/api/v2"}) {
      TextPattern pattern = new TextPattern(needle);
      double best = 1e9;
      double bestContains = 1e9;
      for (int round = 0; round < 30; round++) {
        long c0 = System.nanoTime();
        int containsHits = 0;
        for (String value : values) if (value.contains(needle)) containsHits++;
        bestContains = Math.min(bestContains, (System.nanoTime() - c0) / 1e6);
        long t0 = System.nanoTime();
        int hits = 0;
        for (String value : values) if (pattern.matches(value)) hits++;
        best = Math.min(best, (System.nanoTime() - t0) / 1e6);
      }
      System.out.printf(
          "MATCHPROBE %-12s best %.1f ms, contains best %.1f ms%n", needle, best, bestContains);
    }
  }
}
