package dev.loupe.server;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Elasticsearch-compatible API: {@code _bulk} ({@link EsBulkHandler}) and the small endpoints
 * shippers call before they send anything, answered so that they start without errors.
 *
 * <p>Where it lives: everything under {@value #PREFIX} (the base URL to give a shipper, as with
 * VictoriaLogs, so that no Elasticsearch path can ever clash with Loupe's own); and, for clients
 * that cannot be given a path, the same at the root for {@code GET /} and {@code HEAD /} (unless
 * the client asks for HTML: that is a browser, and {@code /} belongs to Loupe), for every path
 * whose first segment starts with {@code _}, and for {@code /{index}/_bulk}. Index-level calls
 * ({@code HEAD /{index}}, {@code PUT /{index}}, which Logstash makes for its ILM rollover alias)
 * exist only under the prefix.
 *
 * <p>What each shipper checks, and what answers it:
 *
 * <ul>
 *   <li>{@code GET /}: Filebeat (version not older than itself), Logstash (7.14 or later and the
 *       {@code X-Elastic-Product} header, which every answer here carries), Vector (the major
 *       version is its API version), the official clients (the header). {@code HEAD /}: Logstash's
 *       health check.
 *   <li>{@code GET /_license}: Logstash and Filebeat want an active license; the answer is an
 *       active basic one. {@code GET /_xpack}: ILM available.
 *   <li>{@code GET /_cluster/health}: Vector's health check (200, green). {@code GET
 *       /_cluster/state/version}: how older Vectors read the API version.
 *   <li>Index templates, component templates, ILM policies, data streams, ingest pipelines,
 *       aliases: {@code HEAD} and {@code GET} say they exist (so Filebeat and Logstash do not
 *       install them), {@code PUT}, {@code POST} and {@code DELETE} are acknowledged and ignored:
 *       Loupe has no mappings or lifecycles to apply them to.
 *   <li>{@code GET /_nodes/...}: one node, for Logstash's sniffer and Filebeat's module checks.
 * </ul>
 *
 * <p>Anything else answers 404 in Elasticsearch's error shape, naming the endpoint. Thread-safe.
 */
final class EsApiHandler implements Handler, HttpService {
  /** The base URL of the Elasticsearch API, for shipper configurations. */
  static final String PREFIX = "/insert/elasticsearch";

  static final String CLUSTER_NAME = "loupe";
  static final String NODE_NAME = "loupe";

  /** Stable for the life of the format: Filebeat and Logstash record it, nothing checks it. */
  static final String CLUSTER_UUID = "bG91cGUtc2luZ2xlLW5vZGU";

  /**
   * The Elasticsearch endpoints answered at the root too: named one by one, not every {@code /_*},
   * so that a path of Loupe's own (a web UI's {@code /_app/} assets) is never taken for one.
   */
  private static final String ROOT_ENDPOINTS =
      "(_bulk|_license|_xpack|_cluster|_nodes|_cat|_index_template|_template|_component_template"
          + "|_ilm|_data_stream|_ingest|_alias|_aliases)(/.*)?";

  private final EsBulkHandler bulk;
  private final ElasticsearchConfig config;

  EsApiHandler(EsBulkHandler bulk, ElasticsearchConfig config) {
    this.bulk = requireNonNull(bulk, "bulk is null");
    this.config = requireNonNull(config, "config is null");
  }

  @Override
  public void routing(HttpRules rules) {
    rules
        .any(PREFIX, this)
        .any(PREFIX + "/*", this)
        .get("/", this::rootForShippers)
        .head("/", this::rootForShippers)
        .any("/{endpoint:" + ROOT_ENDPOINTS + "}", this)
        .post("/{index}/_bulk", this)
        .put("/{index}/_bulk", this);
  }

