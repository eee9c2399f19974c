package dev.loupe.cli.simulate;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --labels FILE}: the ground truth of the incidents, one JSON object a line, written when
 * the simulation reaches each incident's start:
 *
 * <pre>
 * {"kind":"error-burst","service":"payments","host":null,"from":"2026-11-21T00:10:00Z",
 *  "to":"2026-11-21T00:15:00Z","rate":0.5,"templates":["payments.db-timeout",...]}
 * </pre>
 *
 * <p>{@code from} and {@code to} bound the incident ({@code to} excluded); lines it causes at its
 * edges (a restart after a crash, boot lines after an outage) come at {@code to} and within a
 * minute after. {@code templates} lists every template whose lines the incident adds or changes.
 * Not thread-safe.
 */
final class LabelsIncidents implements AutoCloseable {
  /** The services each route calls, for the access templates an incident can bring. */
  private static final Map<Route, List<World.Service>> ROUTE_SERVICES =
      Map.of(
          Route.HOME, List.of(World.CATALOG),
          Route.PRODUCT, List.of(World.CATALOG, World.INVENTORY),
          Route.LISTING, List.of(World.CATALOG),
          Route.SEARCH, List.of(World.SEARCH),
          Route.LOGIN, List.of(World.AUTH),
          Route.CART, List.of(World.AUTH, World.CART),
          Route.CART_ADD, List.of(World.AUTH, World.CART, World.INVENTORY),
          Route.CHECKOUT, List.of(World.AUTH, World.CHECKOUT, World.INVENTORY, World.PAYMENTS),
          Route.ORDER, List.of(World.AUTH, World.CHECKOUT));

  /** Services called by other services (with retries) rather than by the gateway alone. */
  private static final Set<World.Service> CALLED_BY_SERVICES =
      Set.of(World.INVENTORY, World.PAYMENTS);

  private final Writer writer;

  LabelsIncidents(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
  }

  void write(Incident incident) throws IOException {
    StringBuilder json = new StringBuilder(512);
    json.append("{\"kind\":\"").append(incident.kind().label()).append("\",\"service\":");
    appendNullable(json, incident.service() == null ? null : incident.service().name());
    json.append(",\"host\":");
    appendNullable(json, incident.host());
    json.append(",\"from\":\"").append(instant(incident.fromNanos()));
    json.append("\",\"to\":\"").append(instant(incident.toNanos())).append('"');
    if (incident.kind().parameter() != null) {
      json.append(",\"").append(incident.kind().parameter()).append("\":").append(incident.value());
    }
    json.append(",\"templates\":[");
    List<String> templates = templates(incident);
    for (int index = 0; index < templates.size(); index++) {
      if (index > 0) {
        json.append(',');
      }
      JsonText.appendString(json, templates.get(index));
    }
    json.append("]}\n");
    writer.append(json);
    writer.flush();
  }

  /** The ids of the templates whose lines {@code incident} adds or changes. */
  static List<String> templates(Incident incident) {
    Set<String> ids = new LinkedHashSet<>();
    World.Service service = incident.service();
    switch (incident.kind()) {
      case ERROR_BURST -> {
        ids.add(TemplateCatalog.burstError(service).id());
        ids.add(TemplateCatalog.POSTGRES_TOO_MANY_CLIENTS.id());
        serviceFailure(ids, service, 503);
      }
      case LATENCY_SPIKE -> {
        ids.add(TemplateCatalog.SERVICE_SLOW_CALL.id());
        if (service != World.NOTIFICATIONS) {
          ids.add(TemplateCatalog.GATEWAY_UPSTREAM_TIMEOUT.id());
          ids.add(TemplateCatalog.GATEWAY_REQUEST.id());
          accessTemplates(ids, service, 504);
        }
      }
      case DEPLOY -> {
        ids.add(TemplateCatalog.SERVICE_DEPLOYING.id());
        ids.add(TemplateCatalog.SERVICE_SHUTDOWN.id());
        ids.add(TemplateCatalog.SERVICE_STARTED.id());
        ids.add(TemplateCatalog.regression(service).id());
        ids.add(TemplateCatalog.SERVICE_ROLLBACK.id());
        serviceFailure(ids, service, 500);
      }
      case HOST_SILENT -> {
        ids.add(TemplateCatalog.KERNEL_BOOT.id());
        ids.add(TemplateCatalog.KERNEL_COMMAND_LINE.id());
        ids.add(TemplateCatalog.SYSTEMD_STARTUP_FINISHED.id());
        if (World.SERVICES.stream().anyMatch(runs -> runs.hosts().contains(incident.host()))) {
          ids.add(TemplateCatalog.SERVICE_STARTED.id());
        }
        for (World.Service alone : World.SERVICES) {
          if (alone.hosts().equals(List.of(incident.host()))) {
            ids.add(TemplateCatalog.GATEWAY_UPSTREAM_UNAVAILABLE.id());
            accessTemplates(ids, alone, 503);
          }
        }
      }
      case MEMORY_LEAK -> {
        ids.add(TemplateCatalog.JVM_GC_PAUSE.id());
        ids.add(TemplateCatalog.JVM_HEAP_WARNING.id());
        ids.add(TemplateCatalog.JVM_OUT_OF_MEMORY.id());
        ids.add(TemplateCatalog.SERVICE_STARTED.id());
      }
    }
    return List.copyOf(ids);
  }

  /** What a failing service does to the requests that call it; nothing for the mail worker. */
  private static void serviceFailure(Set<String> ids, World.Service service, int status) {
    if (service == World.NOTIFICATIONS) {
      return;
    }
    ids.add(TemplateCatalog.GATEWAY_UPSTREAM_ERROR.id());
    ids.add(TemplateCatalog.GATEWAY_REQUEST.id());
    if (CALLED_BY_SERVICES.contains(service)) {
      ids.add(TemplateCatalog.SERVICE_RETRY.id());
    }
    accessTemplates(ids, service, status);
  }

  private static void accessTemplates(Set<String> ids, World.Service service, int status) {
    List<String> found = new ArrayList<>();
    for (Route route : Route.values()) {
      List<World.Service> services = ROUTE_SERVICES.getOrDefault(route, List.of());
      if (services.contains(service)) {
        found.add(TemplateCatalog.access(route, status).id());
      }
    }
    ids.addAll(found);
  }

  private static void appendNullable(StringBuilder json, String value) {
    if (value == null) {
      json.append("null");
    } else {
      JsonText.appendString(json, value);
    }
  }

  private static String instant(long nanos) {
    return Instant.ofEpochSecond(
            Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L))
        .toString();
  }

  @Override
  public void close() throws IOException {
    writer.close();
  }
}
