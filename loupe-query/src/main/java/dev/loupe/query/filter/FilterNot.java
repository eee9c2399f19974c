package dev.loupe.query.filter;

import static java.util.Objects.requireNonNull;

import dev.loupe.storage.Block;
import dev.loupe.storage.BlockRef;
import java.util.Set;

/**
 * The child must not match; written {@code NOT x} or {@code -x}. A bloom filter cannot skip a block
 * for a negation (a token that may be present says nothing about the rows without it); only exact
 * header facts can: {@code -_time:[...]} skips blocks wholly inside the range, {@code -_stream:api}
 * skips the blocks of streams labelled {@code api}.
 *
 * @param child the negated filter
 */
public record FilterNot(Filter child) implements Filter {

  public FilterNot {
    requireNonNull(child, "child is null");
  }

  @Override
  public BlockVerdict verdict(BlockRef block) {
    return child.verdict(block).not();
  }

  @Override
  public boolean matches(Block block, int row) {
    return !child.matches(block, row);
  }

  @Override
  public void collectColumns(Set<String> columns) {
    child.collectColumns(columns);
  }
}
