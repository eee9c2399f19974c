package dev.loupe.query.filter;

import static java.util.Objects.requireNonNull;

import dev.loupe.storage.Block;
import dev.loupe.storage.BlockRef;
import java.util.List;
import java.util.Set;

/**
 * At least one child must match. A block is skipped only when every child skips it.
 *
 * @param children two or more filters, evaluated in this order (the parser keeps the order they
 *     were written in, and flattens nested disjunctions)
 */
public record FilterOr(List<Filter> children) implements Filter {

  public FilterOr {
    requireNonNull(children, "children is null");
    children = List.copyOf(children);
    if (children.size() < 2) {
      throw new IllegalArgumentException("a disjunction needs two or more children: " + children);
    }
  }

  @Override
  public BlockVerdict verdict(BlockRef block) {
    BlockVerdict verdict = BlockVerdict.NO_ROWS;
    for (Filter child : children) {
      verdict = verdict.or(child.verdict(block));
      if (verdict == BlockVerdict.ALL_ROWS) {
        return verdict;
      }
    }
    return verdict;
  }

  @Override
  public boolean matches(Block block, int row) {
    for (Filter child : children) {
      if (child.matches(block, row)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void collectColumns(Set<String> columns) {
    for (Filter child : children) {
      child.collectColumns(columns);
    }
  }
}
