package dev.loupe.cli.agent;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import dev.loupe.ingest.Limits;
import dev.loupe.ingest.MultilineRule;
import dev.loupe.server.ServerConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code loupe agent}: tails files and ships their lines to a Loupe server. */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Tail log files and ship their lines to a Loupe server.",
      "",
      "Follows files through rotation (rename and copytruncate) and truncation, joins stack"
          + " traces into one event, keeps read offsets across restarts, and buffers on disk"
          + " (--data-dir) while the server is unreachable. Lines carry the labels host, file,"
          + " source=agent and your --label pairs.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  loupe agent --path '/var/log/*.log'",
      "  loupe agent --path '/var/log/nginx/*.log' --exclude '*.gz' \\",
      "      --label service=nginx --server http://logs.internal:9280 \\",
      "      --data-dir /var/lib/loupe-agent",
      "  loupe agent --path '/srv/app/**/*.log' --read-from end --max-buffer-mb 1024",
      "  loupe agent --config /etc/loupe/agent.conf",
      "",
      "A --config file holds one 'setting = value' a line (the long flags without --), e.g.",
      "  server = http://logs.internal:9280",
      "  path = /var/log/*.log",
      "  label = env=prod",
      "Flags on the command line win over the file. Details: docs/INGEST.md, 'loupe agent'."
    })
