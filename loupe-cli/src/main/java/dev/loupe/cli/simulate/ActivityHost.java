package dev.loupe.cli.simulate;

import static dev.loupe.cli.simulate.TemplateCatalog.*;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the hosts' daemons write to syslog: ssh scanners knocking (three lines within seconds) and
 * operators logging in (and out, up to 20 minutes later), cron jobs on the minute, systemd timers,
 * firewall drops, sudo, time sync, and PostgreSQL on the database host. The kernel's lines carry
 * the host's uptime, which starts again when a host comes back from an outage ({@link #booted}).
 * Not thread-safe.
 */
final class ActivityHost {
  private enum Activity {
    SSH_SCAN,
    SSH_LOGIN,
    CRON,
    UNIT,
    FIREWALL,
    SYN_FLOOD,
    CONNTRACK,
    SUDO,
    CHRONY
  }

  private static final long SECOND = 1_000_000_000L;
  private static final long MINUTE = 60 * SECOND;

  private static final Weighted<Activity> ACTIVITIES =
      Weighted.<Activity>builder()
          .add(30, Activity.SSH_SCAN)
          .add(3, Activity.SSH_LOGIN)
          .add(6, Activity.CRON)
          .add(8, Activity.UNIT)
          .add(14, Activity.FIREWALL)
          .add(3, Activity.SYN_FLOOD)
          .add(2, Activity.CONNTRACK)
          .add(3, Activity.SUDO)
          .add(2, Activity.CHRONY)
          .build();

  private static final List<Integer> PROBED_PORTS =
      List.of(22, 23, 80, 443, 3389, 5432, 6379, 8080);
  private static final List<String> SUDO_UNITS =
      List.of("nginx", "postgresql", "chrony", "ssh", "docker");
  private static final List<String> SUDO_ACTIONS = List.of("restart", "status", "reload");

  private final Dice dice;
  private final Emitter emitter;
  private final World world;
  private final Map<String, Long> bootNanos = new HashMap<>();
  private final Map<String, Integer> sessions = new HashMap<>();
  private final Map<String, String> disks = new HashMap<>();

  ActivityHost(Traffic traffic, long startNanos) {
    this.dice = traffic.dice();
    this.emitter = traffic.emitter();
    this.world = traffic.world();
    for (String host : World.HOSTS) {
      bootNanos.put(
          host,
          startNanos - dice.between(2, 90) * 86_400L * SECOND - dice.between(0, 86_399) * SECOND);
      sessions.put(host, dice.between(100, 3_000));
      disks.put(host, dice.uuid());
    }
  }

  void run(long timeNanos) {
    String host = dice.pick(World.HOSTS);
    if (host.equals(World.DATABASE_HOST) && dice.chance(0.35)) {
      postgres(host, timeNanos);
      return;
    }
    switch (dice.pick(ACTIVITIES)) {
      case SSH_SCAN -> sshScan(host, timeNanos);
      case SSH_LOGIN -> sshLogin(host, timeNanos);
      case CRON -> cron(host, timeNanos);
      case UNIT -> unit(host, timeNanos);
      case FIREWALL -> firewall(host, timeNanos);
      case SYN_FLOOD -> {
        if (World.EDGE_HOSTS.contains(host)) {
          kernel(host, timeNanos, KERNEL_SYN_FLOOD);
        } else {
          firewall(host, timeNanos);
        }
      }
      case CONNTRACK -> kernel(host, timeNanos, KERNEL_CONNTRACK);
      case SUDO -> sudo(host, timeNanos);
      case CHRONY -> chrony(host, timeNanos);
    }
  }

  /** The host came back at {@code timeNanos}: its boot lines, and uptime counts from there. */
  void booted(String host, long timeNanos) {
    bootNanos.put(host, timeNanos - dice.between(1_000, 3_000) * 1_000_000L);
    emitter.syslog(timeNanos, host, "kernel", 0, KERNEL_BOOT);
    emitter.syslog(timeNanos, host, "kernel", 0, KERNEL_COMMAND_LINE, disks.get(host));
    String kernel = dice.decimal(1.5, 4, 3);
    String userspace = dice.decimal(6, 25, 3);
    String total = Dice.fixed(Double.parseDouble(kernel) + Double.parseDouble(userspace), 3);
    long finished = timeNanos + (long) (Double.parseDouble(userspace) * SECOND);
    emitter.syslog(
        finished, host, "systemd", 1, SYSTEMD_STARTUP_FINISHED, kernel, userspace, total);
  }

