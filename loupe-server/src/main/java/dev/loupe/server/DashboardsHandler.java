package dev.loupe.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.analytics.dashboards.Dashboard;
import dev.loupe.analytics.dashboards.DashboardStore;
import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /api/v1/dashboards} (all), {@code GET/PUT/DELETE /api/v1/dashboards/{id}}: the JSON a
 * GET returns is what a PUT takes (export and import).
 */
final class DashboardsHandler {
  private static final int MAX_BODY_BYTES = 1 << 20;
  private final DashboardStore store;

  DashboardsHandler(DashboardStore store) {
    this.store = store;
  }

  void list(ServerRequest request, ServerResponse response) {
    ObjectNode document = DashboardStore.JSON.createObjectNode();
    document.set("dashboards", DashboardStore.JSON.valueToTree(store.list()));
    MetricsApiHandler.sendJson(response, document);
  }

  void get(ServerRequest request, ServerResponse response) {
    String id = request.path().pathParameters().get("id");
    store
        .get(id)
        .ifPresentOrElse(
            dashboard -> MetricsApiHandler.sendJson(response, dashboard),
            () ->
                HttpErrors.send(
                    response, new LoupeException(ErrorCode.NOT_FOUND, "no dashboard " + id), null));
  }

  void put(ServerRequest request, ServerResponse response) {
    String id = request.path().pathParameters().get("id");
    try (var input = request.content().inputStream()) {
      byte[] bytes = input.readNBytes(MAX_BODY_BYTES + 1);
      if (bytes.length > MAX_BODY_BYTES) {
        throw new LoupeException(ErrorCode.PAYLOAD_TOO_LARGE, "dashboard is larger than 1 MiB");
      }
      Dashboard dashboard =
          DashboardStore.parse(new String(bytes, StandardCharsets.UTF_8), "dashboard " + id, id);
      if (!dashboard.id().equals(id)) {
        throw new LoupeException(
            ErrorCode.BAD_REQUEST,
            "the body's id "
                + dashboard.id()
                + " is not "
                + id
                + " of the URL; PUT it to /api/v1/dashboards/"
                + dashboard.id()
                + ", or change its id to import a copy");
      }
      store.put(dashboard);
      MetricsApiHandler.sendJson(response, dashboard);
    } catch (LoupeException failure) {
      HttpErrors.send(response, failure, null);
    } catch (IOException failure) {
      HttpErrors.send(
          response,
          new LoupeException(ErrorCode.BAD_REQUEST, "cannot read body: " + failure.getMessage()),
          null);
    }
  }

  void delete(ServerRequest request, ServerResponse response) {
    String id = request.path().pathParameters().get("id");
    if (!store.delete(id)) {
      HttpErrors.send(
          response, new LoupeException(ErrorCode.NOT_FOUND, "no saved dashboard " + id), null);
      return;
    }
    response.status(Status.NO_CONTENT_204).send();
  }
}
