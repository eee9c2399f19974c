package dev.loupe.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
  @Test
  void bucketsAreCumulativeWithSumAndCount() {
    LatencyHistogram histogram = new LatencyHistogram();
    histogram.observe(3_000_000L); // 3 ms
    histogram.observe(5_000_000L); // exactly on the 5 ms bound: counted in it (le)
    histogram.observe(200_000_000L); // 0.2 s
    histogram.observe(120_000_000_000L); // 2 min: only +Inf
    StringBuilder text = new StringBuilder();
    histogram.write(text, "loupe_query_duration_seconds", "query time");

    assertThat(text.toString())
        .contains("# TYPE loupe_query_duration_seconds histogram\n")
        .contains("loupe_query_duration_seconds_bucket{le=\"0.005\"} 2\n")
        .contains("loupe_query_duration_seconds_bucket{le=\"0.1\"} 2\n")
        .contains("loupe_query_duration_seconds_bucket{le=\"0.25\"} 3\n")
        .contains("loupe_query_duration_seconds_bucket{le=\"60.0\"} 3\n")
        .contains("loupe_query_duration_seconds_bucket{le=\"+Inf\"} 4\n")
        .contains("loupe_query_duration_seconds_sum 120.208\n")
        .contains("loupe_query_duration_seconds_count 4\n");
  }
}
