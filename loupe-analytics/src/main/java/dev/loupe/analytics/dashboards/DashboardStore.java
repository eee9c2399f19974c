package dev.loupe.analytics.dashboards;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.analytics.metrics.BuiltInRules;
import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Dashboards as one JSON file each in {@code <data>/dashboards/}, written to a temporary file and
 * renamed. The default {@code overview} dashboard (built from the built-in rules) is served until a
 * dashboard of that id is saved; deleting the saved one brings the default back. Synchronized.
 */
public final class DashboardStore {
  public static final String DIRECTORY = "dashboards";
  public static final String OVERVIEW = "overview";
  public static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  private final Path directory;

  public DashboardStore(Path dataDirectory) {
    this.directory = dataDirectory.resolve(DIRECTORY);
  }

  /** The default dashboard: the built-in metrics and the newest errors. */
  public static Dashboard overview() {
    return new Dashboard(
        OVERVIEW,
        "Overview",
        "1h",
        "30s",
        List.of(
            new Dashboard.Panel(
                "Lines by level", "bars", null, BuiltInRules.LINES_BY_LEVEL, List.of("level")),
            new Dashboard.Panel(
                "Errors by service",
                "timeseries",
                null,
                BuiltInRules.ERRORS_BY_SERVICE,
                List.of("service")),
            new Dashboard.Panel(
                "HTTP requests by status",
                "timeseries",
                null,
                BuiltInRules.HTTP_REQUESTS,
                List.of("status")),
            new Dashboard.Panel(
                "HTTP requests by method",
                "table",
                null,
                BuiltInRules.HTTP_REQUESTS,
                List.of("method")),
            new Dashboard.Panel(
                "Errors in range", "value", null, BuiltInRules.ERRORS_BY_SERVICE, List.of()),
            new Dashboard.Panel(
                "Newest errors", "logs", "level:error OR level:fatal", null, null)));
  }

  public synchronized List<Dashboard> list() {
    List<Dashboard> all = new ArrayList<>();
    boolean overviewSaved = false;
    if (Files.isDirectory(directory)) {
      try (Stream<Path> files = Files.list(directory)) {
        for (Path file :
            files.filter(path -> path.toString().endsWith(".json")).sorted().toList()) {
          Dashboard dashboard = read(file);
          overviewSaved |= dashboard.id().equals(OVERVIEW);
          all.add(dashboard);
        }
      } catch (IOException failure) {
        throw new LoupeException(
            ErrorCode.INTERNAL, "cannot list " + directory + ": " + failure.getMessage());
      }
    }
    if (!overviewSaved) {
      all.add(0, overview());
    }
    return all;
  }

  public synchronized Optional<Dashboard> get(String id) {
    Path file = directory.resolve(id + ".json");
    if (isSafe(id) && Files.exists(file)) {
      return Optional.of(read(file));
    }
    return id.equals(OVERVIEW) ? Optional.of(overview()) : Optional.empty();
  }

  public synchronized void put(Dashboard dashboard) {
    try {
      Files.createDirectories(directory);
      Path temporary = directory.resolve(".tmp-" + dashboard.id() + ".json");
      JSON.writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(), dashboard);
      Files.move(
          temporary,
          directory.resolve(dashboard.id() + ".json"),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException failure) {
      throw new LoupeException(
          ErrorCode.INTERNAL,
          "cannot save dashboard " + dashboard.id() + ": " + failure.getMessage());
    }
  }

  public synchronized boolean delete(String id) {
    if (!isSafe(id)) {
      return false;
    }
    try {
      return Files.deleteIfExists(directory.resolve(id + ".json"));
    } catch (IOException failure) {
      throw new LoupeException(
          ErrorCode.INTERNAL, "cannot delete dashboard " + id + ": " + failure.getMessage());
    }
  }

  /** Parses a dashboard document (import), checking it. */
  public static Dashboard parse(String json, String where) {
    return parse(json, where, null);
  }

  /**
   * Parses a dashboard document, checking it; a document without an {@code id} takes {@code
   * defaultId} when it is not null (the id of the URL it is saved under).
   */
  public static Dashboard parse(String json, String where, String defaultId) {
    try {
      JsonNode document = JSON.readTree(json);
      if (document == null || !document.isObject()) {
        throw new LoupeException(
            ErrorCode.BAD_REQUEST,
            where + ": a dashboard is a JSON object: {\"id\":…,\"title\":…,\"panels\":[…]}");
      }
      if (defaultId != null && !document.has("id")) {
        ((ObjectNode) document).put("id", defaultId);
      }
      return JSON.treeToValue(document, Dashboard.class);
    } catch (UnrecognizedPropertyException unknown) {
      boolean inPanel = unknown.getReferringClass() == Dashboard.Panel.class;
      throw new LoupeException(
          ErrorCode.BAD_REQUEST,
          where
              + ": unknown key '"
              + unknown.getPropertyName()
              + (inPanel
                  ? "' in a panel; a panel has " + Dashboard.Panel.KEYS
                  : "'; a dashboard has " + Dashboard.KEYS));
    } catch (com.fasterxml.jackson.core.JsonProcessingException failure) {
      if (failure.getCause() instanceof LoupeException loupe) {
        throw new LoupeException(loupe.code(), where + ": " + loupe.getMessage());
      }
      throw new LoupeException(
          ErrorCode.BAD_REQUEST,
          where + ": not a dashboard document: " + failure.getOriginalMessage());
    }
  }

  private static boolean isSafe(String id) {
    return id.matches("[a-z0-9][a-z0-9_-]{0,63}");
  }

  private static Dashboard read(Path file) {
    try {
      return parse(Files.readString(file), file.toString());
    } catch (IOException failure) {
      throw new LoupeException(
          ErrorCode.INTERNAL, "cannot read " + file + ": " + failure.getMessage());
    }
  }
}
