package dev.loupe.query.exec;

/**
 * How many rows matched, and what counting them cost.
 *
 * @param hits matching rows
 * @param stats blocks and bytes; {@code rowsReturned} is 0 (no row is materialized)
 */
public record HitCount(long hits, QueryStats stats) {}