  private void sshScan(String host, long timeNanos) {
    String user = dice.pick(World.SCANNER_USERS);
    String address = scannerAddress();
    int port = dice.between(30_000, 65_000);
    int pid = dice.between(10_000, 99_999);
    emitter.syslog(timeNanos, host, "sshd", pid, SSHD_INVALID_USER, user, address, port);
    long failed = timeNanos + dice.between(1_000, 3_000) * 1_000_000L;
    emitter.syslog(failed, host, "sshd", pid, SSHD_FAILED_PASSWORD, user, address, port);
    long closed = failed + dice.between(50, 400) * 1_000_000L;
    if (dice.chance(0.6)) {
      emitter.syslog(closed, host, "sshd", pid, SSHD_RECEIVED_DISCONNECT, address, port);
    } else {
      emitter.syslog(closed, host, "sshd", pid, SSHD_CLOSED_PREAUTH, user, address, port);
    }
  }

  private void sshLogin(String host, long timeNanos) {
    int userIndex = dice.between(0, World.SYSTEM_USERS.size() - 1);
    String user = World.SYSTEM_USERS.get(userIndex);
    String address = "10.20." + dice.between(0, 3) + "." + dice.between(2, 60);
    int port = dice.between(40_000, 65_000);
    int pid = dice.between(10_000, 99_999);
    int session = sessions.merge(host, 1, Integer::sum);
    int logind = world.daemonPid(host, "systemd-logind");
    emitter.syslog(
        timeNanos, host, "sshd", pid, SSHD_ACCEPTED, user, address, port, dice.base64(43));
    emitter.syslog(
        timeNanos + 4_000_000L, host, "sshd", pid, SSHD_SESSION_OPENED, user, 1_000 + userIndex);
    emitter.syslog(
        timeNanos + 9_000_000L, host, "systemd-logind", logind, LOGIND_NEW_SESSION, session, user);
    emitter.syslog(
        timeNanos + 11_000_000L,
        host,
        "systemd",
        1,
        SYSTEMD_SESSION_STARTED,
        "session-" + session + ".scope",
        session,
        user);
    // sessions of up to 20 minutes: the logout lines wait in memory until then, about 2 lines per
    // line a simulated second of rate, which keeps a fast run's memory flat
    long logout = timeNanos + dice.between(30, 1_200) * SECOND;
    emitter.syslog(logout, host, "sshd", pid, SSHD_DISCONNECTED, user, address, port);
    emitter.syslog(logout + 3_000_000L, host, "sshd", pid, SSHD_SESSION_CLOSED, user);
    emitter.syslog(
        logout + 8_000_000L, host, "systemd-logind", logind, LOGIND_REMOVED_SESSION, session);
  }

  /**
   * A cron job runs on the next whole minute (its lines spread over the first seconds, as jobs
   * start one after another). Rare among the activities: its lines come in a burst each minute.
   */
  private void cron(String host, long timeNanos) {
    long minute = Math.floorDiv(timeNanos + MINUTE - 1, MINUTE) * MINUTE;
    long start = minute + dice.between(0, 3_000) * 1_000_000L;
    boolean root = dice.chance(0.8);
    String user = root ? "root" : "www-data";
    String command = root ? dice.pick(World.CRON_COMMANDS) : "php /var/www/shop/cron.php";
    int pid = dice.between(10_000, 99_999);
    emitter.syslog(start, host, "CRON", pid, CRON_SESSION_OPENED, user, root ? 0 : 33);
    emitter.syslog(start + 2_000_000L, host, "CRON", pid + 1, CRON_COMMAND, user, command);
    long end = start + dice.between(100, 30_000) * 1_000_000L;
    emitter.syslog(end, host, "CRON", pid, CRON_SESSION_CLOSED, user);
  }

  private void unit(String host, long timeNanos) {
    String[] unit = dice.pick(World.UNITS);
    emitter.syslog(timeNanos, host, "systemd", 1, SYSTEMD_UNIT_STARTING, unit[0], unit[1]);
    long end = timeNanos + dice.between(200, 20_000) * 1_000_000L;
    emitter.syslog(end, host, "systemd", 1, SYSTEMD_UNIT_DEACTIVATED, unit[0]);
    emitter.syslog(end + 1_000_000L, host, "systemd", 1, SYSTEMD_UNIT_FINISHED, unit[0], unit[1]);
    emitter.syslog(
        end + 2_000_000L, host, "systemd", 1, SYSTEMD_UNIT_CPU, unit[0], dice.decimal(0.01, 12, 3));
  }

