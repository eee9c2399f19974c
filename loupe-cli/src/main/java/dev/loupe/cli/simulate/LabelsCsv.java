package dev.loupe.cli.simulate;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code --labels-csv FILE}: every generated line with the template it came from, as a Loghub-2.0
 * style CSV (RFC 4180: a header row, CRLF between records, a field quoted when it holds a comma,
 * quote, CR or LF, quotes inside doubled):
 *
 * <pre>
 * LineId,Content,EventId,EventTemplate
 * 1,Invalid user admin from 203.0.113.9 port 51234,sshd.invalid-user,Invalid user &lt;*&gt; from &lt;*&gt; port &lt;*&gt;
 * </pre>
 *
 * <p>{@code Content} is the message without the header a log line starts with (time, host, program,
 * level): for access lines the part after {@code [time]}. Stack traces stay in their line's
 * content, newlines and all (quoted). Line ids count from 1 in output order. {@code EventId} is the
 * line's event ({@link Template#event}: its template, or the HTTP method's event of a request
 * line), and {@code EventTemplate} that event written as Loghub-2.0's corrected ground truth is
 * ({@link LoghubTemplate}: a unit inside its number's variable, in the scorer's normal form). Not
 * thread-safe.
 */
final class LabelsCsv implements AutoCloseable {
  static final String HEADER = "LineId,Content,EventId,EventTemplate";
  private static final String RECORD_END = "\r\n";

  private final Writer writer;
  private final StringBuilder row = new StringBuilder(512);
  private long lineId;

  LabelsCsv(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    writer.write(HEADER + RECORD_END);
  }

  void write(Line line) throws IOException {
    row.setLength(0);
    row.append(++lineId).append(',');
    appendField(row, line.content());
    row.append(',');
    appendField(row, line.event().id());
    row.append(',');
    appendField(row, LoghubTemplate.of(line.event().eventTemplate()));
    row.append(RECORD_END);
    writer.append(row);
  }

  /** Appends {@code value} as an RFC 4180 field: quoted only when it must be. */
  static void appendField(StringBuilder out, String value) {
    boolean quote = false;
    for (int index = 0; index < value.length() && !quote; index++) {
      char character = value.charAt(index);
      quote = character == ',' || character == '"' || character == '\r' || character == '\n';
    }
    if (!quote) {
      out.append(value);
      return;
    }
    out.append('"');
    for (int index = 0; index < value.length(); index++) {
      char character = value.charAt(index);
      if (character == '"') {
        out.append('"');
      }
      out.append(character);
    }
    out.append('"');
  }

  void flush() throws IOException {
    writer.flush();
  }

  @Override
  public void close() throws IOException {
    writer.close();
  }
}
