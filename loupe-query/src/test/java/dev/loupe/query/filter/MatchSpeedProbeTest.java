package dev.loupe.query.filter;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MatchSpeedProbeTest {
  @Test
  void probe() {
    Random random = new Random(1);
    String[] values = new String[135_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = "GET /api/v1/users/" + random.nextInt(100000) + " 200 " + random.nextInt(900) + "ms user=u" + random.nextInt(5000) + " trace=" + Long.toHexString(random.nextLong());
    }
    TextPattern pattern = new TextPattern("needle7f3a");
    for (int round = 0; round < 15; round++) {
      long t0 = System.nanoTime();
      int hits = 0;
      for (String value : values) if (pattern.matches(value)) hits++;
      System.out.printf("MATCHPROBE round %d: %.1f ms (%d hits)%n", round, (System.nanoTime() - t0) / 1e6, hits);
    }
  }
}
