package dev.loupe.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xerial.snappy.Snappy;

/**
 * Loki's push API against a real server, with bodies made as Promtail and Grafana Alloy make them:
 * the push message written field by field by protobuf's {@link CodedOutputStream} and compressed
 * with snappy's block format, or the JSON form.
 */
class LokiPushHandlerTest {
  @TempDir Path directory;
  private TestServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void protobufAndSnappyPushesAreStoredUnderTheirLabelsAndAnswered204() throws IOException {
    server = TestServer.start(directory);
    byte[] push =
        pushRequest(
            stream(
                "{job=\"varlogs\", host=\"web-1\"}",
                entry(1_763_805_600L, 0, "GET /health 200"),
                entry(1_763_805_601L, 500, "payment declined", "trace_id", "abc123")),
            stream("{job=\"nginx\"}", entry(1_763_805_602L, 0, "upstream timed out")));

    HttpResponse<String> response =
        server.post(
            LokiPushHandler.PATH,
            Snappy.compress(push),
            "Content-Type",
            "application/x-protobuf",
            "User-Agent",
            "promtail/3.5.0");

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(response.body()).isEmpty();
    assertThat(server.rows("_stream:{job=\"varlogs\"}"))
        .extracting(row -> row.get("_msg"), row -> row.get("trace_id"), row -> row.get("host"))
        .containsExactly(
            tuple("payment declined", "abc123", "web-1"), tuple("GET /health 200", null, "web-1"));
    List<Map<String, String>> nginx = server.rows("job:nginx");
    assertThat(nginx).extracting(row -> row.get("_time")).containsExactly("2025-11-22T10:00:02Z");
    assertThat(server.rows("payment").getFirst().get("_time"))
        .isEqualTo("2025-11-22T10:00:01.000000500Z");
  }

  @Test
  void jsonPushesGzippedOrNotAreStored() throws IOException {
    server = TestServer.start(directory);
    String json =
        """
        {"streams":[{"stream":{"job":"app","env":"prod"},
          "values":[["1763805600000000000","first"],["1763805601000000000","second",{"user":"42"}]]}]}
        """;

    HttpResponse<String> plain =
        server.post(LokiPushHandler.PATH, bytes(json), "Content-Type", "application/json");
    HttpResponse<String> gzipped =
        server.post(
            LokiPushHandler.PATH,
            gzip(json.replace("first", "third").replace("second", "fourth")),
            "Content-Type",
            "application/json; charset=utf-8",
            "Content-Encoding",
            "gzip");

    assertThat(plain.statusCode()).isEqualTo(204);
    assertThat(gzipped.statusCode()).isEqualTo(204);
    assertThat(server.rows("_stream:{env=\"prod\",job=\"app\"}"))
        .extracting(row -> row.get("_msg"))
        .containsExactlyInAnyOrder("first", "second", "third", "fourth");
    assertThat(server.rows("user:42")).hasSize(2);
  }

  @Test
  void theScopeOrgIdHeaderNamesTheTenant() throws IOException {
    server = TestServer.start(directory);
    byte[] push = pushRequest(stream("{job=\"a\"}", entry(1_763_805_600L, 0, "tenant line")));

    HttpResponse<String> response =
        server.post(
            LokiPushHandler.PATH,
            Snappy.compress(push),
            "Content-Type",
            "application/x-protobuf",
            "X-Scope-OrgID",
            "team-a");

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(server.rows("*")).isEmpty();
    assertThat(server.rows("*", "&tenant=team-a"))
        .extracting(row -> row.get("_msg"))
        .containsExactly("tenant line");
  }

  @Test
  void rejectedEntriesAre400WithWhatAndWhereAndTheRestIsStored() {
    server = TestServer.start(directory);
    String json =
        """
        {"streams":[{"stream":{"job":"a"},
          "values":[["1763805600000000000","kept"],["soon","bad time"],["1763805601000000000",7]]}]}
        """;

    HttpResponse<String> response =
        server.post(LokiPushHandler.PATH, bytes(json), "Content-Type", "application/json");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; charset=UTF-8");
    assertThat(response.body())
        .startsWith("2 of 3 entries rejected, the others were stored\n")
        .contains("streams[0].values[1]: timestamp \"soon\" is not unix nanoseconds")
        .contains("streams[0].values[2]: the line (second element) is not a string");
    assertThat(server.rows("*")).extracting(row -> row.get("_msg")).containsExactly("kept");
  }

  @Test
  void aBodyThatIsNotSnappyProtobufIs400SayingSo() {
    server = TestServer.start(directory);

    HttpResponse<String> notSnappy =
        server.post(
            LokiPushHandler.PATH,
            bytes("{\"streams\":[]}"),
            "Content-Type",
            "application/x-protobuf");
    HttpResponse<String> badTenant =
        server.post(
            LokiPushHandler.PATH,
            bytes("{\"streams\":[]}"),
            "Content-Type",
            "application/json",
            "X-Scope-OrgID",
            "team a!");

    assertThat(notSnappy.statusCode()).isEqualTo(400);
    assertThat(notSnappy.body()).startsWith("body is not snappy-compressed (block format)");
    assertThat(badTenant.statusCode()).isEqualTo(400);
    assertThat(badTenant.body()).contains("invalid tenant \"team a!\"");
  }

  // ---- Loki's push message, field by field (push.proto numbering) ----

  private static byte[] pushRequest(byte[]... streams) {
    return message(
        out -> {
          for (byte[] stream : streams) {
            out.writeByteArray(1, stream);
          }
        });
  }

  private static byte[] stream(String labels, byte[]... entries) {
    return message(
        out -> {
          out.writeString(1, labels);
          for (byte[] entry : entries) {
            out.writeByteArray(2, entry);
          }
        });
  }

  private static byte[] entry(long seconds, int nanos, String line, String... metadata) {
    return message(
        out -> {
          out.writeByteArray(
              1,
              message(
                  timestamp -> {
                    timestamp.writeInt64(1, seconds);
                    timestamp.writeInt32(2, nanos);
                  }));
          out.writeString(2, line);
          for (int index = 0; index < metadata.length; index += 2) {
            String name = metadata[index];
            String value = metadata[index + 1];
            out.writeByteArray(
                3,
                message(
                    pair -> {
                      pair.writeString(1, name);
                      pair.writeString(2, value);
                    }));
          }
        });
  }

  private interface Writer {
    void write(CodedOutputStream out) throws IOException;
  }

  private static byte[] message(Writer writer) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      writer.write(out);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    }
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
