/**
 * The HTTP face of Loupe on Helidon SE: {@code POST /api/v1/ingest}, {@code GET /api/v1/query},
 * {@code /health}, {@code /metrics}; and the syslog listeners ({@code ListenerSyslogTcp}, {@code
 * ListenerSyslogUdp}). {@link dev.loupe.server.LoupeServer} is the one place that wires storage,
 * ingest and query together.
 */
package dev.loupe.server;
