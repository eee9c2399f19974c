package dev.loupe.cli.bench;

import java.util.List;

/**
 * JSON application log lines of the shop's services, one object a line as structured loggers write
 * them:
 *
 * <pre>
 * {"ts":"2026-11-22T10:00:00.123Z","level":"info","service":"checkout","host":"app-02","trace_id":"4bf9…","user_id":"u_012345","msg":"order o_000012345 placed with 3 items, total 42.10 EUR"}
 * </pre>
 *
 * <p>Two lines in five are request logs with {@code method}, {@code path}, {@code status} and
 * {@code latency_ms}; the rest come from a few dozen templates. Levels: about 9 % debug, 80 % info,
 * 7 % warn, 4 % error. Three trace ids in ten repeat a recent one, as a request crossing services
 * does. Typed fields: {@code level}, {@code trace_id}, {@code user_id} and the request fields.
 * Immutable, thread-safe: the state lives in {@link LineState}.
 */
final class LineApp {
  /** A message template and the level it is logged at. */
  record Event(String level, MessageTemplate message) {}

  /** One line in this many is a request log; the rest are events. */
  private static final int REQUEST_LINES_IN_FIVE = 2;

  private static final byte[] TS_KEY = AsciiBuffer.ascii("{\"ts\":\"");
  private static final byte[] LEVEL_KEY = AsciiBuffer.ascii("\",\"level\":\"");
  private static final byte[] SERVICE_KEY = AsciiBuffer.ascii("\",\"service\":\"");
  private static final byte[] HOST_KEY = AsciiBuffer.ascii("\",\"host\":\"");
  private static final byte[] TRACE_KEY = AsciiBuffer.ascii("\",\"trace_id\":\"");
  private static final byte[] USER_KEY = AsciiBuffer.ascii("\",\"user_id\":\"u_");
  private static final byte[] MESSAGE_KEY = AsciiBuffer.ascii(",\"msg\":\"");
  private static final byte[] METHOD_KEY = AsciiBuffer.ascii(",\"method\":\"");
  private static final byte[] PATH_KEY = AsciiBuffer.ascii("\",\"path\":\"");
  private static final byte[] STATUS_KEY = AsciiBuffer.ascii("\",\"status\":");
  private static final byte[] LATENCY_KEY = AsciiBuffer.ascii(",\"latency_ms\":");
  private static final byte[] SOURCE_FIELD = AsciiBuffer.ascii(",\"source\":\"app\",");

  static final WeightedChoice<Vocabulary.Service> SERVICES = services();

  static final WeightedChoice<String> METHODS =
      WeightedChoice.<String>builder()
          .add(75, "GET")
          .add(15, "POST")
          .add(6, "PUT")
          .add(4, "DELETE")
          .build();

  static final WeightedChoice<MessageTemplate> PATHS =
      WeightedChoice.<MessageTemplate>builder()
          .add(20, MessageTemplate.parse("/api/orders/{order}"))
          .add(15, MessageTemplate.parse("/api/cart/{number}"))
          .add(25, MessageTemplate.parse("/api/products/{sku}"))
          .add(10, MessageTemplate.parse("/api/users/{user}"))
          .add(10, MessageTemplate.parse("/api/search?q={word}"))
          .add(10, MessageTemplate.parse("/api/inventory/{sku}/stock"))
          .add(5, MessageTemplate.parse("/api/payments/{payment}"))
          .add(5, MessageTemplate.parse("/api/recommendations/{user}"))
          .build();

  static final WeightedChoice<Event> EVENTS =
      WeightedChoice.<Event>builder()
          .add(30, event("debug", "cache lookup key {key} hit {boolean}"))
          .add(30, event("debug", "sql query on table {table} took {millis} ms"))
          .add(30, event("debug", "acquired lock {key} after {millis} ms"))
          .add(30, event("debug", "http call to {service} took {millis} ms"))
          .add(30, event("debug", "deserialized {count} records from topic {topic}"))
          .add(70, event("info", "user {user} logged in from {address}"))
          .add(50, event("info", "order {order} placed with {count} items, total {amount} EUR"))
          .add(50, event("info", "payment {payment} authorized for order {order}"))
          .add(40, event("info", "cache refreshed: {count} keys in {millis} ms"))
          .add(50, event("info", "sent notification {notification} to user {user}"))
          .add(30, event("info", "job {job} finished in {millis} ms"))
          .add(20, event("info", "connection pool resized to {count} connections"))
          .add(50, event("info", "reserved {count} units of {sku}"))
          .add(70, event("info", "search for {word} returned {count} results in {millis} ms"))
          .add(60, event("info", "session {session} refreshed for user {user}"))
          .add(50, event("info", "feature flag {flag} is {boolean} for user {user}"))
          .add(30, event("info", "shipment {shipment} created for order {order}"))
          .add(10, event("info", "configuration reloaded, {count} keys changed"))
          .add(40, event("info", "consumer lag on topic {topic} is {count} messages"))
          .add(20, event("info", "scheduled task {job} started"))
          .add(60, event("info", "user {user} updated profile"))
          .add(20, event("warn", "slow query on table {table} took {millis} ms"))
          .add(20, event("warn", "retrying call to {service}, attempt {attempt} of 5"))
          .add(10, event("warn", "cache miss ratio at {percent} percent"))
          .add(15, event("warn", "rate limit nearly reached for user {user}: {count} per minute"))
          .add(10, event("warn", "deprecated api v1 called by client {client}"))
          .add(15, event("warn", "connection pool exhausted, waited {millis} ms"))
          .add(10, event("warn", "disk usage at {percent} percent on /var/lib/{service}"))
          .add(8, event("error", "payment declined for order {order}: insufficient funds"))
          .add(10, event("error", "timeout after {millis} ms calling {service}"))
          .add(8, event("error", "upstream {service} returned status 503"))
          .add(5, event("error", "failed to parse request body at position {count}"))
          .add(5, event("error", "deadlock detected on table {table}, transaction rolled back"))
          .add(5, event("error", "unhandled IllegalStateException in {class}"))
          .add(5, event("error", "could not connect to {service}: connection refused"))
          .add(4, event("error", "message {message} moved to dead letter queue after 5 attempts"))
          .build();

