/**
 * Alerts: rules ({@code AlertRule}) from the API and a hot-reloaded YAML file ({@code
 * AlertRuleSet}, {@code AlertRuleFiles}); the evaluator ({@code AlertEvaluator}) that turns each
 * rule's values per group ({@code AlertSource}, read from the store, the metric engine and the
 * pattern registry by {@code StorageAlertSource}) into alert instances with states, history and
 * silences; and notifications ({@code Notifier}, {@code NotificationBodies}, {@code Receiver}) with
 * evidence scoped to each instance ({@code AlertScope}). Knows nothing of HTTP.
 */
package dev.loupe.analytics.alerts;
