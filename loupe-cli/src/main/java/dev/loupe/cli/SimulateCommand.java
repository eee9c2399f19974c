package dev.loupe.cli;

import dev.loupe.cli.simulate.SimulateLimits;
import dev.loupe.cli.simulate.Simulation;
import dev.loupe.cli.simulate.SimulationProgress;
import dev.loupe.cli.simulate.SimulationSettings;
import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code loupe simulate}: writes realistic, labelled logs of a small shop (nginx, nine services,
 * host daemons) to a server, syslog, files or stdout, with incidents on demand. The work is done by
 * {@link Simulation}; this class reads options.
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Simulate a small online shop and write its logs: nginx access logs, JSON logs of nine"
            + " Java services whose request flows share trace ids, syslog of eight hosts. Inject"
            + " incidents (error bursts, latency spikes, bad deploys, silent hosts, memory leaks)"
            + " and write their ground truth, and every line's template, to labels files."
            + " Deterministic: the same --seed and options (with --from) give the same bytes.",
    footer = {
      "",
      "Outputs (--output, repeatable; default -):",
      "  -                        NDJSON on stdout, as shipped to Loupe",
      "  http://HOST:PORT         POST gzipped NDJSON batches to /api/v1/ingest",
      "  syslog://HOST:PORT       RFC 5424 over TCP, octet-counted frames",
      "  syslog+udp://HOST:PORT   RFC 5424 over UDP, one datagram a line",
      "  file:DIR                 DIR/HOST/ access.log, SERVICE.log, syslog",
      "",
      "Incidents (--incident KIND:key=value,...; at= an offset from --from or an",
      "RFC 3339 time, default 0; for= a length, default 10m):",
      "  error-burst:service=S[,rate=0.5]    calls to S fail; retries, 503s",
      "  latency-spike:service=S[,factor=25] S answers slower; slow calls, 504s",
      "  deploy:service=S[,rate=0.2]         a new version, a new error; rollback",
      "  host-silent:host=H                  H stops logging, then boots again",
      "  memory-leak:service=S[,host=H]      heap warnings grow, OutOfMemoryError",
      "",
      "Examples:",
      "  loupe simulate --output http://127.0.0.1:9280 --rate 2000",
      "  loupe simulate --from 2026-11-21T00:00:00Z --duration 1d --rate 50 \\",
      "      --backfill --incidents random --labels incidents.jsonl \\",
      "      --output http://127.0.0.1:9280",
      "  loupe simulate --lines 100000 --rate 0 --from 2026-11-21T00:00:00Z \\",
      "      --labels-csv simulated.csv --output - > simulated.ndjson",
      "  loupe simulate --incident error-burst:service=payments,at=2m,for=5m"
    })
final class SimulateCommand implements Callable<Integer> {
  @Option(
      names = {"-o", "--output"},
      paramLabel = "TARGET",
      description = "Where lines go; repeat for several (default: -, stdout). See below.")
  List<String> outputs = new ArrayList<>();

  @Option(
      names = "--rate",
      defaultValue = "1000",
      description =
          "Lines per second of wall time (default: ${DEFAULT-VALUE}); 0 for as fast as the"
              + " machine allows. With --diurnal, the day's average.")
  double rate;

  @Option(
      names = "--duration",
      description =
          "Simulated time to cover, e.g. 10m, 24h, 1d (default: no limit; a --backfill or"
              + " --rate 0 run from a past --from stops at the present).")
  Duration duration;

  @Option(
      names = "--lines",
      defaultValue = "0",
      description = "Stop after this many lines (default: no limit).")
  long lines;

  @Option(
      names = "--from",
      paramLabel = "TIME",
      description =
          "Simulated time of the first line, RFC 3339, e.g. 2026-11-21T00:00:00Z (default: now;"
              + " give it for byte-identical runs).")
  String from;

  @Option(
      names = "--speed",
      defaultValue = "1",
      description =
          "Simulated seconds per wall second (default: ${DEFAULT-VALUE}, real time; 3600: an"
              + " hour a second). The world writes RATE/SPEED lines per simulated second.")
  double speed;

  @Option(
      names = "--backfill",
      description =
          "Write as fast as possible the lines a paced run would write (same times), e.g. a day"
              + " of history in seconds.")
  boolean backfill;

  @Option(
      names = "--diurnal",
      description = "Shape the rate by time of day: busiest at 15:00 UTC, quietest at 03:00.")
  boolean diurnal;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Seed of everything that happens (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--incident",
      paramLabel = "SPEC",
      description = "An incident, e.g. error-burst:service=payments,at=10m,for=5m; repeatable.")
  List<String> incidents = new ArrayList<>();

