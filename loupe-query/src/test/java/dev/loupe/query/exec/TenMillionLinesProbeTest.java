package dev.loupe.query.exec;

import dev.loupe.core.Field;
import dev.loupe.core.LogRecord;
import dev.loupe.core.Stream;
import dev.loupe.core.TimeRange;
import dev.loupe.query.lang.QueryParser;
import dev.loupe.storage.Snapshot;
import dev.loupe.storage.Storage;
import dev.loupe.storage.StorageConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TenMillionLinesProbeTest {
  @TempDir Path directory;

  @Test
  void probe() {
    int lines = Integer.getInteger("probe.lines", 10_000_000);
    StorageConfig config =
        StorageConfig.defaults(directory)
            .withFlushInterval(Duration.ofHours(1))
            .withMinFreeDiskBytes(0);
    Random random = new Random(1);
    long start = System.nanoTime();
    try (Storage storage =
        Storage.open(config, InstantSource.fixed(Instant.parse("2024-05-02T00:00:00Z")))) {
      List<Stream> streams = new ArrayList<>();
      for (int s = 0; s < 20; s++)
        streams.add(Stream.of("default", Map.of("service", "svc" + s, "host", "h" + (s % 4))));
      long base = 1714521600L * 1_000_000_000L;
      int batch = 200_000;
      for (int from = 0; from < lines; from += batch) {
        List<LogRecord> records = new ArrayList<>(batch);
        for (int i = from; i < Math.min(lines, from + batch); i++) {
          Stream stream = streams.get(i % streams.size());
          String message =
              i == lines / 3
                  ? "payment declined needle7f3a for order " + i
                  : "GET /api/v1/users/"
                      + random.nextInt(100000)
                      + " 200 "
                      + random.nextInt(900)
                      + "ms user=u"
                      + random.nextInt(5000)
                      + " trace="
                      + Long.toHexString(random.nextLong());
          records.add(
              new LogRecord(
                  stream,
                  base + (long) i * 8_000_000L,
                  message,
                  List.of(new Field("level", i % 50 == 0 ? "error" : "info"))));
        }
        storage.append(records);
        storage.flush();
      }
      System.out.printf(
          "PROBE ingest %d lines in %d ms%n", lines, (System.nanoTime() - start) / 1_000_000);
      long m0 = System.nanoTime();
      System.out.printf(
          "PROBE merges %d in %d ms, stats %s%n",
          storage.mergeAll(), (System.nanoTime() - m0) / 1_000_000, storage.stats());
      for (int round = 0; round < 12; round++) {
        try (Snapshot snapshot = storage.snapshot()) {
          long t0 = System.nanoTime();
          List<dev.loupe.storage.BlockRef> blocks = snapshot.blocks(TimeRange.ALL);
          long t1 = System.nanoTime();
          dev.loupe.query.filter.Filter needle = QueryParser.parse("needle7f3a").filter();
          List<dev.loupe.storage.BlockRef> kept = new ArrayList<>();
          for (var block : blocks)
            if (needle.verdict(block) != dev.loupe.query.filter.BlockVerdict.NO_ROWS)
              kept.add(block);
          long t2 = System.nanoTime();
          for (var block : kept) block.read(java.util.Set.of("_msg"));
          long t3 = System.nanoTime();
          List<dev.loupe.storage.Block> decoded = new ArrayList<>();
          for (var block : kept) decoded.add(block.read(java.util.Set.of("_msg")));
          long t3b = System.nanoTime();
          int hits = 0;
          for (var b : decoded) {
            for (int r = 0; r < b.rowCount(); r++) if (needle.matches(b, r)) hits++;
          }
          long t4 = System.nanoTime();
          int hits2 = 0;
          for (var b : decoded) {
            String[] msgs = ((dev.loupe.storage.part.PartBlock) b).values("_msg");
            for (String m : msgs) if (m.contains("needle7f3a")) hits2++;
          }
          long t4b = System.nanoTime();
          System.out.printf(
              "PROBE split: read again %.1f ms, match only %.1f ms (%d hits), contains() %.1f ms (%d)%n",
              (t3b - t3) / 1e6, (t4 - t3b) / 1e6, hits, (t4b - t4) / 1e6, hits2);
          t4 = System.nanoTime();
          for (var block : kept) block.read(null);
          long t5 = System.nanoTime();
          System.out.printf(
              "PROBE phases: list %.1f ms, verdicts %.1f ms (%d kept), read _msg %.1f ms, read+match %.1f ms, read all %.1f ms%n",
              (t1 - t0) / 1e6,
              (t2 - t1) / 1e6,
              kept.size(),
              (t3 - t2) / 1e6,
              (t4 - t3) / 1e6,
              (t5 - t4) / 1e6);
        }
      }
      int cores = Runtime.getRuntime().availableProcessors();
      ExecutorService pool = Executors.newFixedThreadPool(cores);
      QueryExecutor executor = new QueryExecutor(pool, cores);
      for (String q :
          new String[] {
            "needle7f3a",
            "needle7f3a",
            "needle7f3a",
            "needle7f3a",
            "needle7f3a",
            "\"payment declined\"",
            "\"payment declined\"",
            "\"payment declined\"",
            "level:error",
            "level:error",
            "level:error",
            "*",
            "*",
            "*",
            "-level:info",
            "-level:info",
            "-level:info"
          }) {
        try (Snapshot snapshot = storage.snapshot()) {
          long t0 = System.nanoTime();
          QueryStats stats =
              executor.search(snapshot, QueryParser.parse(q), TimeRange.ALL, 1000, row -> true);
          System.out.printf("PROBE %-22s %6.1f ms %s%n", q, (System.nanoTime() - t0) / 1e6, stats);
        }
      }
      pool.shutdownNow();
    }
  }
}
