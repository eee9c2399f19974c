package dev.loupe.cli.simulate;

import java.time.Duration;
import java.util.List;

/**
 * Draws a schedule of incidents ({@code --incidents random}): one after another, never overlapping,
 * separated by gaps of half to one and a half times {@code every}, each lasting a fifth to a third
 * of {@code every} (at least {@value #MIN_LENGTH_SECONDS} s). Kind and target are uniform; the
 * gateway is left out of service incidents (it has no database to lose). From its own random
 * stream. Not thread-safe.
 */
final class RandomIncidents {
  static final long MIN_LENGTH_SECONDS = 10;

  private static final List<World.Service> TARGETS =
      World.SERVICES.stream().filter(service -> service != World.GATEWAY).toList();

  private final Dice dice;
  private final long everyNanos;
  private long nextStartNanos;

  RandomIncidents(long seed, long startNanos, Duration every) {
    if (every.isZero() || every.isNegative()) {
      throw new IllegalArgumentException("the incident interval must be positive: " + every);
    }
    this.dice = new Dice(seed);
    this.everyNanos = every.toNanos();
    this.nextStartNanos = startNanos + gap();
  }

  long nextStartNanos() {
    return nextStartNanos;
  }

  Incident next() {
    long from = nextStartNanos;
    long length =
        Math.max(
            MIN_LENGTH_SECONDS * 1_000_000_000L,
            (long) (everyNanos * (0.2 + 0.13 * dice.uniform())));
    IncidentKind kind = IncidentKind.values()[dice.between(0, IncidentKind.values().length - 1)];
    Incident incident =
        switch (kind.target()) {
          case "host" -> new Incident(kind, null, dice.pick(World.HOSTS), from, from + length, 0);
          default -> {
            World.Service service = dice.pick(TARGETS);
            String host = kind == IncidentKind.MEMORY_LEAK ? dice.pick(service.hosts()) : null;
            yield new Incident(kind, service, host, from, from + length, kind.defaultValue());
          }
        };
    nextStartNanos = from + length + gap();
    return incident;
  }

  private long gap() {
    return (long) (everyNanos * (0.5 + dice.uniform()));
  }
}
