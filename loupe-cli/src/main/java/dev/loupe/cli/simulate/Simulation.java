package dev.loupe.cli.simulate;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One run of {@code loupe simulate}: reads the settings into a start time, an intensity, incidents
 * and outputs; pulls lines from the {@link Simulator}; holds them to their pace; hands them to the
 * outputs and the labels; shows progress; stops at {@code --lines}, at the end of {@code
 * --duration}, or when {@link #requestStop} is called (Ctrl-C); closes everything and prints a
 * summary.
 *
 * <p>Incident labels are written when the first line at or after the incident's start goes out, so
 * the labels file holds exactly the incidents the output saw begin.
 *
 * <p>Thread-safety: {@link #run} on one thread; {@link #requestStop} and {@link #awaitFinished}
 * from any other (a shutdown hook).
 */
public final class Simulation {
  private static final long RANDOM_INCIDENTS_SALT = 0x1C1DE47L;

  private final SimulationSettings settings;
  private final InstantSource clock;
  private final LongSupplier wallNanos;
  private final Pacer.Sleeper sleeper;
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile boolean stopRequested;

  /** What a run wrote. */
  public record Report(
      long lines, Map<String, Long> linesBySource, int incidents, Instant from, Instant to) {}

  public Simulation(SimulationSettings settings, InstantSource clock) {
    this(settings, clock, System::nanoTime, nanos -> TimeUnit.NANOSECONDS.sleep(nanos));
  }

  Simulation(
      SimulationSettings settings,
      InstantSource clock,
      LongSupplier wallNanos,
      Pacer.Sleeper sleeper) {
    this.settings = settings;
    this.clock = clock;
    this.wallNanos = wallNanos;
    this.sleeper = sleeper;
    OutputTargets.check(settings.outputs());
  }

  /**
   * Prints every template of the world, one a line: id, source, level and the template with its
   * variables written {@code <*>} (newlines of stack traces as {@code \n}), tab-separated.
   */
  public static void listTemplates(PrintStream out) {
    for (Template template : TemplateCatalog.all()) {
      out.println(
          template.id()
              + "\t"
              + template.source().label()
              + "\t"
              + template.level()
              + "\t"
              + template.eventTemplate().replace("\n", "\\n").replace("\t", "\\t"));
    }
  }

  /** Asks a running simulation to stop after the current line; returns at once. */
  public void requestStop() {
    stopRequested = true;
  }

  /** Waits until {@link #run} has closed its outputs, at most {@code timeout}. */
  public boolean awaitFinished(Duration timeout) throws InterruptedException {
    return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Runs to the end; writes progress to {@code progress} and the summary to {@code report}.
   *
   * @throws IllegalArgumentException when an incident or output is given wrongly
   * @throws IOException when an output fails for good (the server is gone, a disk is full)
   */
  public Report run(OutputStream stdout, PrintStream report, SimulationProgress.Factory progress)
      throws IOException {
    try {
      return runChecked(stdout, report, progress);
    } finally {
      finished.countDown();
    }
  }

  private Report runChecked(
      OutputStream stdout, PrintStream report, SimulationProgress.Factory progressFactory)
      throws IOException {
    Instant now = clock.instant();
    Instant from = settings.from() != null ? settings.from() : now.truncatedTo(ChronoUnit.SECONDS);
    long startNanos = nanos(from);
    long endNanos = endNanos(startNanos, nanos(now));
    IncidentBoard board = board(startNanos, endNanos);
    Intensity intensity = new Intensity(settings.linesPerSimulatedSecond(), settings.diurnal());
    Simulator simulator = new Simulator(new World(), settings.seed(), startNanos, intensity, board);
    List<Output> outputs = OutputTargets.open(settings.outputs(), settings, stdout);
    Pacer pacer =
        settings.paced() ? new Pacer(startNanos, settings.speed(), wallNanos, sleeper) : null;
    Map<Source, Long> bySource = new EnumMap<>(Source.class);
    List<Incident> pendingLabels = new ArrayList<>();
    int incidentsWritten = 0;
    long lines = 0;
    long bytes = 0;
    long lastTime = startNanos;
    SimulationProgress progress = progressFactory.start(-1);
    IOException failure = null;
    try (Labels labels = new Labels(settings)) {
      while (!stopRequested && (settings.lines() == 0 || lines < settings.lines())) {
        Line line = simulator.next();
        if (line.timeNanos() >= endNanos) {
          break;
        }
        pendingLabels.addAll(simulator.drainStarted());
        incidentsWritten += labels.writeStarted(pendingLabels, line.timeNanos());
        if (pacer != null) {
          pacer.await(line.timeNanos(), wall -> tick(outputs, labels, wall));
        }
        for (Output output : outputs) {
          output.write(line);
        }
        labels.write(line);
        lines++;
        bytes += line.content().length() + 1;
        lastTime = line.timeNanos();
        bySource.merge(line.source(), 1L, Long::sum);
        if (lines % SimulateLimits.LINES_PER_TICK == 0) {
          tick(outputs, labels, wallNanos.getAsLong());
          progress.update(lines, bytes);
        }
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      failure = new InterruptedIOException("interrupted");
    } catch (IOException failed) {
      failure = failed;
    } finally {
      failure = closeAll(outputs, failure);
    }
    progress.finish(lines, bytes);
    if (failure != null) {
      throw failure;
    }
    Report result = report(lines, bySource, incidentsWritten, startNanos, lastTime);
    printSummary(report, result, outputs);
    return result;
  }

  private static void tick(List<Output> outputs, Labels labels, long wall) throws IOException {
    for (Output output : outputs) {
      output.tick(wall);
    }
    labels.tick(wall);
  }

  private static IOException closeAll(List<Output> outputs, IOException failure) {
    for (Output output : outputs) {
      try {
        output.close();
      } catch (IOException closing) {
        if (failure == null) {
          failure = closing;
        } else if (closing != failure && closing.getCause() != failure) {
          failure.addSuppressed(closing);
        }
      }
    }
    return failure;
  }

  /**
   * The end of simulated time: {@code --duration} after the start; else, for an unpaced run with no
   * line limit that starts in the past, now (a backfill up to the present); else never.
   */
  private long endNanos(long startNanos, long nowNanos) {
    if (settings.duration() != null) {
      return startNanos + settings.duration().toNanos();
    }
    if (!settings.paced() && settings.lines() == 0 && startNanos < nowNanos) {
      return nowNanos;
    }
    return Long.MAX_VALUE;
  }

  private IncidentBoard board(long startNanos, long endNanos) {
    List<Incident> given = new ArrayList<>();
    for (String spec : settings.incidents()) {
      given.add(IncidentParser.parse(spec, startNanos));
    }
    RandomIncidents random = null;
    if (settings.randomIncidents()) {
      long seed = Simulator.mix(settings.seed() ^ RANDOM_INCIDENTS_SALT);
      random = new RandomIncidents(seed, startNanos, incidentEvery(startNanos, endNanos));
    }
    return new IncidentBoard(given, random);
  }

  /** The mean gap of random incidents: as given, else a fifth of the run, else 30 minutes. */
  private Duration incidentEvery(long startNanos, long endNanos) {
    if (settings.incidentEvery() != null) {
      return settings.incidentEvery();
    }
    long spanNanos = -1;
    if (endNanos != Long.MAX_VALUE) {
      spanNanos = endNanos - startNanos;
    } else if (settings.lines() > 0) {
      spanNanos = (long) (settings.lines() / settings.linesPerSimulatedSecond() * 1e9);
    }
    if (spanNanos <= 0) {
      return SimulateLimits.DEFAULT_INCIDENT_EVERY;
    }
    return Duration.ofNanos(
        Math.max(1_000_000_000L, spanNanos / SimulateLimits.RANDOM_INCIDENTS_PER_RUN));
  }

  private static Report report(
      long lines, Map<Source, Long> bySource, int incidents, long startNanos, long lastNanos) {
    Map<String, Long> labelled = new java.util.LinkedHashMap<>();
    for (Source source : Source.values()) {
      labelled.put(source.label(), bySource.getOrDefault(source, 0L));
    }
    return new Report(
        lines, Map.copyOf(labelled), incidents, instant(startNanos), instant(lastNanos));
  }

  private void printSummary(PrintStream out, Report result, List<Output> outputs) {
    out.printf(
        Locale.ROOT,
        "simulated %,d lines (%,d access, %,d app, %,d syslog) from %s to %s, %d incidents%n",
        result.lines(),
        result.linesBySource().get("access"),
        result.linesBySource().get("app"),
        result.linesBySource().get("syslog"),
        result.from(),
        result.to(),
        result.incidents());
    for (Output output : outputs) {
      out.println("  " + output.summary());
    }
    if (settings.labels() != null) {
      out.println("  incident labels: " + settings.labels());
    }
    if (settings.labelsCsv() != null) {
      out.println("  template labels: " + settings.labelsCsv());
    }
  }

  static long nanos(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
  }

  static Instant instant(long nanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }

  /** The two labels files, either of which may be off. */
  private static final class Labels implements AutoCloseable {
    private final LabelsIncidents incidents;
    private final LabelsCsv csv;
    private final long flushIntervalNanos;
    private long lastFlushNanos = Long.MIN_VALUE;

    Labels(SimulationSettings settings) throws IOException {
      this.flushIntervalNanos = settings.flushInterval().toNanos();
      this.incidents = settings.labels() == null ? null : new LabelsIncidents(settings.labels());
      LabelsCsv opened = null;
      try {
        opened = settings.labelsCsv() == null ? null : new LabelsCsv(settings.labelsCsv());
      } catch (IOException failed) {
        if (incidents != null) {
          incidents.close();
        }
        throw failed;
      }
      this.csv = opened;
    }

    /** Writes the pending incidents that started by {@code timeNanos}; returns how many. */
    int writeStarted(List<Incident> pending, long timeNanos) throws IOException {
      int written = 0;
      for (var iterator = pending.iterator(); iterator.hasNext(); ) {
        Incident incident = iterator.next();
        if (incident.fromNanos() <= timeNanos) {
          if (incidents != null) {
            incidents.write(incident);
          }
          iterator.remove();
          written++;
        }
      }
      return written;
    }

    void write(Line line) throws IOException {
      if (csv != null) {
        csv.write(line);
      }
    }

    void tick(long wallNanos) throws IOException {
      if (csv == null) {
        return;
      }
      if (lastFlushNanos == Long.MIN_VALUE) {
        lastFlushNanos = wallNanos;
      }
      if (wallNanos - lastFlushNanos >= flushIntervalNanos) {
        csv.flush();
        lastFlushNanos = wallNanos;
      }
    }

    @Override
    public void close() throws IOException {
      try {
        if (csv != null) {
          csv.close();
        }
      } finally {
        if (incidents != null) {
          incidents.close();
        }
      }
    }
  }
}
