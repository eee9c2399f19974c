package dev.loupe.storage.part;

import dev.loupe.core.Field;
import dev.loupe.core.LogRecord;
import dev.loupe.core.Stream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Print-only probe of merge speed: {@code -Dloupe.probe=true}. Merges 4 parts of 250 000 rows in 20
 * streams (full blocks) three ways: the row-by-row k-way merge the engine used before block copying
 * (whole-part record iterators into a {@link PartWriter}), {@link PartMerger#mergeRows} and {@link
 * PartMerger#merge}. Once with parts in successive time windows (consecutive flushes: every full
 * block can be copied), once with parts covering the same time (nothing can be). Prints thread CPU
 * time, best of 3; no assertions on time.
 */
@EnabledIfSystemProperty(named = "loupe.probe", matches = "true")
class MergeThroughputProbe {
  /** Thread CPU time, not wall time: the machine is shared and loaded. */
  private static final ThreadMXBean THREAD = ManagementFactory.getThreadMXBean();

  private static final int PARTS = 4;
  private static final int STREAMS = 20;
  private static final int ROWS_PER_PART = 250_000;
  private static final long SECOND = 1_000_000_000L;
  private static final String[] METHODS = {"GET", "GET", "GET", "POST", "PUT", "DELETE"};
  private static final String[] PATHS = {"/api/v1/items/", "/api/v1/users/", "/static/app.js?v="};
  private static final int[] STATUSES = {200, 200, 200, 200, 304, 404, 500, 201};

  @Test
  void mergeTimes(@TempDir Path directory) {
    for (boolean disjoint : new boolean[] {true, false}) {
      String layout = disjoint ? "successive time windows" : "the same time window";
      List<Part> inputs =
          writeInputs(directory.resolve(disjoint ? "disjoint" : "overlapping"), disjoint);
      try {
        double old = best(directory, "old", inputs, this::oldRowMerge);
        double rows = best(directory, "rows", inputs, PartMerger::mergeRows);
        double copying = best(directory, "copy", inputs, PartMerger::merge);
        MergeResult result =
            PartMerger.merge(
                inputs, directory.resolve("stats-" + disjoint), PartWriterOptions.defaults());
        System.out.printf(
            "PROBE merge of %d x %d rows, %d streams, %s: old row merge %.3f s, mergeRows %.3f s,"
                + " merge with block copy %.3f s (%.1fx); copied %d blocks (%d rows), rewrote %d"
                + " blocks (%d rows)%n",
            PARTS,
            ROWS_PER_PART,
            STREAMS,
            layout,
            old,
            rows,
            copying,
            old / copying,
            result.copiedBlocks(),
            result.copiedRows(),
            result.rewrittenBlocks(),
            result.rewrittenRows());
      } finally {
        inputs.forEach(Part::close);
      }
    }
  }

  private interface Merge {
    Object run(List<Part> inputs, Path output, PartWriterOptions options);
  }

  private static int round;

  private static double best(Path directory, String name, List<Part> inputs, Merge merge) {
    double best = Double.MAX_VALUE;
    for (int attempt = 0; attempt < 3; attempt++) {
      Path output = directory.resolve(name + "-" + round++);
      long start = THREAD.getCurrentThreadCpuTime();
      merge.run(inputs, output, PartWriterOptions.defaults());
      double seconds = (THREAD.getCurrentThreadCpuTime() - start) / 1e9;
      System.out.printf("merge %s attempt %d: %.3f s CPU%n", name, attempt, seconds);
      best = Math.min(best, seconds);
    }
    return best;
  }

  /** The engine's merge before block copying, verbatim apart from its setting. */
  private PartInfo oldRowMerge(List<Part> inputs, Path output, PartWriterOptions options) {
    record Head(LogRecord record, Iterator<LogRecord> source) {}
    try (PartWriter writer = PartWriter.create(output, options)) {
      PriorityQueue<Head> heads =
          new PriorityQueue<>(
              (left, right) ->
                  RecordOrder.BY_STREAM_THEN_TIME.compare(left.record(), right.record()));
      long walPosition = 0;
      for (Part input : inputs) {
        Iterator<LogRecord> source = input.records();
        walPosition = Math.max(walPosition, input.info().walPosition());
        if (source.hasNext()) {
          heads.add(new Head(source.next(), source));
        }
      }
      while (!heads.isEmpty()) {
        Head head = heads.poll();
        writer.add(head.record());
        if (head.source().hasNext()) {
          heads.add(new Head(head.source().next(), head.source()));
        }
      }
      return writer.finish(walPosition);
    }
  }

  private static List<Part> writeInputs(Path directory, boolean disjoint) {
    try {
      java.nio.file.Files.createDirectories(directory);
    } catch (java.io.IOException failure) {
      throw new java.io.UncheckedIOException(failure);
    }
    List<Part> parts = new ArrayList<>();
    Random random = new Random(42);
    for (int part = 0; part < PARTS; part++) {
      List<LogRecord> records = new ArrayList<>(ROWS_PER_PART);
      long windowStart = 1_763_800_000L * SECOND + (disjoint ? part * 3600 * SECOND : 0);
      for (int streamNumber = 0; streamNumber < STREAMS; streamNumber++) {
        Stream stream =
            Stream.of("default", Map.of("service", "web", "host", "web-" + streamNumber));
        records.addAll(accessLog(stream, windowStart, ROWS_PER_PART / STREAMS, random));
      }
      records.sort(RecordOrder.BY_STREAM_THEN_TIME);
      Path partDirectory = directory.resolve("in-" + part);
      try (PartWriter writer = PartWriter.create(partDirectory, PartWriterOptions.defaults())) {
        records.forEach(writer::add);
        writer.finish(part + 1);
      }
      parts.add(Part.open(partDirectory));
    }
    return parts;
  }

  private static List<LogRecord> accessLog(Stream stream, long start, int count, Random random) {
    List<LogRecord> records = new ArrayList<>(count);
    long time = start;
    for (int i = 0; i < count; i++) {
      time += random.nextInt(200_000_000);
      String method = METHODS[random.nextInt(METHODS.length)];
      String path = PATHS[random.nextInt(PATHS.length)] + random.nextInt(100_000);
      int status = STATUSES[random.nextInt(STATUSES.length)];
      int bytes = random.nextInt(60_000);
      String ip = "10.0." + random.nextInt(8) + "." + random.nextInt(256);
      String message =
          ip + " - - \"" + method + " " + path + " HTTP/1.1\" " + status + " " + bytes + " \"-\"";
      List<Field> fields =
          List.of(
              new Field("method", method),
              new Field("path", path),
              new Field("status", Integer.toString(status)),
              new Field("bytes", Integer.toString(bytes)),
              new Field("client_ip", ip),
              new Field("level", status >= 500 ? "error" : "info"));
      records.add(new LogRecord(stream, time, message, fields));
    }
    return records;
  }
}
