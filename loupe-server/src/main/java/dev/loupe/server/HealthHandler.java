package dev.loupe.server;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.loupe.storage.Storage;
import dev.loupe.storage.StorageStats;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.StringWriter;

/**
 * {@code /health} (JSON: status, storage figures, corrupt parts), {@code /ready} (200 once the
 * store is open, which is before the port opens) and {@code /metrics}.
 */
final class HealthHandler {
  private final Storage storage;
  private final ServerMetrics metrics;

  HealthHandler(Storage storage, ServerMetrics metrics) {
    this.storage = storage;
    this.metrics = metrics;
  }

  void health(ServerRequest request, ServerResponse response) throws IOException {
    StorageStats stats = storage.stats();
    StringWriter text = new StringWriter();
    try (JsonGenerator json = HttpErrors.Json.FACTORY.createGenerator(text)) {
      json.writeStartObject();
      json.writeStringField("status", stats.corruptParts().isEmpty() ? "ok" : "degraded");
      json.writeNumberField("partitions", stats.partitions());
      json.writeNumberField("parts", stats.parts());
      json.writeNumberField("part_bytes", stats.partBytes());
      json.writeNumberField("part_rows", stats.partRows());
      json.writeNumberField("wal_bytes", stats.walBytes());
      json.writeNumberField("memtable_rows", stats.memtableRows());
      json.writeNumberField("merges", stats.merges());
      json.writeNumberField("heap_used_bytes", ServerMetrics.heapUsed());
      json.writeNumberField("heap_peak_bytes", ServerMetrics.heapPeak());
      json.writeNumberField("rss_bytes", ServerMetrics.procStatus("VmRSS:"));
      json.writeNumberField("rss_peak_bytes", ServerMetrics.procStatus("VmHWM:"));
      json.writeArrayFieldStart("corrupt_parts");
      for (String part : stats.corruptParts()) {
        json.writeString(part);
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    response.header(HeaderNames.CONTENT_TYPE, "application/json");
    response.send(text.append('\n').toString());
  }

  void ready(ServerRequest request, ServerResponse response) {
    response.status(Status.OK_200).send("ready\n");
  }

  void metrics(ServerRequest request, ServerResponse response) {
    response.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
    response.send(metrics.prometheusText());
  }
}
