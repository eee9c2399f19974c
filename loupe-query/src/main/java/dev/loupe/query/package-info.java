/**
 * Loupe's query engine: {@code lang} turns query text into a {@link dev.loupe.query.lang.Query}
 * (lexer, parser, canonical printer), {@code filter} holds one class per filter kind with its
 * block-skipping and per-row logic, {@code pipe} one class per pipe, {@code stats} one class per
 * stats function with its mergeable partial state, {@code exec} runs a query over a storage
 * snapshot, newest first or aggregating, in parallel. Dependencies run one way: {@code exec} uses
 * all the others, {@code lang} uses {@code filter}, {@code pipe} and {@code stats}, {@code pipe}
 * uses {@code stats}, {@code stats} uses {@code filter}, {@code filter} uses none of them. {@link
 * dev.loupe.query.QueryLimits} holds every limit of the module with its reason.
 */
package dev.loupe.query;