  /** {@code /} answers shippers; a browser, which asks for HTML, goes on to Loupe's own page. */
  private void rootForShippers(ServerRequest request, ServerResponse response) throws IOException {
    String accept = request.headers().first(HeaderNames.ACCEPT).orElse("");
    if (accept.toLowerCase(Locale.ROOT).contains("text/html")) {
      response.next();
      return;
    }
    handle(request, response);
  }

  @Override
  public void handle(ServerRequest request, ServerResponse response) throws IOException {
    // Split the raw path: a segment may hold an encoded '/' (Logstash's "<logstash-{now/d}-1>").
    String path = request.path().rawPath();
    boolean prefixed = path.startsWith(PREFIX);
    List<String> segments = segments(prefixed ? path.substring(PREFIX.length()) : path);
    Method method = request.prologue().method();
    if (!segments.isEmpty() && segments.getLast().equals("_bulk") && segments.size() <= 2) {
      bulkOrMethodNotAllowed(request, response, method, segments);
      return;
    }
    if (segments.isEmpty()) {
      root(response, method);
      return;
    }
    String first = segments.getFirst();
    if (!first.startsWith("_")) {
      indexLevel(response, method, segments, prefixed);
      return;
    }
    switch (first) {
      case "_license" -> readOnly(response, method, license());
      case "_xpack" -> readOnly(response, method, xpack());
      case "_cluster" -> cluster(response, method, segments);
      case "_nodes" -> readOnly(response, method, nodes(request));
      case "_cat" -> cat(response, method, segments);
      case "_index_template",
          "_template",
          "_component_template",
          "_ilm",
          "_data_stream",
          "_ingest",
          "_alias",
          "_aliases" ->
          management(response, method, segments);
      default -> notFound(response, method, path);
    }
  }

  private void bulkOrMethodNotAllowed(
      ServerRequest request, ServerResponse response, Method method, List<String> segments)
      throws IOException {
    if (method != Method.POST && method != Method.PUT) {
      EsResponses.sendError(
          response,
          405,
          "illegal_argument_exception",
          "_bulk takes POST or PUT with newline-delimited action and document lines, not "
              + method.text());
      return;
    }
    bulk.handle(request, response, segments.size() == 2 ? segments.getFirst() : null);
  }

  private void root(ServerResponse response, Method method) {
    readOnly(response, method, info());
  }

  /** GET answers the body, HEAD the status alone; other methods are not allowed. */
  private static void readOnly(ServerResponse response, Method method, String body) {
    if (method == Method.HEAD) {
      EsResponses.sendEmpty(response, Status.OK_200);
    } else if (method == Method.GET) {
      EsResponses.sendJson(response, Status.OK_200, body);
    } else {
      EsResponses.sendError(
          response,
          405,
          "illegal_argument_exception",
          "this endpoint answers GET and HEAD, not " + method.text());
    }
  }

  private void cluster(ServerResponse response, Method method, List<String> segments) {
    String what = segments.size() > 1 ? segments.get(1) : "";
    switch (what) {
      case "health" -> readOnly(response, method, health());
      case "state" -> readOnly(response, method, clusterState());
      default -> readOnly(response, method, EsResponses.json(this::clusterNameOnly));
    }
  }

  /**
   * Templates, policies, data streams, pipelines, aliases: they exist whatever their name, and
   * whatever is sent is acknowledged. See the class comment for why.
   */
  private static void management(ServerResponse response, Method method, List<String> segments) {
    if (method == Method.HEAD) {
      EsResponses.sendEmpty(response, Status.OK_200);
      return;
    }
    if (method != Method.GET) {
      EsResponses.sendJson(response, Status.OK_200, EsResponses.acknowledged());
      return;
    }
    String kind = segments.getFirst();
    String name = segments.getLast();
    EsResponses.sendJson(response, Status.OK_200, ManagementAnswers.get(kind, segments, name));
  }

