package dev.loupe.query.filter;

import dev.loupe.storage.Block;
import dev.loupe.storage.BlockRef;
import java.util.Set;

/**
 * A condition on rows, and a node of the query AST. Implementations are immutable, compare by
 * structure ({@code equals}) and are safe to share between threads: the executor evaluates one
 * filter on many blocks at once.
 *
 * <p>Call order per block: {@link #verdict} on the header; when it says {@link
 * BlockVerdict#SOME_ROWS}, read the block with at least the columns of {@link #collectColumns},
 * then {@link #matches} per row.
 *
 * <p>A new kind of filter is one class here, one test class of the same name, one case in the
 * parser and one in the printer ({@code dev.loupe.query.lang}).
 */
public sealed interface Filter
    permits FilterAll,
        FilterAnd,
        FilterExact,
        FilterExists,
        FilterIp,
        FilterNot,
        FilterOr,
        FilterPhrase,
        FilterPrefix,
        FilterRange,
        FilterRegex,
        FilterStream,
        FilterTime,
        FilterTimeRelative,
        FilterWord {

  /** What the header of {@code block} says about this filter; must never be wrong (see enum). */
  BlockVerdict verdict(BlockRef block);

  /**
   * Whether row {@code row} of {@code block} matches. The hot path of a scan: implementations do
   * not allocate.
   */
  boolean matches(Block block, int row);

  /**
   * Adds the columns {@link #matches} reads to {@code columns}. {@code _time} is always decoded and
   * need not be added.
   */
  void collectColumns(Set<String> columns);
}
