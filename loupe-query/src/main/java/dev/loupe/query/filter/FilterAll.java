package dev.loupe.query.filter;

import dev.loupe.storage.Block;
import dev.loupe.storage.BlockRef;
import java.util.Set;

/** Matches every row: the query {@code *}, and what an empty query means. */
public record FilterAll() implements Filter {

  @Override
  public BlockVerdict verdict(BlockRef block) {
    return BlockVerdict.ALL_ROWS;
  }

  @Override
  public boolean matches(Block block, int row) {
    return true;
  }

  @Override
  public void collectColumns(Set<String> columns) {}
}
