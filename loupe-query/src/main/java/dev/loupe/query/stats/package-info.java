/**
 * The functions of the {@code stats} pipe, one class each ({@code StatsCount}, {@code StatsSum},
 * {@code StatsQuantile}, ...), and their {@link dev.loupe.query.stats.StatsState}s: partial results
 * that one worker fills from the rows of one block and that the caller then merges. Uses {@code
 * filter} (number syntax) only; knows neither the language nor the executor.
 */
package dev.loupe.query.stats;
