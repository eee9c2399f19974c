package dev.loupe.query.testing;

import dev.loupe.core.FieldNames;
import dev.loupe.query.filter.Filter;
import dev.loupe.storage.Block;
import java.util.ArrayList;
import java.util.List;

/** Evaluates a filter row by row on an in-memory block, the way the executor does. */
public final class FilterRows {
  private FilterRows() {}

  /** The messages of the rows of {@code block} that {@code filter} matches, in row order. */
  public static List<String> matchingMessages(Filter filter, InMemoryBlock block) {
    Block rows = block.decoded();
    List<String> messages = new ArrayList<>();
    for (int row = 0; row < rows.rowCount(); row++) {
      if (filter.matches(rows, row)) {
        messages.add(rows.value(FieldNames.MESSAGE, row));
      }
    }
    return messages;
  }

  /** Whether {@code filter} matches the one row of a block holding just {@code message}. */
  public static boolean matchesMessage(Filter filter, String message) {
    return !matchingMessages(filter, Records.block("test", message)).isEmpty();
  }
}