  private void indexLevel(
      ServerResponse response, Method method, List<String> segments, boolean prefixed) {
    if (!prefixed) {
      notFound(response, method, "/" + String.join("/", segments));
      return;
    }
    String index = segments.getFirst();
    if (method == Method.HEAD) {
      EsResponses.sendEmpty(response, Status.OK_200);
    } else if (method == Method.PUT && segments.size() == 1) {
      String body =
          EsResponses.json(
              json -> {
                json.writeStartObject();
                json.writeBooleanField("acknowledged", true);
                json.writeBooleanField("shards_acknowledged", true);
                json.writeStringField("index", index);
                json.writeEndObject();
              });
      EsResponses.sendJson(response, Status.OK_200, body);
    } else if (method == Method.GET && segments.size() == 1) {
      EsResponses.sendJson(response, Status.OK_200, ManagementAnswers.index(index));
    } else {
      notFound(response, method, PREFIX + "/" + String.join("/", segments));
    }
  }

  private static void cat(ServerResponse response, Method method, List<String> segments) {
    // Older Beats ask /_cat/templates/{name} and look for the name in the text.
    String name = segments.size() > 2 ? segments.get(2) : "";
    String line = name.isEmpty() ? "" : name + " [" + name + "*] 0\n";
    response.status(Status.OK_200);
    response.header(EsResponses.PRODUCT, EsResponses.PRODUCT_NAME);
    response.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=UTF-8");
    if (method == Method.HEAD) {
      response.send();
    } else {
      response.send(line);
    }
  }

  private static void notFound(ServerResponse response, Method method, String path) {
    EsResponses.sendError(
        response,
        404,
        "illegal_argument_exception",
        "loupe does not implement "
            + method.text()
            + " "
            + path
            + " of the elasticsearch api; it takes logs through "
            + PREFIX
            + "/_bulk");
  }

  // ---- bodies ----

  String info() {
    return EsResponses.json(
        json -> {
          json.writeStartObject();
          json.writeStringField("name", NODE_NAME);
          json.writeStringField("cluster_name", CLUSTER_NAME);
          json.writeStringField("cluster_uuid", CLUSTER_UUID);
          json.writeObjectFieldStart("version");
          json.writeStringField("number", config.version());
          json.writeStringField("build_flavor", "default");
          json.writeStringField("build_type", "tar");
          json.writeStringField("build_hash", "loupe");
          json.writeStringField("build_date", "2025-07-24T00:00:00.000Z");
          json.writeBooleanField("build_snapshot", false);
          json.writeStringField("lucene_version", "9.12.2");
          json.writeStringField("minimum_wire_compatibility_version", "7.17.0");
          json.writeStringField("minimum_index_compatibility_version", "7.0.0");
          json.writeEndObject();
          // Logstash checks this text for versions 6.x to 7.13.
          json.writeStringField("tagline", "You Know, for Search");
          json.writeEndObject();
        });
  }

  private static String license() {
    return EsResponses.json(
        json -> {
          json.writeStartObject();
          json.writeObjectFieldStart("license");
          writeLicenseFields(json);
          json.writeStringField("issue_date", "2025-01-01T00:00:00.000Z");
          json.writeNumberField("issue_date_in_millis", 1_735_689_600_000L);
          json.writeNumberField("max_nodes", 1000);
          json.writeNullField("max_resource_units");
          json.writeStringField("issued_to", CLUSTER_NAME);
          json.writeStringField("issuer", "elasticsearch");
          json.writeNumberField("start_date_in_millis", -1);
          json.writeEndObject();
          json.writeEndObject();
        });
  }

  private static void writeLicenseFields(JsonGenerator json) throws IOException {
    json.writeStringField("status", "active");
    json.writeStringField("uid", "00000000-0000-4000-8000-6c6f75706500");
    json.writeStringField("type", "basic");
  }

