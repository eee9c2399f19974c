package dev.loupe.query.pipe;

import dev.loupe.core.Field;
import dev.loupe.core.TimeRange;
import dev.loupe.query.exec.QueryExecutor;
import dev.loupe.query.exec.ResultRow;
import dev.loupe.query.lang.QueryParser;
import dev.loupe.query.testing.InMemoryBlock;
import dev.loupe.query.testing.InMemorySnapshot;
import dev.loupe.query.testing.Records;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs a query with pipes over a few in-memory blocks and renders rows as "name=value ..." text.
 */
final class PipeTesting {
  private PipeTesting() {}

  /**
   * Two streams, four rows each at times 1 to 4; {@code service} (as the stream), {@code status}
   * and {@code latency} fields.
   */
  static List<InMemoryBlock> blocks() {
    var api = Records.stream("api");
    var web = Records.stream("web");
    return List.of(
        InMemoryBlock.of(
            Records.record(api, 1, "a1", "service", "api", "status", "200", "latency", "10"),
            Records.record(api, 2, "a2", "service", "api", "status", "500", "latency", "30"),
            Records.record(api, 3, "a3", "service", "api", "status", "503", "latency", "abc"),
            Records.record(api, 4, "a4", "service", "api", "status", "200", "latency", "20")),
        InMemoryBlock.of(
            Records.record(web, 1, "w1", "service", "web", "status", "500", "latency", "5"),
            Records.record(web, 2, "w2", "service", "web", "status", "404"),
            Records.record(web, 3, "w3", "service", "web", "status", "200", "latency", "7"),
            Records.record(web, 4, "w4", "service", "web", "status", "200", "latency", "1e3")));
  }

  static List<String> run(String query, int limit) {
    return run(blocks(), query, limit);
  }

  /** {@code query} over {@code blocks}. */
  static List<String> run(List<InMemoryBlock> blocks, String query, int limit) {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<ResultRow> rows = new ArrayList<>();
      new QueryExecutor(pool, 2)
          .run(
              new InMemorySnapshot(blocks),
              QueryParser.parse(query),
              TimeRange.ALL,
              limit,
              rows::add);
      return rows.stream().map(PipeTesting::text).toList();
    } finally {
      pool.shutdownNow();
    }
  }

  private static String text(ResultRow row) {
    List<String> cells = new ArrayList<>();
    for (Field field : row.fields()) {
      cells.add(field.name() + "=" + field.value());
    }
    return String.join(" ", cells);
  }
}
