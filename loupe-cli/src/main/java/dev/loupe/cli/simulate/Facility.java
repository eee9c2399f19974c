package dev.loupe.cli.simulate;

/**
 * Syslog facilities (RFC 5424 §6.2.1) of the world's programs, and the severity of a normalised
 * level. Access lines go to local7, as nginx's syslog output does by default; application lines to
 * user.
 */
enum Facility {
  KERN(0, "kern"),
  USER(1, "user"),
  DAEMON(3, "daemon"),
  AUTH(4, "auth"),
  CRON(9, "cron"),
  AUTHPRIV(10, "authpriv"),
  LOCAL0(16, "local0"),
  LOCAL7(23, "local7");

  private final int code;
  private final String label;

  Facility(int code, String label) {
    this.code = code;
    this.label = label;
  }

  int code() {
    return code;
  }

  String label() {
    return label;
  }

  static Facility of(Line line) {
    return switch (line.source()) {
      case ACCESS -> LOCAL7;
      case APP -> USER;
      case SYSLOG ->
          switch (line.service()) {
            case "kernel" -> KERN;
            case "sshd", "sudo" -> AUTHPRIV;
            case "CRON" -> CRON;
            case "systemd-logind" -> AUTH;
            case "postgres" -> LOCAL0;
            default -> DAEMON;
          };
    };
  }

  /** The syslog severity (0 emergency to 7 debug) of a normalised level. */
  static int severity(String level) {
    return switch (level) {
      case "fatal" -> 2;
      case "error" -> 3;
      case "warn" -> 4;
      case "debug", "trace" -> 7;
      default -> 6;
    };
  }
}