  @Option(
      names = "--incidents",
      paramLabel = "random|none",
      defaultValue = "none",
      description = "random: also draw incidents from the seed (default: ${DEFAULT-VALUE}).")
  String incidentSchedule;

  @Option(
      names = "--incident-every",
      description =
          "Mean simulated time between random incidents (default: a fifth of the run when its"
              + " length is known, else 30m).")
  Duration incidentEvery;

  @Option(
      names = "--labels",
      paramLabel = "FILE",
      description =
          "Write each incident's ground truth (kind, where, from, to, templates) as JSON lines.")
  Path labels;

  @Option(
      names = "--labels-csv",
      paramLabel = "FILE",
      description = "Write every line as a Loghub-style CSV: LineId,Content,EventId,EventTemplate.")
  Path labelsCsv;

  @Option(
      names = "--batch-lines",
      defaultValue = "" + SimulateLimits.DEFAULT_BATCH_LINES,
      description = "Lines per HTTP request (default: ${DEFAULT-VALUE}).")
  int batchLines;

  @Option(
      names = "--flush-interval",
      defaultValue = "1s",
      description =
          "Longest a line waits in an output's buffer before it is sent or flushed (default:"
              + " ${DEFAULT-VALUE}).")
  Duration flushInterval;

  @Option(
      names = "--retries",
      defaultValue = "" + SimulateLimits.DEFAULT_RETRIES,
      description =
          "Retries of a failed HTTP batch or syslog connection, waiting 250 ms, then twice as"
              + " long each time (default: ${DEFAULT-VALUE}).")
  int retries;

  @Option(
      names = "--http-connections",
      defaultValue = "" + SimulateLimits.DEFAULT_HTTP_CONNECTIONS,
      description = "Concurrent HTTP requests (default: ${DEFAULT-VALUE}).")
  int httpConnections;

  @Option(
      names = "--udp-max-bytes",
      defaultValue = "" + SimulateLimits.DEFAULT_UDP_MAX_BYTES,
      description = "Largest syslog datagram; longer messages are cut (default: ${DEFAULT-VALUE}).")
  int udpMaxBytes;

  @Option(
      names = "--list-templates",
      description =
          "Print every template (id, source, level, template with <*>) and exit, for checking"
              + " pattern mining by hand.")
  boolean listTemplates;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (listTemplates) {
      Simulation.listTemplates(System.out);
      return 0;
    }
    Simulation simulation;
    try {
      SimulationSettings settings = settings();
      simulation = new Simulation(settings, Clock.systemUTC());
    } catch (IllegalArgumentException invalid) {
      throw new ParameterException(spec.commandLine(), invalid.getMessage());
    }
    boolean stdoutIsData = outputs.contains("-") || outputs.isEmpty();
    PrintStream report = stdoutIsData ? System.err : System.out;
    Thread stopOnSignal =
        new Thread(
            () -> {
              simulation.requestStop();
              try {
                simulation.awaitFinished(Duration.ofSeconds(10));
              } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
              }
            },
            "simulate-stop");
    Runtime.getRuntime().addShutdownHook(stopOnSignal);
    try {
      simulation.run(System.out, report, SimulateCommand::progressBar);
    } catch (IllegalArgumentException invalid) {
      throw new ParameterException(spec.commandLine(), invalid.getMessage());
    } catch (IOException failure) {
      throw new LoupeException(ErrorCode.UNAVAILABLE, "simulate: " + failure.getMessage(), failure);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(stopOnSignal);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running (Ctrl-C): it waits for the run, which has just finished
      }
    }
    return 0;
  }

  private SimulationSettings settings() {
    if (!incidentSchedule.equals("random") && !incidentSchedule.equals("none")) {
      throw new IllegalArgumentException(
          "--incidents takes random or none, not " + incidentSchedule);
    }
    return new SimulationSettings(
        seed,
        from == null ? null : instant(from),
        rate,
        speed,
        backfill,
        duration,
        lines,
        diurnal,
        outputs,
        incidents,
        incidentSchedule.equals("random"),
        incidentEvery,
        labels,
        labelsCsv,
        batchLines,
        flushInterval,
        retries,
        httpConnections,
        udpMaxBytes);
  }

  private static Instant instant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException invalid) {
      throw new IllegalArgumentException(
          "--from " + text + " is not an RFC 3339 time; write e.g. 2026-11-21T00:00:00Z");
    }
  }

  private static SimulationProgress progressBar(long totalBytes) {
    ProgressBar bar = new ProgressBar(System.err, totalBytes);
    return new SimulationProgress() {
      @Override
      public void update(long lines, long bytes) {
        bar.update(lines, bytes);
      }

      @Override
      public void finish(long lines, long bytes) {
        bar.finish(lines, bytes);
      }
    };
  }
}
