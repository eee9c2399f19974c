package dev.loupe.cli.simulate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Runs the simulator in memory for tests: a fixed start, a seed, incidents, N lines or seconds. */
final class Simulated {
  static final Instant START = Instant.parse("2026-11-21T10:00:00Z");
  static final long START_NANOS = Simulation.nanos(START);

  private Simulated() {}

  /** The lines of {@code seconds} simulated seconds at {@code linesPerSecond}. */
  static List<Line> seconds(long seed, double linesPerSecond, int seconds, String... incidents) {
    Simulator simulator = simulator(seed, linesPerSecond, false, incidents);
    long end = START_NANOS + seconds * 1_000_000_000L;
    List<Line> lines = new ArrayList<>();
    for (Line line = simulator.next(); line.timeNanos() < end; line = simulator.next()) {
      lines.add(line);
    }
    return lines;
  }

  /** The first {@code count} lines. */
  static List<Line> lines(long seed, int count, String... incidents) {
    Simulator simulator = simulator(seed, 1_000, false, incidents);
    List<Line> lines = new ArrayList<>(count);
    for (int index = 0; index < count; index++) {
      lines.add(simulator.next());
    }
    return lines;
  }

  static Simulator simulator(
      long seed, double linesPerSecond, boolean diurnal, String... incidents) {
    List<Incident> given = new ArrayList<>();
    for (String spec : incidents) {
      given.add(IncidentParser.parse(spec, START_NANOS));
    }
    return new Simulator(
        new World(),
        seed,
        START_NANOS,
        new Intensity(linesPerSecond, diurnal),
        new IncidentBoard(given, null));
  }

  /**
   * A run in which every template of the catalogue is written: incidents of every kind one after
   * another: bursts, then latency spikes (on the services every route passes, slow enough for the
   * gateway's timeout), then bad deploys, on every service that answers calls; outages of the only
   * hosts of payments and cart, and of both hosts of catalog at once; two memory leaks; then 30
   * quiet seconds. 150 simulated seconds at 1,000 lines a second.
   */
  static List<Line> everyTemplate() {
    return EveryTemplate.LINES;
  }

  private static final class EveryTemplate {
    static final List<Line> LINES = seconds(7, 1_000, 150, incidents());

    private static String[] incidents() {
      List<String> incidents = new ArrayList<>();
      List<String> first = List.of("auth", "catalog", "search", "cart");
      List<String> second = List.of("checkout", "payments", "inventory", "notifications");
      for (String service : first) {
        incidents.add("error-burst:service=" + service + ",at=0,for=10s,rate=0.4");
        incidents.add("deploy:service=" + service + ",at=40s,for=10s,rate=0.4");
      }
      for (String service : second) {
        incidents.add("error-burst:service=" + service + ",at=10s,for=10s,rate=0.4");
        incidents.add("deploy:service=" + service + ",at=50s,for=10s,rate=0.4");
      }
      for (String service : List.of("auth", "catalog", "search", "notifications")) {
        incidents.add("latency-spike:service=" + service + ",at=20s,for=20s,factor=1000");
      }
      incidents.add("host-silent:host=app-04,at=60s,for=20s");
      incidents.add("host-silent:host=app-03,at=80s,for=20s");
      // with app-03, both hosts of catalog: GET requests meet an unavailable service too
      incidents.add("host-silent:host=app-01,at=90s,for=10s");
      incidents.add("memory-leak:service=cart,at=0,for=80s");
      incidents.add("memory-leak:service=search,host=app-02,at=0,for=70s");
      return incidents.toArray(String[]::new);
    }
  }
}
