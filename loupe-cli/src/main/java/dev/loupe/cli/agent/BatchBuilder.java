package dev.loupe.cli.agent;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.loupe.core.FieldNames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * Builds one ingest request body: events as JSON lines ({@code _time}, {@code _msg}, the labels,
 * {@code file}), gzip-compressed as they are added, so a batch costs its compressed size in memory.
 *
 * <pre>
 * {"_time":1763805600000000001,"_msg":"GET /health 200","file":"/var/log/app.log","host":"web-1","source":"agent"}
 * </pre>
 *
 * <p>{@code _time} is when the agent read the line, in nanoseconds, made strictly increasing so
 * that lines of one file keep their order in storage. The time a line carries in its text is left
 * to the server's parsers.
 *
 * <p>Not thread-safe: owned by the reader thread.
 */
final class BatchBuilder {
  private static final JsonFactory JSON = new JsonFactory();

  private final List<Map.Entry<String, String>> labels;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
  private final JsonGenerator generator;
  private ByteArrayOutputStream compressed;
  private GZIPOutputStream gzip;
  private int lines;
  private long uncompressedBytes;
  private long firstAddNanos;
  private long lastTimeNanos;

  /**
   * @param labels every line's labels (without {@code file}, which is per event)
   */
  BatchBuilder(Map<String, String> labels) {
    this.labels = List.copyOf(new TreeMap<>(labels).entrySet());
    try {
      this.generator = JSON.createGenerator(line);
      generator.setRootValueSeparator(null);
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    }
    startBody();
  }

  /**
   * Adds one event.
   *
   * @param fileLabel the value of the {@code file} label
   * @param clockNanos the reader's clock now; {@code _time} is this or one past the last one
   */
  void add(FileEvent event, String fileLabel, long clockNanos) {
    if (lines == 0) {
      firstAddNanos = clockNanos;
    }
    long timeNanos = Math.max(clockNanos, lastTimeNanos + 1);
    lastTimeNanos = timeNanos;
    try {
      generator.writeStartObject();
      generator.writeNumberField(FieldNames.TIME, timeNanos);
      generator.writeStringField(FieldNames.MESSAGE, event.text());
      boolean fileWritten = false;
      for (Map.Entry<String, String> label : labels) {
        if (!fileWritten && label.getKey().compareTo(AgentSettings.LABEL_FILE) > 0) {
          generator.writeStringField(AgentSettings.LABEL_FILE, fileLabel);
          fileWritten = true;
        }
        if (!label.getKey().equals(AgentSettings.LABEL_FILE)) {
          generator.writeStringField(label.getKey(), label.getValue());
        }
      }
      if (!fileWritten) {
        generator.writeStringField(AgentSettings.LABEL_FILE, fileLabel);
      }
      generator.writeEndObject();
      generator.flush();
      line.write('\n');
      line.writeTo(gzip);
      uncompressedBytes += line.size();
      line.reset();
    } catch (IOException impossible) {
      throw new UncheckedIOException("writing to memory failed", impossible);
    }
    lines++;
  }

  int lines() {
    return lines;
  }

  /** Bytes of JSON lines added, before compression. */
  long uncompressedBytes() {
    return uncompressedBytes;
  }

  /** When the first line of this batch was added (the reader's clock); meaningless when empty. */
  long firstAddNanos() {
    return firstAddNanos;
  }

  /** The finished gzip body; the builder starts a new, empty batch. */
  byte[] finish() {
    try {
      gzip.close();
    } catch (IOException impossible) {
      throw new UncheckedIOException("writing to memory failed", impossible);
    }
    byte[] body = compressed.toByteArray();
    startBody();
    return body;
  }

  private void startBody() {
    compressed = new ByteArrayOutputStream(64 << 10);
    lines = 0;
    uncompressedBytes = 0;
    try {
      gzip = new FastGzip(compressed);
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    }
  }

  /** gzip at {@link AgentLimits#GZIP_LEVEL}: the JDK's stream offers no constructor for it. */
  private static final class FastGzip extends GZIPOutputStream {
    FastGzip(OutputStream out) throws IOException {
      super(out, 64 << 10);
      def.setLevel(AgentLimits.GZIP_LEVEL);
    }
  }
}
