package dev.loupe.server;

import dev.loupe.storage.Storage;
import dev.loupe.storage.StorageStats;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The server's own counters and gauges, printed in the Prometheus text format (version 0.0.4) by
 * {@code /metrics}. Kept to a handful of series until the metrics issue brings a registry.
 */
final class ServerMetrics {
  final LongAdder ingestRequests = new LongAdder();
  final LongAdder ingestAcceptedLines = new LongAdder();
  final LongAdder ingestRejectedLines = new LongAdder();
  final LongAdder ingestRefused = new LongAdder();
  final LongAdder queries = new LongAdder();
  final LongAdder queryErrors = new LongAdder();

  /**
   * Queries holding a snapshot right now (searches, stats, exports, counts): back to its former
   * value once each one has ended, whether it finished, failed or its client went away.
   */
  final AtomicLong queriesRunning = new AtomicLong();

  /** How long queries hold their snapshot: from the start of the scan to the last row sent. */
  final LatencyHistogram queryDurations = new LatencyHistogram();

  /** More series appended after the server's own (the derived metrics); set once at start. */
  volatile java.util.function.Consumer<StringBuilder> appendix = text -> {};

  // Syslog listeners (TCP, TLS and UDP together).
  final LongAdder syslogMessagesAccepted = new LongAdder();
  final LongAdder syslogMessagesMalformed = new LongAdder();
  final LongAdder syslogMessagesRejected = new LongAdder();
  final LongAdder syslogConnectionsRefused = new LongAdder();
  final AtomicLong syslogConnectionsOpen = new AtomicLong();

  private final Storage storage;

  /** Series of the sources that have their own (the Kafka source), appended after the server's. */
  private final List<Consumer<StringBuilder>> sections = new CopyOnWriteArrayList<>();

  ServerMetrics(Storage storage) {
    this.storage = storage;
  }

  /** Adds series written by {@code section} to every exposition from now on. */
  void addSection(Consumer<StringBuilder> section) {
    sections.add(section);
  }

  String prometheusText() {
    StorageStats stats = storage.stats();
    StringBuilder text = new StringBuilder(2048);
    counter(text, "loupe_ingest_requests_total", "ingest requests received", ingestRequests.sum());
    counter(text, "loupe_ingest_lines_accepted_total", "lines stored", ingestAcceptedLines.sum());
    counter(text, "loupe_ingest_lines_rejected_total", "lines rejected", ingestRejectedLines.sum());
    counter(
        text, "loupe_ingest_refused_total", "requests refused (disk full)", ingestRefused.sum());
    counter(text, "loupe_queries_total", "queries run", queries.sum());
    counter(text, "loupe_query_errors_total", "queries that failed", queryErrors.sum());
    gauge(text, "loupe_queries_running", "queries in progress", queriesRunning.get());
    queryDurations.write(
        text,
        "loupe_query_duration_seconds",
        "time of searches, stats queries, counts and exports, until the last row was sent");
    syslogSeries(text);
    gauge(text, "loupe_storage_partitions", "day partitions", stats.partitions());
    gauge(text, "loupe_storage_parts", "live parts", stats.parts());
    gauge(text, "loupe_storage_part_bytes", "bytes of parts on disk", stats.partBytes());
    gauge(text, "loupe_storage_part_rows", "rows in parts", stats.partRows());
    gauge(text, "loupe_storage_wal_bytes", "bytes of WAL segments", stats.walBytes());
    gauge(text, "loupe_storage_memtable_rows", "rows not yet in parts", stats.memtableRows());
    gauge(text, "loupe_storage_corrupt_parts", "parts not served", stats.corruptParts().size());
    counter(text, "loupe_storage_flushes_total", "parts written by flushes", stats.flushes());
    counter(text, "loupe_storage_merges_total", "merges done", stats.merges());
    gauge(text, "loupe_jvm_heap_used_bytes", "heap in use", heapUsed());
    gauge(text, "loupe_jvm_heap_peak_bytes", "peak heap since start", heapPeak());
    gauge(text, "loupe_process_resident_bytes", "resident set size", procStatus("VmRSS:"));
    gauge(
        text, "loupe_process_resident_peak_bytes", "peak resident set size", procStatus("VmHWM:"));
    long[] fsyncs = storage.walFsyncs();
    text.append("# HELP loupe_wal_fsync_seconds WAL group-commit fsync latency\n")
        .append("# TYPE loupe_wal_fsync_seconds summary\n")
        .append("loupe_wal_fsync_seconds_sum ")
        .append(fsyncs[1] / 1e9)
        .append("\nloupe_wal_fsync_seconds_count ")
        .append(fsyncs[0])
        .append('\n');
    appendix.accept(text);
    for (Consumer<StringBuilder> section : sections) {
      section.accept(text);
    }
    return text.toString();
  }

  private void syslogSeries(StringBuilder text) {
    counter(
        text,
        "loupe_syslog_messages_accepted_total",
        "syslog messages stored",
        syslogMessagesAccepted.sum());
    counter(
        text,
        "loupe_syslog_messages_malformed_total",
        "syslog messages stored as plain text with syslog.error (also counted as accepted)",
        syslogMessagesMalformed.sum());
    counter(
        text,
        "loupe_syslog_messages_rejected_total",
        "syslog messages not stored (unfinished frames, storage refusals)",
        syslogMessagesRejected.sum());
    counter(
        text,
        "loupe_syslog_connections_refused_total",
        "syslog TCP connections closed at once: too many connections",
        syslogConnectionsRefused.sum());
    gauge(
        text,
        "loupe_syslog_connections_open",
        "syslog TCP connections",
        syslogConnectionsOpen.get());
  }

  static long heapUsed() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** Sum of the heap pools' peaks: an upper bound of the true simultaneous peak. */
  static long heapPeak() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak;
  }

  /** A size line of /proc/self/status in bytes, or -1 where there is no /proc (not Linux). */
  static long procStatus(String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(key)) {
          String[] parts = line.substring(key.length()).trim().split("\\s+");
          return Long.parseLong(parts[0]) * 1024;
        }
      }
    } catch (IOException | NumberFormatException notLinux) {
      return -1;
    }
    return -1;
  }

  private static void counter(StringBuilder text, String name, String help, long value) {
    series(text, name, help, "counter", value);
  }

  private static void gauge(StringBuilder text, String name, String help, long value) {
    series(text, name, help, "gauge", value);
  }

  private static void series(
      StringBuilder text, String name, String help, String type, long value) {
    text.append("# HELP ").append(name).append(' ').append(help).append('\n');
    text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    text.append(name).append(' ').append(value).append('\n');
  }
}
