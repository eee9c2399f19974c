package dev.loupe.cli.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Elasticsearch {@code _bulk} as Filebeat, Logstash and Vector send it: NDJSON pairs of a {@code
 * create} action and the document, POSTed to {@code /insert/elasticsearch/_bulk}, optionally gzip
 * compressed. The document is the data set's NDJSON object as it is ({@code _time}, {@code _msg},
 * the stream fields and the typed fields); {@code _stream_fields} names the same stream fields as
 * the main ingest, and {@code _time_field} adds {@code ts}, the time field of the data set's
 * application lines, as the main ingest does. An answer with {@code "errors":true} fails the send.
 */
final class ClientEsBulk implements ProtocolClient {
  static final String INDEX = "loupe-bench";
  static final String PATH =
      "/insert/elasticsearch/_bulk?_time_field=_time,ts&_stream_fields=" + LoupeHttp.STREAM_FIELDS;

  static final byte[] ACTION =
      ("{\"create\":{\"_index\":\"" + INDEX + "\"}}\n").getBytes(StandardCharsets.US_ASCII);

  private final boolean gzip;

  /**
   * @param gzip whether bodies are sent with {@code Content-Encoding: gzip}
   */
  ClientEsBulk(boolean gzip) {
    this.gzip = gzip;
  }

  @Override
  public List<String> serverArguments() {
    return List.of(); // the _bulk endpoint is always on, on the main port
  }

  @Override
  public WireBatch encode(List<ProtocolLine> lines) {
    ByteArrayOutputStream body = new ByteArrayOutputStream(lines.size() * 512);
    try (OutputStream output = gzip ? new GZIPOutputStream(body, 1 << 16) : body) {
      for (ProtocolLine line : lines) {
        output.write(ACTION);
        output.write(line.ndjson().getBytes(StandardCharsets.UTF_8));
        output.write('\n');
      }
    } catch (IOException inMemory) {
      throw new UncheckedIOException(inMemory);
    }
    return WireBatch.of(body.toByteArray(), lines.size());
  }

  @Override
  public Sender connect(int httpPort) {
    ProtocolHttp http = new ProtocolHttp(httpPort, PATH, "application/x-ndjson", gzip);
    return new Sender() {
      @Override
      public long send(WireBatch batch) throws IOException, InterruptedException {
        byte[] answer = http.post(batch.body());
        String start = new String(answer, 0, Math.min(answer.length, 200), StandardCharsets.UTF_8);
        if (start.contains("\"errors\":true")) {
          throw new IOException(
              "the _bulk answer holds errors: "
                  + JsonFlat.abbreviate(new String(answer, StandardCharsets.UTF_8)));
        }
        return batch.lines();
      }

      @Override
      public void close() {
        http.close();
      }
    };
  }
}
