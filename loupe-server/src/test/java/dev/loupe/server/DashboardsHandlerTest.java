package dev.loupe.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardsHandlerTest {
  @TempDir Path data;

  @Test
  void exportImportAndDelete() {
    try (TestServer server = TestServer.start(data)) {
      String overview = server.get("/api/v1/dashboards/overview").body();
      assertThat(overview).contains("\"id\":\"overview\"").contains("loupe_errors_by_service");

      String copy = overview.replace("\"id\":\"overview\"", "\"id\":\"copy\"");
      assertThat(
              server
                  .send("PUT", "/api/v1/dashboards/copy", copy.getBytes(StandardCharsets.UTF_8))
                  .statusCode())
          .isEqualTo(200);
      assertThat(server.get("/api/v1/dashboards").body())
          .contains("\"id\":\"copy\"")
          .contains("\"id\":\"overview\"");
      assertThat(server.get("/api/v1/dashboards/copy").body())
          .isEqualTo(overview.replace("\"id\":\"overview\"", "\"id\":\"copy\""));

      var wrongId =
          server.send("PUT", "/api/v1/dashboards/other", copy.getBytes(StandardCharsets.UTF_8));
      assertThat(wrongId.statusCode()).isEqualTo(400);
      assertThat(server.send("DELETE", "/api/v1/dashboards/copy", null).statusCode())
          .isEqualTo(204);
      assertThat(server.get("/api/v1/dashboards/copy").statusCode()).isEqualTo(404);
    }
  }
}
