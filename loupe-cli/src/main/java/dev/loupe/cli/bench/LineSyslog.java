package dev.loupe.cli.bench;

/**
 * Syslog lines (RFC 3164, as in {@code /var/log/syslog}) from the daemons of every host: sshd
 * logins and scanners, cron jobs, kernel warnings, systemd units, sudo, logind, chrony.
 *
 * <pre>
 * Nov 22 10:00:00 app-03 sshd[48213]: Failed password for invalid user admin from 192.0.2.14 port 51234 ssh2
 * </pre>
 *
 * <p>Typed fields: {@code pid} where the line has one; {@code service} is the program. Immutable,
 * thread-safe: the state lives in {@link LineState}.
 */
final class LineSyslog {
  /** Where a program's pid comes from: new each time, fixed per host, always 1, or none. */
  enum Pid {
    RANDOM,
    PER_HOST,
    INIT,
    NONE
  }

  /** A program of the hosts, its syslog tag and its messages. */
  record Program(
      String service, String tag, Pid pid, int index, WeightedChoice<MessageTemplate> messages) {}

  private static final byte[] SOURCE_FIELD = AsciiBuffer.ascii("\",\"source\":\"syslog\"");
  private static final byte[] SERVICE_FIELD = AsciiBuffer.ascii(",\"service\":\"");
  private static final byte[] HOST_FIELD = AsciiBuffer.ascii("\",\"host\":\"");
  private static final byte[][] HOSTS = MessageTemplate.bytes(Vocabulary.ALL_HOSTS);

  private static final WeightedChoice<MessageTemplate> SSHD =
      WeightedChoice.<MessageTemplate>builder()
          .add(
              30,
              template(
                  "Accepted publickey for {system_user} from {address} port {port} ssh2:"
                      + " ED25519 SHA256:{fingerprint}"))
          .add(
              25,
              template(
                  "Failed password for invalid user {bad_user} from {address} port {port}"
                      + " ssh2"))
          .add(
              20,
              template(
                  "Connection closed by authenticating user root {address} port {port}"
                      + " [preauth]"))
          .add(
              15,
              template(
                  "pam_unix(sshd:session): session opened for user"
                      + " {system_user}(uid={uid}) by (uid=0)"))
          .add(10, template("Disconnected from user {system_user} {address} port {port}"))
          .build();

  private static final WeightedChoice<MessageTemplate> CRON =
      WeightedChoice.<MessageTemplate>builder()
          .add(50, template("(root) CMD (/usr/local/bin/backup.sh >/dev/null 2>&1)"))
          .add(30, template("(www-data) CMD (php /var/www/shop/cron.php)"))
          .add(20, template("pam_unix(cron:session): session closed for user root"))
          .build();

  private static final WeightedChoice<MessageTemplate> KERNEL =
      WeightedChoice.<MessageTemplate>builder()
          .add(
              20,
              template(
                  "[{uptime}] TCP: request_sock_TCP: Possible SYN flooding on port 443."
                      + " Sending cookies."))
          .add(10, template("[{uptime}] EXT4-fs (vda1): re-mounted. Opts: errors=remount-ro"))
          .add(20, template("[{uptime}] nf_conntrack: table full, dropping packet"))
          .add(
              5,
              template(
                  "[{uptime}] Out of memory: Killed process {pid} (java)"
                      + " total-vm:{number}kB, anon-rss:{number}kB"))
          .add(
              15,
              template(
                  "[{uptime}] audit: type=1400 apparmor=\"DENIED\" operation=\"open\""
                      + " profile=\"snap.lxd\" pid={pid}"))
          .add(
              30,
              template("[{uptime}] docker0: port {tty}(veth{session}) entered forwarding state"))
          .build();

