/**
 * The {@code loupe} command (picocli): {@code serve}, {@code ingest}, {@code search}, {@code
 * bench}, {@code simulate}; the agent lives in its own package, {@code dev.loupe.cli.agent}, and
 * the simulated world in {@code dev.loupe.cli.simulate}. Client commands talk to a server over its
 * HTTP API, like any other client would.
 */
package dev.loupe.cli;
