/**
 * Loupe's query engine: {@code lang} turns query text into a {@link dev.loupe.query.lang.Query}
 * (lexer, parser, canonical printer), {@code filter} holds one class per filter kind with its
 * block-skipping and per-row logic, {@code exec} runs a query over a storage snapshot, newest
 * first, in parallel. Dependencies run one way: {@code exec} uses {@code lang} and {@code filter},
 * {@code lang} uses {@code filter}, {@code filter} uses neither. {@link
 * dev.loupe.query.QueryLimits} holds every limit of the module with its reason.
 */
package dev.loupe.query;
