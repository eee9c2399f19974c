package dev.loupe.server;

import dev.loupe.storage.Storage;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code POST /api/v1/admin/flush[?merge=true]}: writes the memtable to parts now and, with {@code
 * merge=true}, merges until no partition has anything left to merge. Returns when done. Used by the
 * benchmark (disk size after merges) and before backups.
 */
final class AdminHandler {
  private final Storage storage;

  AdminHandler(Storage storage) {
    this.storage = storage;
  }

  void flush(ServerRequest request, ServerResponse response) {
    long started = System.nanoTime();
    storage.flush();
    int merges = 0;
    if (request.query().first("merge").map(Boolean::parseBoolean).orElse(false)) {
      merges = storage.mergeAll();
    }
    response.header(HeaderNames.CONTENT_TYPE, "application/json");
    response.send(
        "{\"flushed\":true,\"merges\":"
            + merges
            + ",\"duration_ms\":"
            + (System.nanoTime() - started) / 1_000_000
            + "}\n");
  }
}
