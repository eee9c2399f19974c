package dev.loupe.cli.simulate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The incidents of a run and what they do at a given time: the traffic asks it, for each call,
 * whether the service is failing, slow or leaking and whether a host is down. Holds the incidents
 * given on the command line and, with {@code --incidents random}, draws more as simulated time
 * moves on (from their own random stream, so traffic and schedule do not disturb each other).
 *
 * <p>Starts and ends are handed out once each, in time order, through {@link #pollStart} and {@link
 * #pollEnd}: the simulator writes what happens at those instants (restarts, boot lines, labels).
 * Queries scan the incidents still live (ended ones are dropped as time passes): there are a
 * handful at a time, so a scan beats any index. Not thread-safe.
 */
final class IncidentBoard {
  /** How long after its end an incident is still consulted: lines of a flow lag its arrival. */
  private static final long RETIRE_AFTER_NANOS = 600_000_000_000L;

  private final RandomIncidents random;
  private final List<Incident> live = new ArrayList<>();
  private final PriorityQueue<Incident> starts =
      new PriorityQueue<>(Comparator.comparingLong(Incident::fromNanos));
  private final PriorityQueue<Incident> ends =
      new PriorityQueue<>(Comparator.comparingLong(Incident::toNanos));

  /**
   * @param given the incidents given explicitly
   * @param random draws more incidents as time passes, or null for none
   */
  IncidentBoard(List<Incident> given, RandomIncidents random) {
    this.random = random;
    for (Incident incident : given) {
      add(incident);
    }
  }

  static IncidentBoard none() {
    return new IncidentBoard(List.of(), null);
  }

  /** Draws random incidents starting up to {@code timeNanos}, and retires long-ended ones. */
  void advanceTo(long timeNanos) {
    while (random != null && random.nextStartNanos() <= timeNanos) {
      add(random.next());
    }
    live.removeIf(incident -> incident.toNanos() + RETIRE_AFTER_NANOS < timeNanos);
  }

  private void add(Incident incident) {
    live.add(incident);
    starts.add(incident);
    ends.add(incident);
  }

  /** The next incident starting at or before {@code timeNanos}, once each; else null. */
  Incident pollStart(long timeNanos) {
    return starts.isEmpty() || starts.peek().fromNanos() > timeNanos ? null : starts.poll();
  }

  /** The next incident ending at or before {@code timeNanos}, once each; else null. */
  Incident pollEnd(long timeNanos) {
    return ends.isEmpty() || ends.peek().toNanos() > timeNanos ? null : ends.poll();
  }

  /** The chance that a call to {@code service} fails in an error burst; 0 when none. */
  double errorRate(World.Service service, long timeNanos) {
    return value(IncidentKind.ERROR_BURST, service, timeNanos, 0);
  }

  /** The chance that a call to {@code service} hits the bug of a bad deploy; 0 when none. */
  double regressionRate(World.Service service, long timeNanos) {
    return value(IncidentKind.DEPLOY, service, timeNanos, 0);
  }

  /** How many times slower {@code service} answers; 1 when no spike. */
  double latencyFactor(World.Service service, long timeNanos) {
    return value(IncidentKind.LATENCY_SPIKE, service, timeNanos, 1);
  }

  boolean silent(String host, long timeNanos) {
    for (Incident incident : live) {
      if (incident.kind() == IncidentKind.HOST_SILENT
          && incident.host().equals(host)
          && incident.activeAt(timeNanos)) {
        return true;
      }
    }
    return false;
  }

  /** How far the heap of an instance has leaked (0 to 1), or -1 when it does not leak. */
  double leakProgress(World.Instance instance, long timeNanos) {
    for (Incident incident : live) {
      if (incident.kind() == IncidentKind.MEMORY_LEAK
          && incident.service().equals(instance.service())
          && incident.host().equals(instance.host())
          && incident.activeAt(timeNanos)) {
        return incident.progress(timeNanos);
      }
    }
    return -1;
  }

  /** The leaks running at {@code timeNanos}. */
  List<Incident> leaks(long timeNanos) {
    List<Incident> leaks = new ArrayList<>(1);
    for (Incident incident : live) {
      if (incident.kind() == IncidentKind.MEMORY_LEAK && incident.activeAt(timeNanos)) {
        leaks.add(incident);
      }
    }
    return leaks;
  }

  private double value(IncidentKind kind, World.Service service, long timeNanos, double none) {
    for (Incident incident : live) {
      if (incident.kind() == kind
          && incident.service().equals(service)
          && incident.activeAt(timeNanos)) {
        return incident.value();
      }
    }
    return none;
  }
}
