package dev.loupe.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.ingest.IngestLimits;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The small endpoints shippers call before they send logs, in the order each shipper calls them
 * (taken from their sources: libbeat's connection, template and ILM loaders and licenser;
 * logstash-output-elasticsearch's pool, license checker, template manager and ILM; Vector's
 * elasticsearch sink), against a real server.
 */
class EsApiHandlerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BASE = EsApiHandler.PREFIX;

  /** One server for the tests that only read: the probes change nothing. */
  @TempDir static Path sharedDirectory;

  private static TestServer shared;

  @TempDir Path directory;
  private TestServer server;

  @BeforeAll
  static void startShared() {
    shared = TestServer.start(sharedDirectory);
  }

  @AfterAll
  static void stopShared() {
    shared.close();
  }

  @BeforeEach
  void useShared() {
    server = shared;
  }

  @AfterEach
  void stop() {
    if (server != shared) {
      server.close();
    }
  }

  @Test
  void theRootAnswersClusterInfoWithTheProductHeaderUnderThePrefixAndAtTheRoot() throws Exception {

    for (String path : new String[] {BASE, BASE + "/", "/"}) {
      HttpResponse<String> info = server.get(path);
      assertThat(info.statusCode()).as(path).isEqualTo(200);
      assertThat(info.headers().firstValue("X-Elastic-Product")).hasValue("Elasticsearch");
      JsonNode body = JSON.readTree(info.body());
      assertThat(body.at("/version/number").asText()).isEqualTo("8.19.0");
      assertThat(body.at("/version/build_flavor").asText()).isEqualTo("default");
      assertThat(body.at("/tagline").asText()).isEqualTo("You Know, for Search");
      assertThat(body.at("/cluster_uuid").asText()).isNotEmpty();
    }
    HttpResponse<String> head = server.send("HEAD", "/", null);
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValue("X-Elastic-Product")).hasValue("Elasticsearch");
    assertThat(head.body()).isEmpty();
  }

  @Test
  void aBrowserAtTheRootIsNotTakenForAShipper() {

    HttpResponse<String> page = server.get("/", "Accept", "text/html,application/xhtml+xml");

    assertThat(page.headers().firstValue("X-Elastic-Product")).isEmpty();
    // it gets Loupe's web UI (loupe-ui is on the classpath)
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<title>Loupe</title>");
  }

  /** Filebeat 8: connect, license, ILM policy, index template, data stream, module check. */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          GET  | /_license?human=false                    | /license/status             | active
          GET  | /_license?human=false                    | /license/type               | basic
          GET  | /_ilm/policy/filebeat                    | /filebeat/version           | 1
          PUT  | /_ilm/policy/filebeat                    | /acknowledged               | true
          HEAD | /_index_template/filebeat-8.19.0         |                             |
          PUT  | /_index_template/filebeat-8.19.0         | /acknowledged               | true
          GET  | /_data_stream/filebeat-8.19.0            | /data_streams/0/name        | filebeat-8.19.0
          PUT  | /_data_stream/filebeat-8.19.0            | /acknowledged               | true
          GET  | /_component_template/filebeat-8.19.0     | /component_templates/0/name | filebeat-8.19.0
          GET  | /_nodes/ingest                           | /_nodes/successful          | 1
          GET  | /_ingest/pipeline/filebeat-8.19.0-nginx  | /filebeat-8.19.0-nginx      |
          PUT  | /_ingest/pipeline/filebeat-8.19.0-nginx  | /acknowledged               | true
          """)
  void filebeatStartsWithoutErrors(String method, String path, String pointer, String expected)
      throws Exception {
    assertAnswers(method, path, pointer, expected);
  }

  /** Logstash 8: health check, product check, license, ILM rollover alias and policy, template. */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          HEAD | /                                        |                             |
          GET  | /_license                                | /license/status             | active
          GET  | /_xpack                                  | /features/ilm/enabled       | true
          HEAD | /logstash                                |                             |
          PUT  | /%3Clogstash-%7Bnow%2Fd%7D-000001%3E     | /acknowledged               | true
          GET  | /_ilm/policy/logstash-policy             | /logstash-policy/version    | 1
          HEAD | /_index_template/logstash                |                             |
          GET  | /_index_template/logstash                | /index_templates/0/name     | logstash
          PUT  | /_template/logstash                      | /acknowledged               | true
          GET  | /_nodes/http                             | /nodes/loupe/roles/0        | data
          """)
  void logstashStartsWithoutErrors(String method, String path, String pointer, String expected)
      throws Exception {
    assertAnswers(method, path, pointer, expected);
  }

  /** Vector: API version from GET / (or /_cluster/state/version before 0.34), health check. */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          GET  | /                                        | /version/number             | 8.19.0
          GET  | /_cluster/health                         | /status                     | green
          GET  | /_cluster/state/version                  | /version                    | 8
          """)
  void vectorStartsWithoutErrors(String method, String path, String pointer, String expected)
      throws Exception {
    assertAnswers(method, path, pointer, expected);
  }

  @Test
  void olderBeatsFindTheirTemplateInTheCatText() {

    HttpResponse<String> cat = server.get(BASE + "/_cat/templates/filebeat-7.17.0");

    assertThat(cat.statusCode()).isEqualTo(200);
    assertThat(cat.body()).contains("filebeat-7.17.0");
  }

  @Test
  void theReportedVersionIsASetting() throws Exception {
    server =
        TestServer.start(
            directory,
            IngestLimits.defaults(),
            config -> config.withElasticsearch(new ElasticsearchConfig("9.1.0")));

    assertThat(JSON.readTree(server.get(BASE).body()).at("/version/number").asText())
        .isEqualTo("9.1.0");
    assertThat(
            JSON.readTree(server.get(BASE + "/_cluster/state/version").body())
                .at("/version")
                .asInt())
        .isEqualTo(9);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          GET    | /insert/elasticsearch/_search                | 404
          GET    | /insert/elasticsearch/_snapshot/repo         | 404
          POST   | /insert/elasticsearch/logs/_doc              | 404
          GET    | /insert/elasticsearch/_bulk                  | 405
          DELETE | /insert/elasticsearch/_license               | 405
          """)
  void whatIsNotImplementedIsSaidInElasticsearchsErrorShape(String method, String path, int status)
      throws Exception {

    HttpResponse<String> response =
        server.send(method, path, method.equals("GET") ? null : new byte[0]);

    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.headers().firstValue("X-Elastic-Product")).hasValue("Elasticsearch");
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.at("/status").asInt()).isEqualTo(status);
    assertThat(body.at("/error/type").asText()).isEqualTo("illegal_argument_exception");
    assertThat(body.at("/error/root_cause/0/reason").asText()).isNotEmpty();
  }

  @Test
  void indexLevelCallsExistOnlyUnderThePrefixSoTheRootStaysLoupes() {

    assertThat(server.send("HEAD", BASE + "/logstash", null).statusCode()).isEqualTo(200);
    assertThat(server.send("PUT", "/logstash", new byte[0]).statusCode()).isEqualTo(404);
    assertThat(server.get("/health").statusCode()).isEqualTo(200);
    HttpResponse<String> notElasticsearch = server.get("/_app/immutable/start.js");
    assertThat(notElasticsearch.headers().firstValue("X-Elastic-Product")).isEmpty();
  }

  private void assertAnswers(String method, String path, String pointer, String expected)
      throws Exception {
    for (String base : new String[] {BASE, ""}) {
      if (base.isEmpty() && !path.startsWith("/_") && !path.equals("/")) {
        continue; // index-level paths live under the prefix only
      }
      byte[] body = method.equals("PUT") ? "{}".getBytes(StandardCharsets.UTF_8) : null;
      HttpResponse<String> response =
          server.send(method, base + path, body, "Content-Type", "application/json");
      assertThat(response.statusCode()).as("%s %s%s", method, base, path).isEqualTo(200);
      assertThat(response.headers().firstValue("X-Elastic-Product")).hasValue("Elasticsearch");
      if (method.equals("HEAD")) {
        assertThat(response.body()).isEmpty();
        continue;
      }
      JsonNode answer = JSON.readTree(response.body());
      assertThat(answer.at(pointer).isMissingNode()).as("%s in %s", pointer, answer).isFalse();
      if (expected != null) {
        assertThat(answer.at(pointer).asText()).isEqualTo(expected);
      }
    }
  }
}
