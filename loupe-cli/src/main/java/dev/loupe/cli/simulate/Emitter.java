package dev.loupe.cli.simulate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Makes lines and keeps them in time order until they are due. A request flow writes lines a few
 * milliseconds to minutes after it starts (the access line when the response is sent, the ssh
 * logout an hour later); they wait here, ordered by time and then by creation, so the simulator can
 * hand out lines in time order however they were made. Times are cut to whole microseconds, the
 * precision the outputs write. Not thread-safe.
 */
final class Emitter {
  private static final Comparator<Line> ORDER =
      (first, second) -> {
        int byTime = Long.compare(first.timeNanos(), second.timeNanos());
        return byTime != 0 ? byTime : Long.compare(first.sequence(), second.sequence());
      };

  private final PriorityQueue<Line> pending = new PriorityQueue<>(ORDER);
  private final Map<String, String> loggers = new HashMap<>();
  private long sequence;
  private long created;

  /** An application line of {@code instance}; the logger is derived from the template. */
  void app(
      long timeNanos,
      World.Instance instance,
      String thread,
      Template template,
      List<LineField> extra,
      Object... values) {
    List<LineField> fields = new ArrayList<>(2 + extra.size());
    fields.add(LineField.text("logger", logger(instance.service(), template)));
    fields.add(LineField.text("thread", thread));
    fields.addAll(extra);
    add(
        timeNanos,
        Source.APP,
        instance.host(),
        instance.service().name(),
        template,
        template.event(values),
        template.render(values),
        null,
        instance.pid(),
        fields);
  }

  /** An access line of nginx on {@code host}. */
  void access(
      long timeNanos,
      String host,
      int pid,
      String client,
      Template template,
      List<LineField> fields,
      Object... values) {
    add(
        timeNanos,
        Source.ACCESS,
        host,
        "nginx",
        template,
        template.event(values),
        template.render(values),
        client,
        pid,
        fields);
  }

  /** A syslog line of {@code program} on {@code host}; {@code pid} 0 when it logs none. */
  void syslog(
      long timeNanos, String host, String program, int pid, Template template, Object... values) {
    add(
        timeNanos,
        Source.SYSLOG,
        host,
        program,
        template,
        template.event(values),
        template.render(values),
        null,
        pid,
        List.of());
  }

  private void add(
      long timeNanos,
      Source source,
      String host,
      String service,
      Template template,
      Template event,
      String content,
      String client,
      int pid,
      List<LineField> fields) {
    long micros = timeNanos - Math.floorMod(timeNanos, 1_000L);
    pending.add(
        new Line(
            micros,
            sequence++,
            source,
            host,
            service,
            template.level(),
            template,
            event,
            content,
            client,
            pid,
            fields));
    created++;
  }

  Line peek() {
    return pending.peek();
  }

  Line poll() {
    return pending.poll();
  }

  /** Lines made so far, due or not. */
  long created() {
    return created;
  }

  /**
   * The class a service logs a template from, as a Java logger name: the JVM's own warnings from a
   * shared monitor, start-up from the application class, the rest from the service's main class.
   */
  private String logger(World.Service service, Template template) {
    String key = service.name() + "/" + template.id();
    String logger = loggers.get(key);
    if (logger == null) {
      String id = template.id();
      if (id.startsWith("jvm.")) {
        logger = "dev.shop.common.jvm.MemoryMonitor";
      } else if (id.equals("service.pool-stats")) {
        logger = "com.zaxxer.hikari.pool.HikariPool";
      } else if (id.equals("service.retry")) {
        logger = "dev.shop.common.http.RetryingClient";
      } else if (id.equals("service.slow-call")) {
        logger = "dev.shop.common.metrics.SlowCallLogger";
      } else if (id.equals("service.health")) {
        logger = "dev.shop.common.health.HealthChecks";
      } else if (id.equals("service.deploying") || id.equals("service.rollback")) {
        logger = "dev.shop.common.deploy.RollingDeployer";
      } else if (id.startsWith("service.")) {
        logger = service.packageName() + "." + service.className() + "Application";
      } else if (service == World.GATEWAY) {
        logger = "dev.shop.gateway.AccessLogFilter";
      } else {
        logger = service.packageName() + "." + service.entity() + "Service";
      }
      loggers.put(key, logger);
    }
    return logger;
  }
}
