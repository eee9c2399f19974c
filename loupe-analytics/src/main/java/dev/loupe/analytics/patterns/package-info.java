/**
 * Patterns: online template mining of every ingested line.
 *
 * <ul>
 *   <li>{@link dev.loupe.analytics.patterns.DrainMiner} (package-private): the Drain-family miner,
 *       fed by {@code LineTokens}, {@code TokenMasker} and {@code ValueRuns}, comparing and
 *       generalising tokens by {@code TemplateTokens};
 *   <li>{@link dev.loupe.analytics.patterns.PatternRegistry}: the miner of a store, its file, and
 *       the template lookup the query engine's {@code | patterns} uses;
 *   <li>{@link dev.loupe.analytics.patterns.PatternStage}: the ingest stage setting {@code
 *       _pattern};
 *   <li>{@link dev.loupe.analytics.patterns.PatternReport}: {@code GET /api/v1/patterns};
 *   <li>{@code eval}: the Loghub-2.0 metrics.
 * </ul>
 *
 * <p>The registry file {@code DATA/patterns}, format version 1 ({@code PatternFile}; also in
 * docs/FORMAT.md), all numbers big-endian, text = byte length u32 then UTF-8:
 *
 * <pre>
 * +--------------------------------------------------------------------------------------+
 * | magic "LPAT" u32 | version u16 = 1 | created ns i64 | saved ns i64 | patterns u32 (n) |
 * +--------------------------------------------------------------------------------------+
 * | pattern 0 .. n-1 (sorted by id):                                                     |
 * |   id text | tenant text | first tokens: count u16, text each | template: count u16,     |
 * |   text each | lines i64 | first seen ns i64 | last seen ns i64 |                        |
 * |   samples: count u8, text each                                                       |
 * +--------------------------------------------------------------------------------------+
 * | CRC32C u32 of every byte before it                                                   |
 * +--------------------------------------------------------------------------------------+
 * </pre>
 *
 * Written whole to {@code patterns.tmp}, fsynced, renamed over {@code patterns}, directory fsynced.
 */
package dev.loupe.analytics.patterns;
