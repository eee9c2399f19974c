/**
 * One class per filter kind, family-named ({@code FilterWord}, {@code FilterPhrase}, {@code
 * FilterAnd}, ...), all under the sealed {@link dev.loupe.query.filter.Filter}. A filter is both a
 * node of the query AST (structural equality, so a parsed query can be compared with its reprint)
 * and its own evaluator: what a block header says about it ({@link
 * dev.loupe.query.filter.BlockVerdict}, from time ranges, stream labels and bloom filters) and
 * whether one row matches. This package knows nothing of query text (that is {@code lang}) nor of
 * scheduling (that is {@code exec}).
 */
package dev.loupe.query.filter;