  private static final WeightedChoice<MessageTemplate> SYSTEMD =
      WeightedChoice.<MessageTemplate>builder()
          .add(30, template("Started Session {number} of User {system_user}."))
          .add(10, template("Starting Daily apt upgrade and clean activities..."))
          .add(10, template("Finished Daily apt upgrade and clean activities."))
          .add(15, template("logrotate.service: Deactivated successfully."))
          .add(10, template("Started Run anacron jobs."))
          .add(10, template("Reloading {unit}.service..."))
          .build();

  private static final WeightedChoice<MessageTemplate> SUDO =
      WeightedChoice.<MessageTemplate>builder()
          .add(
              1,
              template(
                  "{system_user} : TTY=pts/{tty} ; PWD=/home/{system_user} ; USER=root ;"
                      + " COMMAND=/usr/bin/systemctl restart {unit}"))
          .build();

  private static final WeightedChoice<MessageTemplate> LOGIND =
      WeightedChoice.<MessageTemplate>builder()
          .add(40, template("New session {number} of user {system_user}."))
          .add(30, template("Session {number} logged out. Waiting for processes to exit."))
          .add(30, template("Removed session {number}."))
          .build();

  private static final WeightedChoice<MessageTemplate> CHRONYD =
      WeightedChoice.<MessageTemplate>builder()
          .add(50, template("Selected source {address} (2.debian.pool.ntp.org)"))
          .add(50, template("System clock wrong by {drift} seconds, adjustment started"))
          .build();

  private static final Program SSHD_PROGRAM = new Program("sshd", "sshd", Pid.RANDOM, 0, SSHD);

  static final WeightedChoice<Program> PROGRAMS =
      WeightedChoice.<Program>builder()
          .add(30, SSHD_PROGRAM)
          .add(25, new Program("cron", "CRON", Pid.RANDOM, 1, CRON))
          .add(10, new Program("kernel", "kernel", Pid.NONE, 2, KERNEL))
          .add(20, new Program("systemd", "systemd", Pid.INIT, 3, SYSTEMD))
          .add(5, new Program("sudo", "sudo", Pid.NONE, 4, SUDO))
          .add(5, new Program("systemd-logind", "systemd-logind", Pid.PER_HOST, 5, LOGIND))
          .add(5, new Program("chronyd", "chronyd", Pid.PER_HOST, 6, CHRONYD))
          .build();

  /** The needle line: a login attempt under a strange user name, the kind of line one hunts for. */
  static final MessageTemplate NEEDLE_MESSAGE =
      template("Invalid user {needle} from {address} port {port}");

  private LineSyslog() {}

  private static MessageTemplate template(String text) {
    return MessageTemplate.parse(text);
  }

  /**
   * Writes one line's raw text into {@code state.raw} and its typed fields into {@code
   * state.fields}.
   */
  static void write(LineState state, boolean needle) {
    var random = state.random;
    AsciiBuffer raw = state.raw;
    Program program = needle ? SSHD_PROGRAM : PROGRAMS.pick(random);
    int hostIndex = random.nextInt(HOSTS.length);
    byte[] host = HOSTS[hostIndex];
    long pid = pid(program, hostIndex, state);

    state.time.appendSyslog(raw);
    raw.append(' ').append(host).append(' ').append(program.tag());
    if (pid > 0) {
      raw.append('[').append(pid).append(']');
    }
    raw.append(": ");
    (needle ? NEEDLE_MESSAGE : program.messages().pick(random)).write(raw, state);

    AsciiBuffer fields = state.fields;
    fields.append(SERVICE_FIELD).append(program.service()).append(HOST_FIELD).append(host);
    // Stream labels only: a syslog line arrives as text (see LineAccess).
    fields.append(SOURCE_FIELD);
  }

  private static long pid(Program program, int hostIndex, LineState state) {
    return switch (program.pid()) {
      case RANDOM -> 1_000 + state.random.nextInt(60_000);
      // a daemon keeps its pid on a host: derived from host and program, stable across lines
      case PER_HOST -> 300 + (hostIndex * 7_919L + program.index() * 104_729L) % 30_000;
      case INIT -> 1;
      case NONE -> 0;
    };
  }
}
