package dev.loupe.cli.bench;

/**
 * Start-up: the first start on an empty data directory, the stop (SIGTERM to exit), and the restart
 * on the stored data timed from process start to {@code /ready} and to the first successful query.
 */
record RestartFigures(
    long firstReadyNanos,
    long stopNanos,
    boolean stopForced,
    long readyNanos,
    long firstQueryNanos,
    long storedBytes) {}
