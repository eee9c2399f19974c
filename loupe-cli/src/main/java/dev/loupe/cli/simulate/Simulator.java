package dev.loupe.cli.simulate;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns simulated time into lines, in time order: arrivals come as a Poisson process whose rate
 * follows the {@link Intensity} (divided by the mean lines an arrival writes, so lines come at the
 * intensity), each arrival writes its lines into the {@link Emitter}, and a line is handed out once
 * no later arrival can write an earlier one: lines are never earlier than the arrival that writes
 * them, so everything up to the next arrival's time is final.
 *
 * <p>Incident starts and ends are processed when the arrival clock passes them, before any line at
 * or after them is handed out, so the lines they write (deploys, restarts, boots) fall in order
 * too. Lines of a host that is down are dropped as they come due. Deterministic: the same seed,
 * start, intensity and incidents give the same lines. Not thread-safe.
 */
final class Simulator {
  private final Traffic traffic;
  private final Emitter emitter;
  private final IncidentBoard board;
  private final Intensity intensity;
  private final Dice arrivals;
  private final double meanLinesPerArrival;
  private final long startNanos;
  private final List<Incident> started = new ArrayList<>();
  private double offsetSeconds;
  private long arrivalNanos;

  Simulator(World world, long seed, long startNanos, Intensity intensity, IncidentBoard board) {
    this.traffic = new Traffic(world, mix(seed), board, startNanos);
    this.emitter = traffic.emitter();
    this.board = board;
    this.intensity = intensity;
    this.arrivals = new Dice(mix(seed ^ 0xA7717A15L));
    this.meanLinesPerArrival = Traffic.meanLinesPerArrival();
    this.startNanos = startNanos;
    this.arrivalNanos = startNanos;
    processIncidents();
  }

  /** The next line in time order (there is always one: the world never stops). */
  Line next() {
    while (true) {
      Line head = emitter.peek();
      if (head != null && head.timeNanos() <= arrivalNanos) {
        emitter.poll();
        if (board.silent(head.host(), head.timeNanos())) {
          continue;
        }
        return head;
      }
      traffic.arrival(arrivalNanos);
      advance();
    }
  }

  /** Incidents that started since the last call, in start order. */
  List<Incident> drainStarted() {
    if (started.isEmpty()) {
      return List.of();
    }
    List<Incident> drained = List.copyOf(started);
    started.clear();
    return drained;
  }

  private void advance() {
    double arrivalsPerSecond = intensity.at(arrivalNanos) / meanLinesPerArrival;
    offsetSeconds += arrivals.exponential() / arrivalsPerSecond;
    arrivalNanos = startNanos + Math.round(offsetSeconds * 1e6) * 1_000L;
    processIncidents();
  }

  private void processIncidents() {
    board.advanceTo(arrivalNanos);
    Incident incident;
    while ((incident = board.pollStart(arrivalNanos)) != null) {
      traffic.started(incident);
      started.add(incident);
    }
    while ((incident = board.pollEnd(arrivalNanos)) != null) {
      traffic.ended(incident);
    }
  }

  /** The 64-bit finalizer of MurmurHash3: neighbouring seeds give unrelated streams. */
  static long mix(long value) {
    value ^= value >>> 33;
    value *= 0xff51afd7ed558ccdL;
    value ^= value >>> 33;
    value *= 0xc4ceb93fe53a87cdL;
    value ^= value >>> 33;
    return value;
  }
}
