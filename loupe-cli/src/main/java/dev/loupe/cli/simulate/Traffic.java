package dev.loupe.cli.simulate;

import static dev.loupe.cli.simulate.TemplateCatalog.*;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What happens in the world at one instant: an arrival is a visitor's request (about half), a
 * service's background work, or a host daemon's message, each writing one or more lines through the
 * {@link Emitter}. Also writes what happens when an incident starts or ends (deploys and rollbacks,
 * a host's boot, an out-of-memory crash and restart).
 *
 * <p>The simulator spaces arrivals so that lines, not arrivals, come at the requested rate; for
 * that it needs the mean number of lines an arrival writes, measured once on a fixed seed by {@link
 * #meanLinesPerArrival()}. Not thread-safe.
 */
final class Traffic {
  private enum Kind {
    REQUEST,
    SERVICE,
    HOST
  }

  private static final Weighted<Kind> MIX =
      Weighted.<Kind>builder()
          .add(56, Kind.REQUEST)
          .add(14, Kind.SERVICE)
          .add(30, Kind.HOST)
          .build();

  /** Chance per arrival, at full progress, that a leaking instance collects garbage again. */
  private static final double LEAK_COLLECTION_CHANCE = 0.04;

  private static final long CALIBRATION_SEED = 0xCA11B8A7EL;
  private static final int CALIBRATION_ARRIVALS = 20_000;

  private final World world;
  private final Dice dice;
  private final Emitter emitter = new Emitter();
  private final IncidentBoard board;
  private final FlowRequest requests;
  private final ActivityService services;
  private final ActivityHost hosts;
  private final Map<Incident, Deploy> deploys = new IdentityHashMap<>();

  /** The versions of a deploy and the errors its bug caused. */
  private static final class Deploy {
    final String oldVersion;
    final String newVersion;
    int errors;

    Deploy(String oldVersion, String newVersion) {
      this.oldVersion = oldVersion;
      this.newVersion = newVersion;
    }
  }

  Traffic(World world, long seed, IncidentBoard board, long startNanos) {
    this.world = world;
    this.dice = new Dice(seed);
    this.board = board;
    this.requests = new FlowRequest(this);
    this.services = new ActivityService(this);
    this.hosts = new ActivityHost(this, startNanos);
  }

  World world() {
    return world;
  }

  Dice dice() {
    return dice;
  }

  Emitter emitter() {
    return emitter;
  }

  IncidentBoard board() {
    return board;
  }

  void arrival(long timeNanos) {
    for (Incident leak : board.leaks(timeNanos)) {
      if (dice.chance(LEAK_COLLECTION_CHANCE * (0.25 + leak.progress(timeNanos)))) {
        services.collectGarbage(instance(leak), timeNanos);
      }
    }
    switch (dice.pick(MIX)) {
      case REQUEST -> requests.run(timeNanos);
      case SERVICE -> services.run(timeNanos);
      case HOST -> hosts.run(timeNanos);
    }
  }

  /** Lines written when {@code incident} starts (at its start time). */
  void started(Incident incident) {
    if (incident.kind() != IncidentKind.DEPLOY) {
      return;
    }
    int minor = dice.between(10, 40);
    String oldVersion = "2." + minor + "." + dice.between(0, 9);
    String newVersion = "2." + (minor + 1) + ".0";
    deploys.put(incident, new Deploy(oldVersion, newVersion));
    long time = incident.fromNanos();
    List<World.Instance> instances = world.instances(incident.service());
    emitter.app(
        time,
        instances.getFirst(),
        "main",
        SERVICE_DEPLOYING,
        List.of(),
        newVersion,
        dice.hex(7),
        instances.size());
    restart(instances, time + 2_000_000_000L);
  }

  /** Lines written when {@code incident} ends (at its end time). */
  void ended(Incident incident) {
    long time = incident.toNanos();
    switch (incident.kind()) {
      case DEPLOY -> {
        Deploy deploy = deploys.remove(incident);
        List<World.Instance> instances = world.instances(incident.service());
        emitter.app(
            time,
            instances.getFirst(),
            "main",
            SERVICE_ROLLBACK,
            List.of(),
            deploy.oldVersion,
            deploy.errors,
            deploy.newVersion);
        restart(instances, time + 2_000_000_000L);
      }
      case HOST_SILENT -> {
        hosts.booted(incident.host(), time);
        for (World.Instance instance : world.instancesOn(incident.host())) {
          started(instance, time + dice.between(20, 40) * 1_000_000_000L);
        }
      }
      case MEMORY_LEAK -> {
        World.Instance instance = instance(incident);
        emitter.app(
            time,
            instance,
            "http-nio-8080-exec-" + dice.between(1, 200),
            JVM_OUT_OF_MEMORY,
            List.of(),
            dice.between(1, 200));
        started(instance, time + dice.between(15, 30) * 1_000_000_000L);
      }
      default -> {}
    }
  }

  /** Counts an error caused by the bug of a running deploy of {@code service}. */
  void countRegression(World.Service service, long timeNanos) {
    for (Map.Entry<Incident, Deploy> deploy : deploys.entrySet()) {
      if (deploy.getKey().service().equals(service) && deploy.getKey().activeAt(timeNanos)) {
        deploy.getValue().errors++;
      }
    }
  }

  /** A rolling restart: one instance after the other, each shutting down then starting. */
  private void restart(List<World.Instance> instances, long fromNanos) {
    long time = fromNanos;
    for (World.Instance instance : instances) {
      emitter.app(time, instance, "SpringApplicationShutdownHook", SERVICE_SHUTDOWN, List.of());
      started(instance, time + dice.between(6, 14) * 1_000_000_000L);
      time += 20_000_000_000L;
    }
  }

  private void started(World.Instance instance, long timeNanos) {
    double seconds = 4 + 11 * dice.uniform();
    emitter.app(
        timeNanos,
        instance,
        "main",
        SERVICE_STARTED,
        List.of(),
        instance.service().className(),
        Dice.fixed(seconds, 3),
        Dice.fixed(seconds + 0.4 + 0.8 * dice.uniform(), 3));
  }

  private World.Instance instance(Incident leak) {
    for (World.Instance instance : world.instances(leak.service())) {
      if (instance.host().equals(leak.host())) {
        return instance;
      }
    }
    throw new IllegalStateException(leak.service().name() + " does not run on " + leak.host());
  }

  /** Lines written per arrival on average, measured once on a fixed seed without incidents. */
  static double meanLinesPerArrival() {
    return Calibration.MEAN_LINES;
  }

  private static final class Calibration {
    static final double MEAN_LINES = measure();

    private static double measure() {
      Traffic traffic = new Traffic(new World(), CALIBRATION_SEED, IncidentBoard.none(), 0);
      for (int arrival = 0; arrival < CALIBRATION_ARRIVALS; arrival++) {
        traffic.arrival(arrival * 10_000_000L);
      }
      return (double) traffic.emitter().created() / CALIBRATION_ARRIVALS;
    }
  }
}