  private void firewall(String host, long timeNanos) {
    String mac = "52:54:00:" + pairs(3) + ":52:54:00:" + pairs(3) + ":08:00";
    String destination = "10.0.1." + (11 + World.HOSTS.indexOf(host));
    emitter.syslog(
        timeNanos,
        host,
        "kernel",
        0,
        KERNEL_UFW_BLOCK,
        uptime(host, timeNanos),
        mac,
        scannerAddress(),
        destination,
        dice.between(40, 60),
        dice.between(40, 250),
        dice.between(1, 65_535),
        dice.between(1_024, 65_535),
        dice.pick(PROBED_PORTS),
        dice.between(1_024, 65_535));
  }

  private void kernel(String host, long timeNanos, Template template) {
    emitter.syslog(timeNanos, host, "kernel", 0, template, uptime(host, timeNanos));
  }

  private void sudo(String host, long timeNanos) {
    String user = dice.pick(World.SYSTEM_USERS);
    emitter.syslog(
        timeNanos,
        host,
        "sudo",
        0,
        SUDO_COMMAND,
        user,
        dice.between(0, 3),
        user,
        dice.pick(SUDO_ACTIONS),
        dice.pick(SUDO_UNITS));
  }

  /** A server of the Debian NTP pool, by name: chronyd logs the name it resolved, whole. */
  private String ntpServer() {
    return dice.between(0, 3) + ".debian.pool.ntp.org";
  }

  private void chrony(String host, long timeNanos) {
    int pid = world.daemonPid(host, "chronyd");
    String address = "192.0.2." + dice.between(1, 254);
    if (dice.chance(0.5)) {
      emitter.syslog(timeNanos, host, "chronyd", pid, CHRONYD_SELECTED, address, ntpServer());
    } else {
      String old = "192.0.2." + dice.between(1, 254);
      emitter.syslog(timeNanos, host, "chronyd", pid, CHRONYD_REPLACED, old, address, ntpServer());
    }
  }

  private void postgres(String host, long timeNanos) {
    int pid = dice.between(20_000, 90_000);
    double roll = dice.uniform();
    if (roll < 0.15) {
      int checkpointer = world.daemonPid(host, "postgres");
      emitter.syslog(timeNanos, host, "postgres", checkpointer, POSTGRES_CHECKPOINT_STARTING);
      double write = 25 + 240 * dice.uniform();
      double sync = 0.002 + 0.2 * dice.uniform();
      long done = timeNanos + (long) ((write + sync) * SECOND);
      emitter.syslog(
          done,
          host,
          "postgres",
          checkpointer,
          POSTGRES_CHECKPOINT_COMPLETE,
          dice.between(10, 9_000),
          dice.decimal(0.1, 12, 1),
          dice.between(0, 6),
          Dice.fixed(write, 3),
          Dice.fixed(sync, 3),
          Dice.fixed(write + sync + 0.001, 3));
    } else if (roll < 0.8) {
      String service = dice.pick(World.SERVICES).name();
      emitter.syslog(
          timeNanos,
          host,
          "postgres",
          pid,
          POSTGRES_CONNECTION_AUTHORIZED,
          "shop_" + service,
          service);
    } else {
      String table = dice.pick(World.SERVICES).table();
      emitter.syslog(
          timeNanos,
          host,
          "postgres",
          pid,
          POSTGRES_SLOW_STATEMENT,
          dice.decimal(1_000, 9_000, 3),
          table);
    }
  }

  /** The kernel's time since boot as it prints it: {@code %5lu.%06lu}. */
  private String uptime(String host, long timeNanos) {
    long micros = Math.max(0, (timeNanos - bootNanos.get(host)) / 1_000);
    StringBuilder text = new StringBuilder(16);
    String seconds = Long.toString(micros / 1_000_000);
    for (int pad = seconds.length(); pad < 5; pad++) {
      text.append(' ');
    }
    text.append(seconds).append('.');
    TimeText.appendPadded(text, micros % 1_000_000, 6);
    return text.toString();
  }

  private String scannerAddress() {
    String[] prefixes = {"198.51.100.", "203.0.113."};
    return prefixes[dice.between(0, 1)] + dice.between(1, 254);
  }

  private String pairs(int count) {
    StringBuilder text = new StringBuilder();
    for (int index = 0; index < count; index++) {
      if (index > 0) {
        text.append(':');
      }
      text.append(dice.hex(2));
    }
    return text.toString();
  }
}
