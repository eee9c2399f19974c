package dev.loupe.cli.agent;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import dev.loupe.ingest.Limits;
import dev.loupe.ingest.MultilineRule;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything {@code loupe agent} can be told; built by {@link #builder}, checked on {@link
 * Builder#build}.
 *
 * @param includes globs of the files to tail ({@code /var/log/*.log}; {@code **} crosses
 *     directories)
 * @param excludes globs of files to leave out: matched against the file name when the glob has no
 *     {@code /}, else against the whole path
 * @param server base URL of the Loupe server
 * @param tenant the tenant to ship into; empty for the server's default
 * @param labels stream labels added to every line: host and source first, then the user's (which
 *     win on the same key); the file label is per file
 * @param dataDirectory where the state file and the spool live
 * @param maxBufferBytes most bytes the spool holds before reading pauses
 * @param readFrom where files that exist at the very first start are read from
 * @param multiline how lines are joined into events: the rule of plain-text bodies ({@link
 *     MultilineRule})
 * @param batchLines a batch is sealed when it holds this many lines
 * @param batchBytes or this many bytes of JSON lines before compression
 * @param linger or when its first line has waited this long
 * @param scanInterval how often the globs are expanded again to find new and rotated files
 * @param pollInterval how long the reader sleeps when a round found no new data
 * @param partialLineTimeout a last line without newline is shipped after this long without data
 * @param eventTimeout a multi-line event is complete after this long without new lines
 * @param closeRotatedAfter a rotated or deleted file read to its end is closed after this long
 *     quiet
 * @param retryInitial first backoff after a failed request
 * @param retryMax longest backoff
 * @param requestTimeout how long one request may take
 * @param statusInterval how often a status line is logged; zero turns it off
 * @param shutdownTimeout how long a stop keeps shipping the spool
 * @param maxEventBytes longest event; longer lines are cut, longer multi-line events end here
 * @param maxEventLines most lines a multi-line event holds; the next line starts a new one
 */
record AgentSettings(
    List<String> includes,
    List<String> excludes,
    URI server,
    String tenant,
    Map<String, String> labels,
    Path dataDirectory,
    long maxBufferBytes,
    ReadFrom readFrom,
    MultilineRule multiline,
    int batchLines,
    long batchBytes,
    Duration linger,
    Duration scanInterval,
    Duration pollInterval,
    Duration partialLineTimeout,
    Duration eventTimeout,
    Duration closeRotatedAfter,
    Duration retryInitial,
    Duration retryMax,
    Duration requestTimeout,
    Duration statusInterval,
    Duration shutdownTimeout,
    int maxEventBytes,
    int maxEventLines) {

  /** Label naming where a line came from: {@code agent} unless the user says otherwise. */
  static final String LABEL_SOURCE = "source";

  /** Label with the host name. */
  static final String LABEL_HOST = "host";

  /** Label with the path of the file, as first seen (a rotated file keeps its former name). */
  static final String LABEL_FILE = "file";

  /** Where the files found at the very first start are read from (later files: the beginning). */
  enum ReadFrom {
    BEGINNING,
    END
  }

  AgentSettings {
    includes = List.copyOf(includes);
    excludes = List.copyOf(excludes);
    requireNonNull(server, "server is null");
    requireNonNull(tenant, "tenant is null");
    labels = Map.copyOf(labels);
    requireNonNull(dataDirectory, "dataDirectory is null");
    requireNonNull(readFrom, "readFrom is null");
    requireNonNull(multiline, "multiline is null");
    if (includes.isEmpty()) {
      throw invalid("give at least one --path, e.g. --path '/var/log/*.log'");
    }
    String scheme = server.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme) || server.getHost() == null) {
      throw invalid("--server must be an http:// or https:// URL, not " + server);
    }
    for (String key : labels.keySet()) {
      checkLabelKey(key);
    }
    if (!tenant.isEmpty() && !tenant.matches("[A-Za-z0-9_.-]{1,64}")) {
      // The server's rule: checked here so that a typo fails at start, not on every batch.
      throw invalid(
          "invalid --tenant '" + tenant + "': use 1 to 64 letters, digits, '_', '-' or '.'");
    }
    positive(maxBufferBytes, "--max-buffer-mb");
    positive(batchLines, "--batch-lines");
    positive(batchBytes, "--batch-kb");
    positive(maxEventBytes, "--max-event-kb");
    positive(maxEventLines, "--max-event-lines");
    positive(linger, "--linger");
    positive(scanInterval, "--scan-interval");
    positive(pollInterval, "--poll-interval");
    positive(partialLineTimeout, "--partial-line-timeout");
    positive(eventTimeout, "--event-timeout");
    positive(retryInitial, "--retry-initial");
    positive(requestTimeout, "--request-timeout");
    notNegative(closeRotatedAfter, "--close-rotated-after");
    notNegative(statusInterval, "--status-interval");
    notNegative(shutdownTimeout, "--shutdown-timeout");
    if (retryMax.compareTo(retryInitial) < 0) {
      throw invalid("--retry-max (" + retryMax + ") must not be below --retry-initial");
    }
  }

  static Builder builder(List<String> includes, URI server, Path dataDirectory) {
    return new Builder(includes, server, dataDirectory);
  }

  /**
   * The fields whose values name a line's stream, for {@code _stream_fields}: the labels and the
   * file, sorted.
   */
  List<String> streamFields() {
    List<String> fields = new ArrayList<>(new TreeMap<>(labels).keySet());
    if (!labels.containsKey(LABEL_FILE)) {
      fields.add(LABEL_FILE);
      fields.sort(null);
    }
    return fields;
  }

  /**
   * Label keys become field names and stream labels: keep to a plain alphabet, and leave the names
   * Loupe derives itself ({@code _time}, {@code _msg}, ...) alone.
   */
  private static void checkLabelKey(String key) {
    boolean plain =
        !key.isEmpty()
            && !key.startsWith("_")
            && key.chars()
                .allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.');
    if (!plain) {
      throw invalid(
          "invalid --label key '"
              + key
              + "': use letters, digits, '_', '-' or '.', not starting with '_'");
    }
  }

  private static void positive(long value, String flag) {
    if (value <= 0) {
      throw invalid(flag + " must be positive, not " + value);
    }
  }

  private static void positive(Duration value, String flag) {
    requireNonNull(value, flag + " is null");
    if (value.isNegative() || value.isZero()) {
      throw invalid(flag + " must be positive, not " + value);
    }
  }

  private static void notNegative(Duration value, String flag) {
    requireNonNull(value, flag + " is null");
    if (value.isNegative()) {
      throw invalid(flag + " must not be negative, not " + value);
    }
  }

  private static LoupeException invalid(String message) {
    return new LoupeException(ErrorCode.BAD_REQUEST, message);
  }

  /** Starts from the defaults of {@link AgentLimits}; not thread-safe. */
  static final class Builder {
    private final List<String> includes;
    private final URI server;
    private final Path dataDirectory;
    private List<String> excludes = List.of();
    private String tenant = "";
    private Map<String, String> labels = Map.of(LABEL_SOURCE, "agent");
    private long maxBufferBytes = AgentLimits.DEFAULT_MAX_BUFFER_BYTES;
    private ReadFrom readFrom = ReadFrom.BEGINNING;
    private MultilineRule multiline = MultilineRule.AUTO;
    private int batchLines = AgentLimits.DEFAULT_BATCH_LINES;
    private long batchBytes = AgentLimits.DEFAULT_BATCH_BYTES;
    private Duration linger = AgentLimits.DEFAULT_LINGER;
    private Duration scanInterval = AgentLimits.DEFAULT_SCAN_INTERVAL;
    private Duration pollInterval = AgentLimits.DEFAULT_POLL_INTERVAL;
    private Duration partialLineTimeout = AgentLimits.DEFAULT_PARTIAL_LINE_TIMEOUT;
    private Duration eventTimeout = AgentLimits.DEFAULT_EVENT_TIMEOUT;
    private Duration closeRotatedAfter = AgentLimits.DEFAULT_CLOSE_ROTATED_AFTER;
    private Duration retryInitial = AgentLimits.DEFAULT_RETRY_INITIAL;
    private Duration retryMax = AgentLimits.DEFAULT_RETRY_MAX;
    private Duration requestTimeout = AgentLimits.DEFAULT_REQUEST_TIMEOUT;
    private Duration statusInterval = AgentLimits.DEFAULT_STATUS_INTERVAL;
    private Duration shutdownTimeout = AgentLimits.DEFAULT_SHUTDOWN_TIMEOUT;
    private int maxEventBytes = AgentLimits.DEFAULT_MAX_EVENT_BYTES;
    private int maxEventLines = Limits.DEFAULT_MAX_EVENT_LINES;

    private Builder(List<String> includes, URI server, Path dataDirectory) {
      this.includes = requireNonNull(includes, "includes is null");
      this.server = requireNonNull(server, "server is null");
      this.dataDirectory = requireNonNull(dataDirectory, "dataDirectory is null");
    }

    Builder excludes(List<String> value) {
      excludes = value;
      return this;
    }

    Builder tenant(String value) {
      tenant = value;
      return this;
    }

    /** Labels of every line; {@code source=agent} unless given. */
    Builder labels(Map<String, String> value) {
      Map<String, String> merged = new TreeMap<>();
      merged.put(LABEL_SOURCE, "agent");
      merged.putAll(value);
      labels = merged;
      return this;
    }

    Builder maxBufferBytes(long value) {
      maxBufferBytes = value;
      return this;
    }

    Builder readFrom(ReadFrom value) {
      readFrom = value;
      return this;
    }

    Builder multiline(MultilineRule value) {
      multiline = value;
      return this;
    }

    Builder batchLines(int value) {
      batchLines = value;
      return this;
    }

    Builder batchBytes(long value) {
      batchBytes = value;
      return this;
    }

    Builder linger(Duration value) {
      linger = value;
      return this;
    }

    Builder scanInterval(Duration value) {
      scanInterval = value;
      return this;
    }

    Builder pollInterval(Duration value) {
      pollInterval = value;
      return this;
    }

    Builder partialLineTimeout(Duration value) {
      partialLineTimeout = value;
      return this;
    }

    Builder eventTimeout(Duration value) {
      eventTimeout = value;
      return this;
    }

    Builder closeRotatedAfter(Duration value) {
      closeRotatedAfter = value;
      return this;
    }

    Builder retry(Duration initial, Duration max) {
      retryInitial = initial;
      retryMax = max;
      return this;
    }

    Builder requestTimeout(Duration value) {
      requestTimeout = value;
      return this;
    }

    Builder statusInterval(Duration value) {
      statusInterval = value;
      return this;
    }

    Builder shutdownTimeout(Duration value) {
      shutdownTimeout = value;
      return this;
    }

    Builder maxEventBytes(int value) {
      maxEventBytes = value;
      return this;
    }

    Builder maxEventLines(int value) {
      maxEventLines = value;
      return this;
    }

    AgentSettings build() {
      return new AgentSettings(
          includes,
          excludes,
          server,
          tenant,
          labels,
          dataDirectory,
          maxBufferBytes,
          readFrom,
          multiline,
          batchLines,
          batchBytes,
          linger,
          scanInterval,
          pollInterval,
          partialLineTimeout,
          eventTimeout,
          closeRotatedAfter,
          retryInitial,
          retryMax,
          requestTimeout,
          statusInterval,
          shutdownTimeout,
          maxEventBytes,
          maxEventLines);
    }
  }
}