  /** The event of a needle line: a rejected session token, the kind of line one hunts for. */
  static final Event NEEDLE_EVENT =
      event("warn", "rejected session token {needle} for user {user}");

  private static final Event COMPLETED = event("info", "request completed");
  private static final Event REJECTED = event("warn", "request rejected");
  private static final Event FAILED = event("error", "request failed");

  private LineApp() {}

  private static Event event(String level, String message) {
    MessageTemplate template = MessageTemplate.parse(message);
    if (message.indexOf('"') >= 0 || message.indexOf('\\') >= 0) {
      throw new IllegalArgumentException("app messages are JSON strings: no quotes: " + message);
    }
    return new Event(level, template);
  }

  private static WeightedChoice<Vocabulary.Service> services() {
    WeightedChoice.Builder<Vocabulary.Service> builder = WeightedChoice.builder();
    for (Vocabulary.Service service : Vocabulary.SERVICES) {
      builder.add(service.weight(), service);
    }
    return builder.build();
  }

  /**
   * Writes one line's raw text into {@code state.raw} and its typed fields into {@code
   * state.fields}.
   */
  static void write(LineState state, boolean needle) {
    var random = state.random;
    AsciiBuffer raw = state.raw;
    Vocabulary.Service service = SERVICES.pick(random);
    List<String> hosts = service.hosts();
    String host = hosts.get(random.nextInt(hosts.size()));
    state.userNumber = random.nextInt(MessageTemplate.USERS);
    boolean request = !needle && random.nextInt(5) < REQUEST_LINES_IN_FIVE;
    String method = request ? METHODS.pick(random) : null;
    int status = request ? requestStatus(method, random.nextInt(1_000)) : 0;
    Event event = needle ? NEEDLE_EVENT : request ? requestEvent(status) : EVENTS.pick(random);

    raw.append(TS_KEY);
    state.time.appendRfc3339Millis(raw);
    // the span from "level" to the end of user_id is copied into the typed fields as it is
    int typedStart = raw.length() + 2;
    raw.append(LEVEL_KEY).append(event.level());
    raw.append(SERVICE_KEY).append(service.name());
    raw.append(HOST_KEY).append(host);
    raw.append(TRACE_KEY);
    state.appendTraceId(raw);
    raw.append(USER_KEY).appendPadded(state.userNumber, 6).append('"');
    int typedEnd = raw.length();
    raw.append(MESSAGE_KEY);
    event.message().write(raw, state);
    raw.append('"');
    int requestStart = raw.length();
    if (request) {
      raw.append(METHOD_KEY).append(method).append(PATH_KEY);
      PATHS.pick(random).write(raw, state);
      raw.append(STATUS_KEY).append(status).append(LATENCY_KEY).append(state.latencyMillis());
    }
    int requestEnd = raw.length();
    raw.append('}');

    state
        .fields
        .append(SOURCE_FIELD)
        .append(raw, typedStart, typedEnd)
        .append(raw, requestStart, requestEnd);
    if (DatasetGenerator.COMMON_TERM.equals(method)) {
      state.commonTermLines++;
    }
  }

  private static int requestStatus(String method, int permille) {
    if (permille < 20) {
      return permille < 15 ? 500 : 503;
    }
    if (permille < 60) {
      return permille < 35 ? 404 : permille < 50 ? 400 : 409;
    }
    return switch (method) {
      case "POST" -> 201;
      case "DELETE" -> 204;
      default -> 200;
    };
  }

  private static Event requestEvent(int status) {
    if (status >= 500) {
      return FAILED;
    }
    return status >= 400 ? REJECTED : COMPLETED;
  }
}
