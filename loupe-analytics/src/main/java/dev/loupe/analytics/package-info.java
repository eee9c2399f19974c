/**
 * Analytics over the log stream: the patterns mined from every stored line ({@code patterns}),
 * log-derived metrics ({@code metrics}), dashboards and alerts ({@code alerts}). Uses ingest (the
 * pattern stage), storage (append listener, snapshots) and the query engine (filters, executor);
 * reads stored lines through the query engine, never storage files, and knows nothing of HTTP,
 * which the server adds.
 */
package dev.loupe.analytics;
