package dev.loupe.cli.simulate;

import static dev.loupe.cli.simulate.TemplateCatalog.*;

import java.util.ArrayList;
import java.util.List;

/**
 * What the services log when no request is passing: garbage collections, pool statistics, health
 * checks and each service's scheduled jobs (cache statistics, index refreshes, warehouse syncs,
 * mail delivery). A leaking instance's collections free less and less and take longer, and it warns
 * about its heap once it passes {@value #WARNING_PERCENT} %. Not thread-safe.
 */
final class ActivityService {
  static final int WARNING_PERCENT = 70;

  private static final String SCHEDULER_THREAD = "scheduling-1";
  private static final String MONITOR_THREAD = "memory-monitor";

  private final Dice dice;
  private final Emitter emitter;
  private final IncidentBoard board;
  private final List<World.Instance> instances = new ArrayList<>();
  private long digestBatch;

  ActivityService(Traffic traffic) {
    this.dice = traffic.dice();
    this.emitter = traffic.emitter();
    this.board = traffic.board();
    for (World.Service service : World.SERVICES) {
      instances.addAll(traffic.world().instances(service));
    }
    this.digestBatch = 1_000 + dice.between(0, 9_000);
  }

  void run(long timeNanos) {
    World.Instance instance = dice.pick(instances);
    double roll = dice.uniform();
    if (roll < 0.35) {
      collectGarbage(instance, timeNanos);
    } else if (roll < 0.47) {
      int active = dice.between(0, 6);
      int idle = 10 - active;
      emitter.app(
          timeNanos,
          instance,
          "HikariPool-1 housekeeper",
          SERVICE_POOL_STATS,
          List.of(),
          active,
          idle,
          dice.chance(0.9) ? 0 : dice.between(1, 3));
    } else if (roll < 0.59) {
      emitter.app(
          timeNanos,
          instance,
          "health-1",
          SERVICE_HEALTH,
          List.of(),
          dice.between(1, 9),
          dice.between(0, 3));
    } else {
      scheduledJob(instance, timeNanos);
    }
  }

  /** A young collection; on a leaking instance also, often, a heap warning. */
  void collectGarbage(World.Instance instance, long timeNanos) {
    double leak = board.leakProgress(instance, timeNanos);
    int heap = instance.service().heapMaxMb();
    double oldShare = leak >= 0 ? 0.3 + 0.68 * leak : 0.22 + 0.1 * dice.uniform();
    int after = (int) (heap * oldShare) + dice.between(0, 9);
    int young = (int) (heap * (0.08 + 0.15 * dice.uniform()));
    int before = Math.min(heap, after + young);
    double pauseMillis = (2 + 20 * dice.uniform()) * (1 + 8 * Math.max(0, leak));
    emitter.app(
        timeNanos,
        instance,
        MONITOR_THREAD,
        JVM_GC_PAUSE,
        List.of(),
        before,
        after,
        heap,
        Dice.fixed(pauseMillis, 3));
    int percent = (int) Math.round(100.0 * after / heap);
    if (leak >= 0 && percent >= WARNING_PERCENT) {
      int grown = Math.max(1, (int) (heap * 0.68 * dice.between(60, 300) / 3600.0 * (0.5 + leak)));
      emitter.app(
          timeNanos + 2_000_000L,
          instance,
          MONITOR_THREAD,
          JVM_HEAP_WARNING,
          List.of(),
          percent,
          after,
          heap,
          grown,
          dice.between(60, 300));
    }
  }

  private void scheduledJob(World.Instance instance, long timeNanos) {
    switch (instance.service().name()) {
      case "gateway" ->
          job(
              timeNanos,
              instance,
              GATEWAY_ROUTES_REFRESHED,
              dice.between(38, 46),
              dice.between(3, 90));
      case "auth" -> {
        if (dice.chance(0.2)) {
          job(timeNanos, instance, AUTH_KEYS_ROTATED, "k-" + dice.hex(12));
        } else {
          job(
              timeNanos,
              instance,
              AUTH_SESSIONS_PURGED,
              dice.between(0, 2_000),
              dice.between(2, 300));
        }
      }
      case "catalog" ->
          job(
              timeNanos,
              instance,
              CATALOG_CACHE_STATS,
              dice.between(30_000, 50_000),
              dice.decimal(0.8, 0.99, 3),
              dice.between(0, 600));
      case "search" ->
          job(
              timeNanos,
              instance,
              SEARCH_INDEX_REFRESHED,
              dice.between(19_500, 20_000),
              dice.between(0, 40),
              dice.between(40, 2_000));
      case "cart" -> job(timeNanos, instance, CART_EXPIRED, dice.between(0, 300));
      case "payments" ->
          job(
              timeNanos,
              instance,
              PAYMENTS_WEBHOOK,
              dice.pick(World.WEBHOOK_EVENTS),
              "pay_" + dice.hex(24));
      case "inventory" ->
          job(
              timeNanos,
              instance,
              INVENTORY_SYNC,
              dice.pick(World.WAREHOUSES),
              dice.between(0, 5_000),
              dice.between(100, 9_000));
      case "notifications" -> mail(instance, timeNanos);
      default ->
          emitter.app(
              timeNanos,
              instance,
              "health-1",
              SERVICE_HEALTH,
              List.of(),
              dice.between(1, 9),
              dice.between(0, 3));
    }
  }

  private void mail(World.Instance instance, long timeNanos) {
    double roll = dice.uniform();
    String email = World.email(dice.between(0, World.USERS - 1));
    if (roll < 0.5) {
      job(
          timeNanos,
          instance,
          NOTIFICATIONS_SENT,
          "msg_" + dice.hex(20),
          email,
          dice.between(80, 2_500));
    } else if (roll < 0.6) {
      job(timeNanos, instance, NOTIFICATIONS_BOUNCED, "msg_" + dice.hex(20), email);
    } else {
      int sent = dice.between(0, 800);
      job(
          timeNanos,
          instance,
          NOTIFICATIONS_DIGEST,
          ++digestBatch,
          sent,
          dice.between(0, Math.max(1, sent / 50)));
    }
  }

  private void job(long timeNanos, World.Instance instance, Template template, Object... values) {
    emitter.app(timeNanos, instance, SCHEDULER_THREAD, template, List.of(), values);
  }
}
