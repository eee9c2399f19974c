package dev.loupe.cli.simulate;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What {@code loupe simulate} was asked for, as read from the command line. Checked here; read into
 * a run by {@link Simulation}.
 *
 * @param seed picks everything that happens: the same seed and settings give the same lines
 * @param from the simulated time of the first line; null for now (then runs differ)
 * @param rate lines per second of wall time; 0 for as fast as possible
 * @param speed simulated seconds per wall second (3600: an hour a second)
 * @param backfill write as fast as possible the lines a paced run would have written
 * @param duration simulated time to cover; null for no limit
 * @param lines lines to write; 0 for no limit
 * @param diurnal shape the rate by time of day
 * @param outputs where lines go ({@code -}, {@code http://...}, {@code syslog://...}, {@code
 *     syslog+udp://...}, {@code file:DIR})
 * @param incidents incident specs ({@code error-burst:service=payments,at=10m,for=5m})
 * @param randomIncidents also draw incidents at random
 * @param incidentEvery mean time between random incidents; null for the default
 * @param labels the incident labels file (JSON lines), or null
 * @param labelsCsv the per-line template labels (Loghub CSV), or null
 * @param batchLines lines per HTTP request
 * @param flushInterval longest wait of a line in an output's buffer
 * @param retries retries of a failed send
 * @param httpConnections concurrent HTTP senders
 * @param udpMaxBytes largest syslog datagram
 */
public record SimulationSettings(
    long seed,
    Instant from,
    double rate,
    double speed,
    boolean backfill,
    Duration duration,
    long lines,
    boolean diurnal,
    List<String> outputs,
    List<String> incidents,
    boolean randomIncidents,
    Duration incidentEvery,
    Path labels,
    Path labelsCsv,
    int batchLines,
    Duration flushInterval,
    int retries,
    int httpConnections,
    int udpMaxBytes) {

  public SimulationSettings {
    requireNonNull(outputs, "outputs is null");
    requireNonNull(incidents, "incidents is null");
    requireNonNull(flushInterval, "flushInterval is null");
    outputs = List.copyOf(outputs.isEmpty() ? List.of("-") : outputs);
    incidents = List.copyOf(incidents);
    check(
        rate >= 0 && Double.isFinite(rate),
        "--rate must be 0 (as fast as possible) or more, got " + rate);
    check(speed > 0 && Double.isFinite(speed), "--speed must be above 0, got " + speed);
    check(lines >= 0, "--lines must be 0 (no limit) or more, got " + lines);
    check(duration == null || !duration.isNegative(), "--duration must not be negative");
    check(
        incidentEvery == null || incidentEvery.toSeconds() >= 1,
        "--incident-every must be at least 1s");
    check(batchLines >= 1, "--batch-lines must be at least 1, got " + batchLines);
    check(flushInterval.toMillis() >= 1, "--flush-interval must be at least 1ms");
    check(retries >= 0, "--retries must be 0 or more, got " + retries);
    check(httpConnections >= 1, "--http-connections must be at least 1, got " + httpConnections);
    check(
        udpMaxBytes >= 480 && udpMaxBytes <= 65_507,
        "--udp-max-bytes must be from 480 to 65507, got " + udpMaxBytes);
    long stdoutOutputs = outputs.stream().filter("-"::equals).count();
    check(stdoutOutputs <= 1, "--output - can be given once");
  }

  /** The settings with their defaults, writing to {@code outputs}; for tests and embedding. */
  public static SimulationSettings defaults(List<String> outputs) {
    return new SimulationSettings(
        42,
        null,
        SimulateLimits.DEFAULT_RATE,
        1,
        false,
        null,
        0,
        false,
        outputs,
        List.of(),
        false,
        null,
        null,
        null,
        SimulateLimits.DEFAULT_BATCH_LINES,
        SimulateLimits.DEFAULT_FLUSH_INTERVAL,
        SimulateLimits.DEFAULT_RETRIES,
        SimulateLimits.DEFAULT_HTTP_CONNECTIONS,
        SimulateLimits.DEFAULT_UDP_MAX_BYTES);
  }

  public SimulationSettings withSeed(long newSeed) {
    return new SimulationSettings(
        newSeed,
        from,
        rate,
        speed,
        backfill,
        duration,
        lines,
        diurnal,
        outputs,
        incidents,
        randomIncidents,
        incidentEvery,
        labels,
        labelsCsv,
        batchLines,
        flushInterval,
        retries,
        httpConnections,
        udpMaxBytes);
  }

  public SimulationSettings withFrom(Instant newFrom) {
    return new SimulationSettings(
        seed,
        newFrom,
        rate,
        speed,
        backfill,
        duration,
        lines,
        diurnal,
        outputs,
        incidents,
        randomIncidents,
        incidentEvery,
        labels,
        labelsCsv,
        batchLines,
        flushInterval,
        retries,
        httpConnections,
        udpMaxBytes);
  }

  public SimulationSettings withPace(double newRate, double newSpeed, boolean newBackfill) {
    return new SimulationSettings(
        seed,
        from,
        newRate,
        newSpeed,
        newBackfill,
        duration,
        lines,
        diurnal,
        outputs,
        incidents,
        randomIncidents,
        incidentEvery,
        labels,
        labelsCsv,
        batchLines,
        flushInterval,
        retries,
        httpConnections,
        udpMaxBytes);
  }

  public SimulationSettings withLimits(Duration newDuration, long newLines) {
    return new SimulationSettings(
        seed,
        from,
        rate,
        speed,
        backfill,
        newDuration,
        newLines,
        diurnal,
        outputs,
        incidents,
        randomIncidents,
        incidentEvery,
        labels,
        labelsCsv,
        batchLines,
        flushInterval,
        retries,
        httpConnections,
        udpMaxBytes);
  }

  public SimulationSettings withDiurnal(boolean newDiurnal) {
    return new SimulationSettings(
        seed,
        from,
        rate,
        speed,
        backfill,
        duration,
        lines,
        newDiurnal,
        outputs,
        incidents,
        randomIncidents,
        incidentEvery,
        labels,
        labelsCsv,
        batchLines,
        flushInterval,
        retries,
        httpConnections,
        udpMaxBytes);
  }

  public SimulationSettings withOutputs(List<String> newOutputs) {
    return new SimulationSettings(
        seed,
        from,
        rate,
        speed,
        backfill,
        duration,
        lines,
        diurnal,
        newOutputs,
        incidents,
        randomIncidents,
        incidentEvery,
        labels,
        labelsCsv,
        batchLines,
        flushInterval,
        retries,
        httpConnections,
        udpMaxBytes);
  }

  public SimulationSettings withIncidents(
      List<String> newIncidents, boolean newRandom, Duration newEvery) {
    return new SimulationSettings(
        seed,
        from,
        rate,
        speed,
        backfill,
        duration,
        lines,
        diurnal,
        outputs,
        newIncidents,
        newRandom,
        newEvery,
        labels,
        labelsCsv,
        batchLines,
        flushInterval,
        retries,
        httpConnections,
        udpMaxBytes);
  }

  public SimulationSettings withLabels(Path newLabels, Path newLabelsCsv) {
    return new SimulationSettings(
        seed,
        from,
        rate,
        speed,
        backfill,
        duration,
        lines,
        diurnal,
        outputs,
        incidents,
        randomIncidents,
        incidentEvery,
        newLabels,
        newLabelsCsv,
        batchLines,
        flushInterval,
        retries,
        httpConnections,
        udpMaxBytes);
  }

  public SimulationSettings withSending(
      int newBatchLines,
      Duration newFlushInterval,
      int newRetries,
      int newHttpConnections,
      int newUdpMaxBytes) {
    return new SimulationSettings(
        seed,
        from,
        rate,
        speed,
        backfill,
        duration,
        lines,
        diurnal,
        outputs,
        incidents,
        randomIncidents,
        incidentEvery,
        labels,
        labelsCsv,
        newBatchLines,
        newFlushInterval,
        newRetries,
        newHttpConnections,
        newUdpMaxBytes);
  }

  /** Whether lines wait for their time (a rate is set and not backfilling). */
  boolean paced() {
    return rate > 0 && !backfill;
  }

  /**
   * Lines per simulated second: the rate spread over the speed; with {@code --rate 0}, {@code
   * --lines} over {@code --duration} when both are given, else the default rate.
   */
  double linesPerSimulatedSecond() {
    if (rate > 0) {
      return rate / speed;
    }
    if (lines > 0 && duration != null && !duration.isZero()) {
      return lines / (duration.toNanos() / 1e9);
    }
    return SimulateLimits.DEFAULT_RATE / speed;
  }

  private static void check(boolean valid, String message) {
    if (!valid) {
      throw new IllegalArgumentException(message);
    }
  }
}
