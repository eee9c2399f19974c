/**
 * Saved dashboards: panels of queries or metrics over a shared time range, kept as JSON documents
 * in {@code <data>/dashboards/}, imported and exported as they are.
 */
package dev.loupe.analytics.dashboards;
