/**
 * Analytics over the log stream: log-derived metrics ({@code metrics}), dashboards and alerts
 * ({@code alerts}). Uses storage (append listener, snapshots) and the query engine (filters,
 * executor); knows nothing of HTTP, which the server adds.
 */
package dev.loupe.analytics;
