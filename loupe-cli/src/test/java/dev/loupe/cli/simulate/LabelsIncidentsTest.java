package dev.loupe.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelsIncidentsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path directory;

  @Test
  void aLabelSaysWhatWhereAndWhen() throws Exception {
    Path file = directory.resolve("incidents.jsonl");
    try (LabelsIncidents labels = new LabelsIncidents(file)) {
      labels.write(
          IncidentParser.parse(
              "latency-spike:service=search,at=90s,for=5m,factor=8", Simulated.START_NANOS));
      labels.write(
          IncidentParser.parse(
              "host-silent:host=app-04,at=2026-11-21T11:00:00.5Z,for=1m", Simulated.START_NANOS));
    }
    List<String> lines = Files.readAllLines(file);

    assertThat(lines).hasSize(2);
    JsonNode spike = JSON.readTree(lines.get(0));
    assertThat(spike.get("kind").asText()).isEqualTo("latency-spike");
    assertThat(spike.get("service").asText()).isEqualTo("search");
    assertThat(spike.get("host").isNull()).isTrue();
    assertThat(spike.get("from").asText()).isEqualTo("2026-11-21T10:01:30Z");
    assertThat(spike.get("to").asText()).isEqualTo("2026-11-21T10:06:30Z");
    assertThat(spike.get("factor").asDouble()).isEqualTo(8.0);
    JsonNode silent = JSON.readTree(lines.get(1));
    assertThat(silent.get("host").asText()).isEqualTo("app-04");
    assertThat(silent.get("from").asText()).isEqualTo("2026-11-21T11:00:00.500Z");
    assertThat(silent.has("rate")).isFalse();
  }

  @Test
  void labelledTemplatesAreCatalogueTemplatesOfTheRightServices() {
    Set<String> catalogue =
        TemplateCatalog.all().stream().map(Template::id).collect(Collectors.toSet());
    for (IncidentKind kind : IncidentKind.values()) {
      for (World.Service service : World.SERVICES) {
        for (String host :
            kind.target().equals("host") ? World.HOSTS : List.of(service.hosts().getFirst())) {
          if (kind.target().equals("service")
              && service == World.GATEWAY
              && kind != IncidentKind.MEMORY_LEAK) {
            continue;
          }
          Incident incident =
              new Incident(
                  kind,
                  kind.target().equals("host") ? null : service,
                  host,
                  0,
                  1,
                  kind.defaultValue());
          List<String> templates = LabelsIncidents.templates(incident);
          assertThat(catalogue).as(kind + " " + service.name() + " " + host).containsAll(templates);
          assertThat(templates).isNotEmpty().doesNotHaveDuplicates();
        }
      }
    }
    Incident burst = new Incident(IncidentKind.ERROR_BURST, World.SEARCH, null, 0, 1, 0.5);
    assertThat(LabelsIncidents.templates(burst))
        .contains("search.db-timeout", "access.search.503")
        .doesNotContain("service.retry", "access.product.503");
    Incident outage = new Incident(IncidentKind.HOST_SILENT, null, "app-04", 0, 1, 0);
    assertThat(LabelsIncidents.templates(outage))
        .contains("gateway.upstream-unavailable", "access.checkout.503");
    Incident dbOutage = new Incident(IncidentKind.HOST_SILENT, null, "db-01", 0, 1, 0);
    assertThat(LabelsIncidents.templates(dbOutage))
        .containsExactly("kernel.boot", "kernel.command-line", "systemd.startup-finished");
  }
}