  private static String xpack() {
    return EsResponses.json(
        json -> {
          json.writeStartObject();
          json.writeObjectFieldStart("build");
          json.writeStringField("hash", "loupe");
          json.writeStringField("date", "2025-07-24T00:00:00.000Z");
          json.writeEndObject();
          json.writeObjectFieldStart("license");
          writeLicenseFields(json);
          json.writeStringField("mode", "basic");
          json.writeEndObject();
          json.writeObjectFieldStart("features");
          json.writeObjectFieldStart("ilm");
          json.writeBooleanField("available", true);
          json.writeBooleanField("enabled", true);
          json.writeEndObject();
          json.writeEndObject();
          json.writeStringField("tagline", "You know, for X");
          json.writeEndObject();
        });
  }

  private static String health() {
    return EsResponses.json(
        json -> {
          json.writeStartObject();
          json.writeStringField("cluster_name", CLUSTER_NAME);
          json.writeStringField("status", "green");
          json.writeBooleanField("timed_out", false);
          json.writeNumberField("number_of_nodes", 1);
          json.writeNumberField("number_of_data_nodes", 1);
          for (String zero :
              List.of(
                  "active_primary_shards",
                  "active_shards",
                  "relocating_shards",
                  "initializing_shards",
                  "unassigned_shards",
                  "unassigned_primary_shards",
                  "delayed_unassigned_shards",
                  "number_of_pending_tasks",
                  "number_of_in_flight_fetch",
                  "task_max_waiting_in_queue_millis")) {
            json.writeNumberField(zero, 0);
          }
          json.writeNumberField("active_shards_percent_as_number", 100.0);
          json.writeEndObject();
        });
  }

  /**
   * Vector before 0.34 read {@code version} here as the API version; Elasticsearch puts its
   * cluster-state version there, and Vector expected 6, 7 or 8, so the major version it is.
   */
  private String clusterState() {
    return EsResponses.json(
        json -> {
          json.writeStartObject();
          json.writeStringField("cluster_name", CLUSTER_NAME);
          json.writeStringField("cluster_uuid", CLUSTER_UUID);
          json.writeNumberField("version", config.major());
          json.writeStringField("state_uuid", CLUSTER_UUID);
          json.writeEndObject();
        });
  }

  private void clusterNameOnly(JsonGenerator json) throws IOException {
    json.writeStartObject();
    json.writeStringField("cluster_name", CLUSTER_NAME);
    json.writeEndObject();
  }

  private String nodes(ServerRequest request) {
    String host = request.authority();
    return EsResponses.json(
        json -> {
          json.writeStartObject();
          json.writeObjectFieldStart("_nodes");
          json.writeNumberField("total", 1);
          json.writeNumberField("successful", 1);
          json.writeNumberField("failed", 0);
          json.writeEndObject();
          json.writeStringField("cluster_name", CLUSTER_NAME);
          json.writeObjectFieldStart("nodes");
          json.writeObjectFieldStart(NODE_NAME);
          json.writeStringField("name", NODE_NAME);
          json.writeStringField("version", config.version());
          json.writeArrayFieldStart("roles");
          json.writeString("data");
          json.writeString("ingest");
          json.writeString("master");
          json.writeEndArray();
          json.writeObjectFieldStart("http");
          json.writeStringField("publish_address", host);
          json.writeEndObject();
          json.writeObjectFieldStart("ingest");
          json.writeArrayFieldStart("processors");
          json.writeEndArray();
          json.writeEndObject();
          json.writeEndObject();
          json.writeEndObject();
          json.writeEndObject();
        });
  }

  /** Percent-decoded; a '+' stays itself (it is a space in forms only); bad escapes stay raw. */
  private static String decode(String segment) {
    try {
      return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformedEscape) {
      return segment;
    }
  }

  private static List<String> segments(String path) {
    List<String> segments = new ArrayList<>();
    for (String segment : path.split("/")) {
      if (!segment.isEmpty()) {
        segments.add(decode(segment));
      }
    }
    return segments;
  }
}
