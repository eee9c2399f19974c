package dev.loupe.query.filter;

import static java.util.Objects.requireNonNull;

import dev.loupe.storage.Block;
import dev.loupe.storage.BlockRef;
import java.util.List;
import java.util.Set;

/**
 * Every child must match. A block is skipped when any child skips it, so one rare word in a
 * conjunction is enough to skip almost everything.
 *
 * @param children two or more filters, evaluated in this order (the parser keeps the order they
 *     were written in, and flattens nested conjunctions)
 */
public record FilterAnd(List<Filter> children) implements Filter {

  public FilterAnd {
    requireNonNull(children, "children is null");
    children = List.copyOf(children);
    if (children.size() < 2) {
      throw new IllegalArgumentException("a conjunction needs two or more children: " + children);
    }
  }

  @Override
  public BlockVerdict verdict(BlockRef block) {
    BlockVerdict verdict = BlockVerdict.ALL_ROWS;
    for (Filter child : children) {
      verdict = verdict.and(child.verdict(block));
      if (verdict == BlockVerdict.NO_ROWS) {
        return verdict;
      }
    }
    return verdict;
  }

  @Override
  public boolean matches(Block block, int row) {
    for (Filter child : children) {
      if (!child.matches(block, row)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void collectColumns(Set<String> columns) {
    for (Filter child : children) {
      child.collectColumns(columns);
    }
  }
}
