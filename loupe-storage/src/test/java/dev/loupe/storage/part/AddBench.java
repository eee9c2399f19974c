package dev.loupe.storage.part;

import dev.loupe.core.*;
import java.lang.management.ManagementFactory;
import java.util.*;

public class AddBench {
  static long cpu() { return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime(); }
  public static void main(String[] args) {
    Random random = new Random(1);
    int rows = 1_000_000;
    Stream stream = Stream.of("default", Map.of("service", "a"));
    List<LogRecord> records = new ArrayList<>();
    String[] levels = {"info", "warn", "error"};
    for (int i = 0; i < rows; i++) {
      String msg = "GET /api/v1/users/" + random.nextInt(100000) + " HTTP/1.1 200 " + (200 + random.nextInt(20000)) + " \"Mozilla/5.0 (X11; Linux x86_64)\" " + random.nextInt(100) + "ms";
      records.add(new LogRecord(stream, i, msg, List.of(new Field("level", levels[i % 3]), new Field("method", "GET"), new Field("status", "200"),
          new Field("path", "/api/v1/users/" + random.nextInt(100)), new Field("duration_ms", Integer.toString(random.nextInt(500))), new Field("user_id", "user-" + random.nextInt(50000)), new Field("trace_id", Long.toHexString(random.nextLong())))));
    }
    for (int round = 0; round < 5; round++) {
      BlockBuffer buffer = new BlockBuffer();
      BlockEncoder encoder = new BlockEncoder(3);
      long addTime = 0, encodeTime = 0;
      long t;
      for (int i = 0; i < rows; i++) {
        t = cpu();
        int end = Math.min(rows, i + 4096);
        for (int j = i; j < end; j++) buffer.add(records.get(j));
        addTime += cpu() - t;
        t = cpu();
        encoder.encodeForBench(buffer);
        encodeTime += cpu() - t;
        buffer.clear();
        i = end - 1;
      }
      System.out.printf("add %.0f ns/row, encode %.0f ns/row%n", addTime / (double) rows, encodeTime / (double) rows);
    }
  }
}
