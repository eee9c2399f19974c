package dev.loupe.cli.simulate;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code --output file:DIR}: the files each host would have, for {@code loupe agent} or any shipper
 * to tail. One directory per host, and in it:
 *
 * <pre>
 *   DIR/edge-01/access.log       nginx, Apache combined format
 *   DIR/app-02/checkout.log      each service's JSON lines (stack traces inside "msg")
 *   DIR/app-02/syslog            the daemons, RFC 3164 text as in /var/log/syslog
 * </pre>
 *
 * <p>Files are appended to (a second run continues them, as logs grow) and flushed every flush
 * interval, so a tailing agent sees lines as they come.
 */
final class OutputFiles implements Output {
  private final Path directory;
  private final long flushIntervalNanos;
  private final Formats formats = new Formats();
  private final Map<String, Writer> writers = new LinkedHashMap<>();
  private final StringBuilder text = new StringBuilder(4_096);
  private long lines;
  private long lastFlushNanos = Long.MIN_VALUE;

  OutputFiles(Path directory, long flushIntervalNanos) throws IOException {
    this.directory = directory;
    this.flushIntervalNanos = flushIntervalNanos;
    Files.createDirectories(directory);
  }

  /** The file of a line, relative to the output directory. */
  static String fileOf(Line line) {
    return switch (line.source()) {
      case ACCESS -> line.host() + "/access.log";
      case APP -> line.host() + "/" + line.service() + ".log";
      case SYSLOG -> line.host() + "/syslog";
    };
  }

  @Override
  public void write(Line line) throws IOException {
    text.setLength(0);
    switch (line.source()) {
      case ACCESS -> formats.combinedLog(text, line);
      case APP -> formats.appJson(text, line);
      case SYSLOG -> formats.syslog3164(text, line);
    }
    writer(fileOf(line)).append(text);
    lines++;
  }

  private Writer writer(String file) throws IOException {
    Writer writer = writers.get(file);
    if (writer == null) {
      Path path = directory.resolve(file);
      Files.createDirectories(path.getParent());
      writer =
          Files.newBufferedWriter(
              path,
              StandardCharsets.UTF_8,
              java.nio.file.StandardOpenOption.CREATE,
              java.nio.file.StandardOpenOption.APPEND);
      writers.put(file, writer);
    }
    return writer;
  }

  @Override
  public void tick(long wallNanos) throws IOException {
    if (lastFlushNanos == Long.MIN_VALUE) {
      lastFlushNanos = wallNanos;
    }
    if (wallNanos - lastFlushNanos >= flushIntervalNanos) {
      for (Writer writer : writers.values()) {
        writer.flush();
      }
      lastFlushNanos = wallNanos;
    }
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (Writer writer : writers.values()) {
      try {
        writer.close();
      } catch (IOException failure) {
        if (first == null) {
          first = failure;
        } else {
          first.addSuppressed(failure);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  @Override
  public String summary() {
    return String.format(
        Locale.ROOT, "%s: %,d lines in %d files", directory, lines, writers.size());
  }
}
