package dev.loupe.cli.simulate;

import static java.util.Objects.requireNonNull;

/**
 * One incident in simulated time: what, where, from when to when ({@code [fromNanos, toNanos)}).
 *
 * @param kind what goes wrong
 * @param service the service it hits (null for a silent host)
 * @param host the host it hits: the silent host, or the leaking instance's host; else null
 * @param fromNanos when it starts, nanoseconds since the epoch
 * @param toNanos when it ends
 * @param value the kind's setting: error rate (0 to 1) or latency factor; 0 when the kind has none
 */
record Incident(
    IncidentKind kind,
    World.Service service,
    String host,
    long fromNanos,
    long toNanos,
    double value) {
  Incident {
    requireNonNull(kind, "kind is null");
    if (toNanos <= fromNanos) {
      throw new IllegalArgumentException("an incident must end after it starts");
    }
    if (kind.target().equals("service") && service == null) {
      throw new IllegalArgumentException(kind.label() + " needs service=NAME");
    }
    if (kind.target().equals("host") && host == null) {
      throw new IllegalArgumentException(kind.label() + " needs host=NAME");
    }
  }

  boolean activeAt(long timeNanos) {
    return timeNanos >= fromNanos && timeNanos < toNanos;
  }

  /** How far into the incident {@code timeNanos} is, from 0 at the start to 1 at the end. */
  double progress(long timeNanos) {
    return Math.clamp((double) (timeNanos - fromNanos) / (toNanos - fromNanos), 0.0, 1.0);
  }
}
