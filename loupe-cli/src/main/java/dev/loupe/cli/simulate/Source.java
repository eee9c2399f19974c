package dev.loupe.cli.simulate;

/** The three kinds of log the world writes; each has its own line format in every output. */
enum Source {
  /** Apache combined access log lines written by nginx on the edge hosts. */
  ACCESS("access"),
  /** JSON lines written by the services' structured loggers. */
  APP("app"),
  /** Syslog lines of the hosts' daemons (sshd, cron, kernel, systemd...). */
  SYSLOG("syslog");

  private final String label;

  Source(String label) {
    this.label = label;
  }

  /** The value of the {@code source} stream field. */
  String label() {
    return label;
  }
}
