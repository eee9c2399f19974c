package dev.loupe.cli.simulate;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One generated line, before any output formats it.
 *
 * @param timeNanos simulated time, nanoseconds since the epoch (a whole number of microseconds)
 * @param sequence order of creation, which breaks ties between lines of the same time
 * @param source access log, application log or host syslog
 * @param host the host that wrote it
 * @param service the service for app lines, {@code nginx} for access lines, the program for syslog
 *     lines ({@code sshd}, {@code CRON}, {@code kernel}...)
 * @param level normalised level: {@code error}, {@code warn}, {@code info} or {@code debug}
 * @param template the template it came from (kept out of the shipped data, see LabelsCsv)
 * @param event the event pattern mining is scored on: {@code template}, or the event it gives this
 *     line ({@link Template#event})
 * @param content the message: for app and syslog lines what the program logged, for access lines
 *     the part after the time ({@code "GET / HTTP/1.1" 200 ...}), as in the labels CSV
 * @param client the client address of an access line, else null
 * @param pid the process id in syslog lines, 0 when the program logs none
 * @param fields extra fields as shipped (trace id, latency, status...)
 */
record Line(
    long timeNanos,
    long sequence,
    Source source,
    String host,
    String service,
    String level,
    Template template,
    Template event,
    String content,
    String client,
    int pid,
    List<LineField> fields) {
  Line {
    requireNonNull(source, "source is null");
    requireNonNull(host, "host is null");
    requireNonNull(service, "service is null");
    requireNonNull(level, "level is null");
    requireNonNull(template, "template is null");
    requireNonNull(event, "event is null");
    requireNonNull(content, "content is null");
    requireNonNull(fields, "fields is null");
    if (source == Source.ACCESS && client == null) {
      throw new IllegalArgumentException("an access line needs a client address");
    }
  }

  /** The value of field {@code name}, or null. */
  String field(String name) {
    for (LineField field : fields) {
      if (field.name().equals(name)) {
        return field.value();
      }
    }
    return null;
  }
}
