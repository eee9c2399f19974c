package dev.loupe.cli.simulate;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an {@code --incident} value: {@code KIND:key=value,key=value}, e.g. {@code
 * error-burst:service=payments,at=10m,for=5m}. Keys: {@code service} or {@code host} (what the kind
 * hits), {@code at} (an offset from the simulation's start such as {@code 90s}, {@code 1h30m}, or
 * an RFC 3339 time; default 0), {@code for} (how long; default 10m), and the kind's own setting
 * ({@code rate=0.5} for error bursts and deploys, {@code factor=25} for latency spikes). Errors say
 * which part is wrong and what would be right.
 */
final class IncidentParser {
  static final Duration DEFAULT_LENGTH = Duration.ofMinutes(10);

  private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private IncidentParser() {}

  static Incident parse(String text, long startNanos) {
    String spec = text.strip();
    int colon = spec.indexOf(':');
    IncidentKind kind = IncidentKind.of(colon < 0 ? spec : spec.substring(0, colon));
    Map<String, String> settings = settings(spec, colon < 0 ? "" : spec.substring(colon + 1));
    World.Service service = null;
    String host = null;
    if (settings.containsKey("service")) {
      service = World.service(settings.remove("service"));
    }
    if (settings.containsKey("host")) {
      host = World.checkHost(settings.remove("host"));
    }
    long fromNanos = startNanos;
    if (settings.containsKey("at")) {
      fromNanos = time(settings.remove("at"), startNanos, spec);
    }
    Duration length = DEFAULT_LENGTH;
    if (settings.containsKey("for")) {
      length = duration(settings.remove("for"), "for", spec);
      if (length.isZero()) {
        throw new IllegalArgumentException("incident '" + spec + "': for= must be longer than 0");
      }
    }
    double value = kind.defaultValue();
    if (kind.parameter() != null && settings.containsKey(kind.parameter())) {
      value = number(settings.remove(kind.parameter()), kind, spec);
    }
    if (!settings.isEmpty()) {
      throw new IllegalArgumentException(
          "incident '"
              + spec
              + "': unknown setting "
              + settings.keySet().iterator().next()
              + "; "
              + kind.label()
              + " takes "
              + kind.target()
              + ", at, for"
              + (kind.parameter() == null ? "" : ", " + kind.parameter()));
    }
    if (kind == IncidentKind.MEMORY_LEAK && service != null) {
      host = leakHost(service, host, spec);
    }
    checkTarget(kind, service, host, spec);
    return new Incident(kind, service, host, fromNanos, fromNanos + length.toNanos(), value);
  }

  /** Reads {@code 90s}, {@code 1h30m}, {@code 250ms}, {@code 0}. */
  static Duration duration(String text, String what, String spec) {
    String value = text.strip().toLowerCase(Locale.ROOT);
    if (value.equals("0")) {
      return Duration.ZERO;
    }
    Matcher part = DURATION_PART.matcher(value);
    Duration total = Duration.ZERO;
    int position = 0;
    while (position < value.length() && part.find(position) && part.start() == position) {
      long amount = Long.parseLong(part.group(1));
      total =
          total.plus(
              switch (part.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
              });
      position = part.end();
    }
    if (value.isEmpty() || position != value.length()) {
      throw new IllegalArgumentException(
          "incident '"
              + spec
              + "': "
              + what
              + "="
              + text
              + " is not a duration; write e.g. 90s, 10m, 1h30m");
    }
    return total;
  }

  private static Map<String, String> settings(String spec, String list) {
    Map<String, String> settings = new LinkedHashMap<>();
    if (list.isBlank()) {
      return settings;
    }
    for (String pair : list.split(",")) {
      int equals = pair.indexOf('=');
      if (equals <= 0) {
        throw new IllegalArgumentException(
            "incident '" + spec + "': '" + pair + "' is not key=value");
      }
      String key = pair.substring(0, equals).strip();
      if (settings.put(key, pair.substring(equals + 1).strip()) != null) {
        throw new IllegalArgumentException("incident '" + spec + "': " + key + " given twice");
      }
    }
    return settings;
  }

  private static long time(String text, long startNanos, String spec) {
    if (text.contains("T")) {
      try {
        Instant instant = Instant.parse(text);
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
      } catch (DateTimeParseException invalid) {
        throw new IllegalArgumentException(
            "incident '"
                + spec
                + "': at="
                + text
                + " is not an RFC 3339 time such as 2026-11-21T10:00:00Z");
      }
    }
    return startNanos + duration(text, "at", spec).toNanos();
  }

  private static double number(String text, IncidentKind kind, String spec) {
    double value;
    try {
      value = Double.parseDouble(text);
    } catch (NumberFormatException notANumber) {
      value = Double.NaN;
    }
    boolean rate = kind.parameter().equals("rate");
    boolean valid = rate ? value > 0 && value <= 1 : value >= 1 && value <= 1_000;
    if (!valid) {
      throw new IllegalArgumentException(
          "incident '"
              + spec
              + "': "
              + kind.parameter()
              + "="
              + text
              + " must be "
              + (rate ? "a fraction above 0 and at most 1, e.g. 0.5" : "from 1 to 1000, e.g. 25"));
    }
    return value;
  }

  private static String leakHost(World.Service service, String host, String spec) {
    if (host == null) {
      return service.hosts().getFirst();
    }
    if (!service.hosts().contains(host)) {
      throw new IllegalArgumentException(
          "incident '"
              + spec
              + "': "
              + service.name()
              + " does not run on "
              + host
              + "; it runs on "
              + service.hosts());
    }
    return host;
  }

  private static void checkTarget(
      IncidentKind kind, World.Service service, String host, String spec) {
    if (kind.target().equals("service") && service == null) {
      throw new IllegalArgumentException(
          "incident '"
              + spec
              + "': "
              + kind.label()
              + " needs service=NAME, one of "
              + World.serviceNames());
    }
    if (kind.target().equals("host") && host == null) {
      throw new IllegalArgumentException(
          "incident '" + spec + "': " + kind.label() + " needs host=NAME, one of " + World.HOSTS);
    }
    if (kind.target().equals("host") && service != null) {
      throw new IllegalArgumentException(
          "incident '" + spec + "': " + kind.label() + " takes a host, not a service");
    }
    if (service == World.GATEWAY && kind != IncidentKind.MEMORY_LEAK) {
      throw new IllegalArgumentException(
          "incident '"
              + spec
              + "': the gateway only forwards requests; "
              + kind.label()
              + " needs one of the services behind it: "
              + World.serviceNames().stream().filter(name -> !name.equals("gateway")).toList());
    }
    if (kind != IncidentKind.MEMORY_LEAK && kind.target().equals("service") && host != null) {
      throw new IllegalArgumentException(
          "incident '"
              + spec
              + "': "
              + kind.label()
              + " hits every instance of a service; drop host=");
    }
  }
}