public final class AgentCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--path",
      paramLabel = "GLOB",
      description =
          "Files to tail, as a glob (repeatable): * stays in a directory, ** crosses"
              + " directories. Quote it so the shell does not expand it.")
  List<String> paths = new ArrayList<>();

  @Option(
      names = "--exclude",
      paramLabel = "GLOB",
      description =
          "Files to leave out (repeatable), e.g. '*.gz'; matched against the file name, or the"
              + " whole path when the glob has a /.")
  List<String> excludes = new ArrayList<>();

  @Option(
      names = {"-s", "--server"},
      paramLabel = "URL",
      defaultValue = "http://127.0.0.1:" + ServerConfig.DEFAULT_PORT,
      description = "URL of the Loupe server (default: ${DEFAULT-VALUE}).")
  String server;

  @Option(
      names = "--label",
      paramLabel = "KEY=VALUE",
      description =
          "A stream label for every line (repeatable), e.g. service=api; host and source can be"
              + " overridden this way.")
  Map<String, String> labels = new LinkedHashMap<>();

  @Option(
      names = "--tenant",
      paramLabel = "NAME",
      description = "Tenant to ship into (default: the server's default).")
  String tenant = "";

  @Option(
      names = {"--data-dir", "--buffer-dir"},
      paramLabel = "DIR",
      defaultValue = "loupe-agent-data",
      description =
          "Directory for read offsets and the disk buffer; one a running agent"
              + " (default: ./${DEFAULT-VALUE}).")
  Path dataDirectory;

  @Option(
      names = "--max-buffer-mb",
      paramLabel = "MB",
      defaultValue = "256",
      description =
          "Most MB of batches buffered on disk while the server is unreachable; when full,"
              + " reading pauses and the files are the buffer (default: ${DEFAULT-VALUE}).")
  long maxBufferMegabytes;

  @Option(
      names = "--read-from",
      defaultValue = "beginning",
      paramLabel = "beginning|end",
      description =
          "Where files found at the very first start are read from (default: ${DEFAULT-VALUE});"
              + " files appearing later are always read from the beginning.")
  String readFrom;

  @Option(
      names = "--multiline",
      defaultValue = "auto",
      paramLabel = "auto|off",
      description =
          "auto: stack traces (Java, Python, Go) and indented lines join the event before them, the"
              + " rule of plain text sent to the server; off: one line, one event. 'continuation',"
              + " the former name of auto, is still read (default: ${DEFAULT-VALUE}).")
  String multiline;

  @Option(
      names = "--multiline-start",
      paramLabel = "REGEX",
      description =
          "Instead of the auto rule: a line starts an event when this regular expression (Java"
              + " syntax) is found in it, e.g. '^\\d{4}-\\d{2}-\\d{2}'; every other line continues the"
              + " event before it (default: none).")
  String multilineStart;

  @Option(
      names = "--max-event-lines",
      paramLabel = "N",
      defaultValue = "" + Limits.DEFAULT_MAX_EVENT_LINES,
      description =
          "Most lines a multi-line event holds; the next line starts a new event, nothing is"
              + " dropped (default: ${DEFAULT-VALUE}).")
  int maxEventLines;

  @Option(
      names = "--batch-lines",
      paramLabel = "N",
      defaultValue = "" + AgentLimits.DEFAULT_BATCH_LINES,
      description = "Lines a request at most (default: ${DEFAULT-VALUE}).")
  int batchLines;

  @Option(
      names = "--batch-kb",
      paramLabel = "KB",
      defaultValue = "" + (AgentLimits.DEFAULT_BATCH_BYTES >> 10),
      description = "KB of JSON lines a request at most, before gzip (default: ${DEFAULT-VALUE}).")
  long batchKilobytes;

  @Option(
      names = "--linger",
      paramLabel = "DURATION",
      defaultValue = "1s",
      description = "How long a batch waits for more lines (default: ${DEFAULT-VALUE}).")
  Duration linger;

  @Option(
      names = "--scan-interval",
      paramLabel = "DURATION",
      defaultValue = "5s",
      description = "How often to look for new and rotated files (default: ${DEFAULT-VALUE}).")
  Duration scanInterval;

  @Option(
      names = "--poll-interval",
      paramLabel = "DURATION",
      defaultValue = "250ms",
      description = "How often idle files are checked for new lines (default: ${DEFAULT-VALUE}).")
  Duration pollInterval;

  @Option(
      names = "--partial-line-timeout",
      paramLabel = "DURATION",
      defaultValue = "5s",
      description =
          "Ship a last line that lacks its newline after this long without new data"
              + " (default: ${DEFAULT-VALUE}).")
  Duration partialLineTimeout;

  @Option(
      names = "--event-timeout",
      paramLabel = "DURATION",
      defaultValue = "2s",
      description =
          "A multi-line event is complete after this long without a new line"
              + " (default: ${DEFAULT-VALUE}).")
  Duration eventTimeout;

  @Option(
      names = "--close-rotated-after",
      paramLabel = "DURATION",
      defaultValue = "10s",
      description =
          "Close a rotated or deleted file this long after it was read to its end"
              + " (default: ${DEFAULT-VALUE}).")
  Duration closeRotatedAfter;

  @Option(
      names = "--max-event-kb",
      paramLabel = "KB",
      defaultValue = "" + (AgentLimits.DEFAULT_MAX_EVENT_BYTES >> 10),
      description =
          "Longest event; longer lines are cut into pieces, longer multi-line events end there"
              + " (default: ${DEFAULT-VALUE}).")
  int maxEventKilobytes;

  @Option(
      names = "--retry-initial",
      paramLabel = "DURATION",
      defaultValue = "500ms",
      description = "First wait after a failed request; it doubles (default: ${DEFAULT-VALUE}).")
  Duration retryInitial;

  @Option(
      names = "--retry-max",
      paramLabel = "DURATION",
      defaultValue = "30s",
      description = "Longest wait between retries (default: ${DEFAULT-VALUE}).")
  Duration retryMax;

  @Option(
      names = "--request-timeout",
      paramLabel = "DURATION",
      defaultValue = "30s",
      description = "How long a request may take before it is retried (default: ${DEFAULT-VALUE}).")
  Duration requestTimeout;

  @Option(
      names = "--status-interval",
      paramLabel = "DURATION",
      defaultValue = "30s",
      description =
          "How often to log lines shipped and lines/s; 0 turns it off (default: ${DEFAULT-VALUE}).")
  Duration statusInterval;

  @Option(
      names = "--shutdown-timeout",
      paramLabel = "DURATION",
      defaultValue = "5s",
      description =
          "On stop, keep shipping the buffer this long; the rest is shipped at the next start"
              + " (default: ${DEFAULT-VALUE}).")
  Duration shutdownTimeout;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Read settings from FILE: 'setting = value' lines (see below).")
  Path config;

  private boolean configApplied;

  @Override
  public Integer call() throws IOException, InterruptedException {
    applyConfigFile();
    AgentSettings settings = settings();
    Agent agent = Agent.start(settings, Clock.systemUTC());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  agent.close();
                  stopped.countDown();
                },
                "loupe-agent-shutdown"));
    System.err.printf(
        "loupe agent: tailing %s to %s (offsets and buffer in %s). Ctrl-C stops it.%n",
        String.join(" ", settings.includes()),
        settings.server(),
        settings.dataDirectory().toAbsolutePath().normalize());
    stopped.await();
    return 0;
  }

  /** Reparses with the config file's settings before the command line's, once. */
  void applyConfigFile() {
    if (config == null || configApplied) {
      return;
    }
    CommandLine.ParseResult given = spec.commandLine().getParseResult();
    List<String> arguments =
        new ArrayList<>(
            AgentConfigFile.arguments(
                config, flag -> spec.findOption(flag) != null, given::hasMatchedOption));
    arguments.addAll(given.expandedArgs());
    spec.commandLine().parseArgs(arguments.toArray(String[]::new));
    configApplied = true;
  }

  AgentSettings settings() {
    if (paths.isEmpty()) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST,
          "give at least one --path, e.g. loupe agent --path '/var/log/*.log'");
    }
    Map<String, String> allLabels = new LinkedHashMap<>();
    allLabels.put(AgentSettings.LABEL_HOST, hostname());
    allLabels.putAll(labels);
    return AgentSettings.builder(paths, serverUri(), dataDirectory)
        .excludes(excludes)
        .tenant(tenant)
        .labels(allLabels)
        .maxBufferBytes(maxBufferMegabytes << 20)
        .readFrom(choice(AgentSettings.ReadFrom.class, readFrom, "--read-from"))
        .multiline(multilineRule())
        .batchLines(batchLines)
        .batchBytes(batchKilobytes << 10)
        .linger(linger)
        .scanInterval(scanInterval)
        .pollInterval(pollInterval)
        .partialLineTimeout(partialLineTimeout)
        .eventTimeout(eventTimeout)
        .closeRotatedAfter(closeRotatedAfter)
        .maxEventBytes(maxEventKilobytes << 10)
        .maxEventLines(maxEventLines)
        .retry(retryInitial, retryMax)
        .requestTimeout(requestTimeout)
        .statusInterval(statusInterval)
        .shutdownTimeout(shutdownTimeout)
        .build();
  }

  /** {@code --multiline} and {@code --multiline-start} as the joiner's rule. */
  private MultilineRule multilineRule() {
    String mode = multiline.strip().toLowerCase(Locale.ROOT);
    boolean off =
        switch (mode) {
          case "auto", "continuation" -> false;
          case "off" -> true;
          default ->
              throw new LoupeException(
                  ErrorCode.BAD_REQUEST,
                  "--multiline must be auto or off, not '"
                      + multiline
                      + "'; give a start-of-event pattern with --multiline-start");
        };
    if (multilineStart == null) {
      return off ? MultilineRule.OFF : MultilineRule.AUTO;
    }
    if (off) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST,
          "--multiline off and --multiline-start contradict each other; give one of them");
    }
    try {
      return MultilineRule.startPattern(multilineStart);
    } catch (LoupeException invalid) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST, "--multiline-start: " + invalid.getMessage(), invalid);
    }
  }

  private URI serverUri() {
    try {
      return new URI(server);
    } catch (URISyntaxException failure) {
      throw new LoupeException(
          ErrorCode.BAD_REQUEST,
          "--server '" + server + "' is not a URL, e.g. http://127.0.0.1:9280",
          failure);
    }
  }

  private static <E extends Enum<E>> E choice(Class<E> type, String value, String flag) {
    String wanted = value.strip().toUpperCase(Locale.ROOT);
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equals(wanted)) {
        return constant;
      }
    }
    List<String> names = new ArrayList<>();
    for (E constant : type.getEnumConstants()) {
      names.add(constant.name().toLowerCase(Locale.ROOT));
    }
    throw new LoupeException(
        ErrorCode.BAD_REQUEST,
        flag + " must be " + String.join(" or ", names) + ", not '" + value + "'");
  }

  /** The host label: $HOSTNAME when set (containers set it), else the name the system reports. */
  static String hostname() {
    String fromEnvironment = System.getenv("HOSTNAME");
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return fromEnvironment.strip();
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException unknown) {
      return "unknown";
    }
  }
}
