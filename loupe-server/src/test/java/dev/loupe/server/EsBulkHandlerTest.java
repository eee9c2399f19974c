package dev.loupe.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.InfoResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.bulk.OperationType;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.ingest.IngestLimits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code _bulk} against a real server: with the official Elasticsearch Java client (which checks
 * the product header and every field it requires), and with the exact requests Filebeat, Vector,
 * Fluent Bit and Logstash send, as their sources write them.
 */
class EsBulkHandlerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BASE = EsApiHandler.PREFIX;

  @TempDir Path directory;
  private TestServer server;
  private RestClientTransport transport;

  @AfterEach
  void stop() throws IOException {
    if (transport != null) {
      transport.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private ElasticsearchClient client(String pathPrefix) {
    RestClient restClient =
        RestClient.builder(new HttpHost("127.0.0.1", server.port(), "http"))
            .setPathPrefix(pathPrefix)
            // Its auth cache serializes schemes, which Helidon's JVM-wide serial filter rejects
            // (with a warning per request); there is no auth here to cache.
            .setHttpClientConfigCallback(builder -> builder.disableAuthCaching())
            .build();
    transport = new RestClientTransport(restClient, new JacksonJsonpMapper());
    return new ElasticsearchClient(transport);
  }

  @Test
  void theOfficialJavaClientConnectsAndIndexesDocuments() throws Exception {
    server = TestServer.start(directory);
    ElasticsearchClient client = client(BASE);

    InfoResponse info = client.info();
    assertThat(info.version().number()).isEqualTo("8.19.0");
    assertThat(client.cluster().health().status()).isEqualTo(HealthStatus.Green);
    assertThat(client.indices().existsIndexTemplate(request -> request.name("app")).value())
        .isTrue();

    BulkResponse response =
        client.bulk(
            bulk ->
                bulk.operations(
                        operation ->
                            operation.create(
                                create ->
                                    create
                                        .index("app-logs")
                                        .document(
                                            document(
                                                "2026-11-22T10:00:00Z",
                                                "payment declined for order 42",
                                                "checkout"))))
                    .operations(
                        operation ->
                            operation.index(
                                index ->
                                    index
                                        .index("app-logs")
                                        .id("fixed-id")
                                        .document(
                                            document(
                                                "2026-11-22T10:00:01Z",
                                                "GET /health 200",
                                                "web")))));

    assertThat(response.errors()).isFalse();
    assertThat(response.items())
        .extracting(
            BulkResponseItem::operationType, BulkResponseItem::index, BulkResponseItem::status)
        .containsExactly(
            tuple(OperationType.Create, "app-logs", 201),
            tuple(OperationType.Index, "app-logs", 201));
    assertThat(response.items().get(1).id()).isEqualTo("fixed-id");
    assertThat(response.items().getFirst().id()).hasSize(20);
    assertThat(response.items().getFirst().result()).isEqualTo("created");

    List<Map<String, String>> rows = server.rows("_stream:{_index=\"app-logs\"}");
    assertThat(rows)
        .extracting(row -> row.get("_msg"), row -> row.get("service"), row -> row.get("_id"))
        .containsExactly(
            tuple("GET /health 200", "web", "fixed-id"),
            tuple("payment declined for order 42", "checkout", null));
    assertThat(rows.getFirst().get("_time")).startsWith("2026-11-22T10:00:01");
  }

  /** Bad items fail one by one, as the client sees them; the good ones are stored. */
  @Test
  void theJavaClientSeesPerItemErrorsAndTheGoodDocumentsAreStored() throws Exception {
    server = TestServer.start(directory);
    ElasticsearchClient client = client(BASE);

    BulkResponse response =
        client.bulk(
            bulk ->
                bulk.operations(
                        operation ->
                            operation.create(
                                create ->
                                    create
                                        .index("app-logs")
                                        .document(document("not a time", "bad time", "api"))))
                    .operations(
                        operation -> operation.delete(delete -> delete.index("app-logs").id("1")))
                    .operations(
                        operation ->
                            operation.create(
                                create ->
                                    create
                                        .index("app-logs")
                                        .document(
                                            document("2026-11-22T10:00:02Z", "kept", "api")))));

    assertThat(response.errors()).isTrue();
    assertThat(response.items())
        .extracting(
            BulkResponseItem::operationType,
            BulkResponseItem::status,
            item -> item.error() == null ? null : item.error().type())
        .containsExactly(
            tuple(OperationType.Create, 400, "document_parsing_exception"),
            tuple(OperationType.Delete, 400, "illegal_argument_exception"),
            tuple(OperationType.Create, 201, null));
    assertThat(response.items().getFirst().error().reason())
        .contains("field \"@timestamp\" has time \"not a time\"");
    assertThat(server.rows("*")).extracting(row -> row.get("_msg")).containsExactly("kept");
  }

  /**
   * Filebeat 8: gzip (its default compression level 1), data stream create actions, ECS documents,
   * and the filter_path it always sends.
   */
  @Test
  void filebeatsRequestIsStoredAndAnsweredAsItReadsIt() throws Exception {
    server = TestServer.start(directory);
    String body =
        """
        {"create":{"_index":"filebeat-8.19.0"}}
        {"@timestamp":"2026-11-22T10:00:00.123Z","message":"GET /health 200","log":{"offset":42,"file":{"path":"/var/log/app.log"}},"input":{"type":"filestream"},"host":{"name":"web-1"},"agent":{"type":"filebeat","version":"8.19.0"},"ecs":{"version":"8.0.0"}}
        {"create":{"_index":"filebeat-8.19.0"}}
        {"@timestamp":"2026-11-22T10:00:01.456Z","message":"payment declined","log":{"offset":91,"file":{"path":"/var/log/app.log"}},"input":{"type":"filestream"},"host":{"name":"web-1"},"agent":{"type":"filebeat","version":"8.19.0"},"ecs":{"version":"8.0.0"}}
        """;

    HttpResponse<String> response =
        server.post(
            BASE + "/_bulk?filter_path=errors,items.*.error,items.*.status",
            gzip(body),
            "Content-Type",
            "application/json; charset=UTF-8",
            "Content-Encoding",
            "gzip");

    assertThat(response.statusCode()).isEqualTo(200);
    // Fluent Bit falls back to this text when a response is too long for its buffer.
    assertThat(response.body()).contains("\"errors\":false,\"items\":[");
    JsonNode answer = JSON.readTree(response.body());
    assertThat(answer.at("/items/0/create/status").asInt()).isEqualTo(201);
    assertThat(answer.at("/items/1/create/status").asInt()).isEqualTo(201);
    List<Map<String, String>> rows = server.rows("host.name:web-1");
    assertThat(rows)
        .extracting(row -> row.get("_msg"), row -> row.get("_stream"), row -> row.get("log.offset"))
        .containsExactly(
            tuple("payment declined", "{_index=\"filebeat-8.19.0\"}", "91"),
            tuple("GET /health 200", "{_index=\"filebeat-8.19.0\"}", "42"));
    assertThat(rows.get(1).get("_time")).isEqualTo("2026-11-22T10:00:00.123Z");
  }

  /** Vector's elasticsearch sink: index actions, "timestamp", the timeout it always adds. */
  @Test
  void vectorsRequestIsStoredWithItsTimestampField() throws Exception {
    server = TestServer.start(directory);
    String body =
        """
        {"index":{"_index":"vector-2026.11.22"}}
        {"host":"web-2","message":"disk almost full","source_type":"file","file":"/var/log/syslog","timestamp":"2026-11-22T10:00:03.000001Z"}
        """;

    HttpResponse<String> response =
        server.post(
            BASE + "/_bulk?timeout=60s", bytes(body), "Content-Type", "application/x-ndjson");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).doesNotContain("\"errors\":true");
    Map<String, String> row = server.rows("*").getFirst();
    assertThat(row.get("_msg")).isEqualTo("disk almost full");
    assertThat(row.get("_time")).isEqualTo("2026-11-22T10:00:03.000001Z");
    assertThat(row.get("source_type")).isEqualTo("file");
  }

  /** Fluent Bit without Suppress_Type_Name: _type in the action; its tail input's "log" field. */
  @Test
  void fluentBitsRequestAtTheRootIsStored() throws Exception {
    server = TestServer.start(directory);
    String body =
        """
        {"create":{"_index":"fluent-bit","_type":"_doc"}}
        {"@timestamp":"2026-11-22T10:00:04.000Z","log":"connection reset by peer","stream":"stderr"}
        """;

    HttpResponse<String> response =
        server.post("/_bulk", bytes(body), "Content-Type", "application/x-ndjson");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"errors\":false,\"items\":[");
    assertThat(server.rows("*"))
        .extracting(row -> row.get("_msg"), row -> row.get("_stream"))
        .containsExactly(tuple("connection reset by peer", "{_index=\"fluent-bit\"}"));
  }

  /** Logstash with data streams: create actions to logs-generic-default, index in the path too. */
  @Test
  void theIndexOfThePathAndTheRequestsParametersApply() throws Exception {
    server = TestServer.start(directory);
    String body =
        """
        {"create":{}}
        {"@timestamp":"2026-11-22T10:00:05.000Z","event":{"original":"raw text"},"text":"from logstash","service":"billing"}
        """;

    HttpResponse<String> response =
        server.post(
            BASE + "/logs-generic-default/_bulk?_msg_field=text&_stream_fields=service&tenant=acme",
            bytes(body));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(server.rows("*")).isEmpty();
    Map<String, String> row = server.rows("*", "&tenant=acme").getFirst();
    assertThat(row.get("_msg")).isEqualTo("from logstash");
    assertThat(row.get("_stream"))
        .isEqualTo("{_index=\"logs-generic-default\",service=\"billing\"}");
    assertThat(row.get("event.original")).isEqualTo("raw text");
    HttpResponse<String> atRoot =
        server.post("/other-index/_bulk", bytes("{\"index\":{}}\n{\"message\":\"x\"}\n"));
    assertThat(JSON.readTree(atRoot.body()).at("/items/0/index/_index").asText())
        .isEqualTo("other-index");
  }

  @Test
  void wholeRequestFailuresHaveElasticsearchsErrorShapeAndStatus() throws Exception {
    server = TestServer.start(directory, new IngestLimits(256, 1 << 20, 1000, 10));
    StringBuilder big = new StringBuilder();
    for (int n = 0; n < 20; n++) {
      big.append("{\"create\":{\"_index\":\"a\"}}\n{\"message\":\"line ").append(n).append("\"}\n");
    }

    HttpResponse<String> tooLarge = server.post(BASE + "/_bulk", bytes(big.toString()));
    HttpResponse<String> notGzip =
        server.post(BASE + "/_bulk", bytes("plain"), "Content-Encoding", "gzip");

    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(tooLarge.headers().firstValue("X-Elastic-Product")).hasValue("Elasticsearch");
    JsonNode error = JSON.readTree(tooLarge.body());
    assertThat(error.at("/status").asInt()).isEqualTo(413);
    assertThat(error.at("/error/type").asText()).isEqualTo("content_too_long_exception");
    assertThat(error.at("/error/reason").asText()).contains("larger than 256 bytes");
    assertThat(notGzip.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(notGzip.body()).at("/error/reason").asText())
        .contains("not valid gzip");
  }

  private static Map<String, Object> document(String timestamp, String message, String service) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("@timestamp", timestamp);
    document.put("message", message);
    document.put("service", service);
    return document;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(compressed)) {
      out.write(bytes(text));
    }
    return compressed.toByteArray();
  }
}
