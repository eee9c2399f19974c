/**
 * The {@code loupe} command (picocli): {@code serve}, {@code ingest}, {@code search}, {@code
 * bench}, {@code simulate}; {@code agent} and {@code simulate} live in their own packages, {@code
 * dev.loupe.cli.agent} and {@code dev.loupe.cli.simulate}. Client commands talk to a server over
 * its HTTP API, like any other client would.
 */
package dev.loupe.cli;
