/**
 * The query language: {@link dev.loupe.query.lang.QueryParser} turns text into a {@link
 * dev.loupe.query.lang.Query} (a tree of {@link dev.loupe.query.filter.Filter}s), and {@link
 * dev.loupe.query.lang.Query#toString()} prints it back in canonical form, so that {@code
 * QueryParser.parse(query.toString()).equals(query)} holds for every parsed query. Syntax errors
 * are {@link dev.loupe.query.lang.QuerySyntaxException}s that carry the position in the text.
 *
 * <p>Inside: {@code Lexer} cuts the text into {@code Token}s on demand (the parser drives it, so
 * context such as the inside of a time range can lex differently); {@code QuerySyntax} holds the
 * lexical rules the lexer and the printer share; {@code QueryPrinter} is the canonical printer. The
 * language is described for users in {@code docs/QUERY.md}.
 */
package dev.loupe.query.lang;
