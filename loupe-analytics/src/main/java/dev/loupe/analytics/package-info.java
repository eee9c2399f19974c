/**
 * Analytics over what ingest and the query engine provide: today the patterns mined from every
 * stored line ({@link dev.loupe.analytics.patterns}). Analytics receives pipeline callbacks (an
 * {@code IngestStage}) and reads stored lines through the query engine, never storage files.
 */
package dev.loupe.analytics;
