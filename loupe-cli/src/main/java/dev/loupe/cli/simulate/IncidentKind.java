package dev.loupe.cli.simulate;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What can go wrong in the world, by the name {@code --incident} takes. */
enum IncidentKind {
  /**
   * Calls to one service fail (its database pool runs dry); callers retry, the gateway answers 5xx.
   */
  ERROR_BURST("error-burst", "service", "rate", 0.5),
  /** One service answers many times slower; slow-call warnings, gateway timeouts (504). */
  LATENCY_SPIKE("latency-spike", "service", "factor", 25),
  /** A new version of one service is rolled out and brings a new error, until it is rolled back. */
  DEPLOY("deploy", "service", "rate", 0.2),
  /** One host stops logging (it is down): its lines stop, its services' calls go elsewhere. */
  HOST_SILENT("host-silent", "host", null, 0),
  /** The heap of one service instance fills up: growing heap warnings, then OutOfMemoryError. */
  MEMORY_LEAK("memory-leak", "service", null, 0);

  private final String label;
  private final String target;
  private final String parameter;
  private final double defaultValue;

  IncidentKind(String label, String target, String parameter, double defaultValue) {
    this.label = label;
    this.target = target;
    this.parameter = parameter;
    this.defaultValue = defaultValue;
  }

  /** The name in {@code --incident} and in the labels file. */
  String label() {
    return label;
  }

  /** What the incident needs to be told: {@code service} or {@code host}. */
  String target() {
    return target;
  }

  /** The name of the kind's numeric setting ({@code rate}, {@code factor}), or null. */
  String parameter() {
    return parameter;
  }

  double defaultValue() {
    return defaultValue;
  }

  static IncidentKind of(String label) {
    for (IncidentKind kind : values()) {
      if (kind.label.equals(label)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("unknown incident kind '" + label + "'; kinds: " + labels());
  }

  static String labels() {
    return Arrays.stream(values()).map(IncidentKind::label).collect(Collectors.joining(", "));
  }
}
