package dev.loupe.query.pipe;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * {@code | rename a as b, c as d}: gives field {@code a} the name {@code b}, then {@code c} the
 * name {@code d}, in that order. A field already named {@code b} is replaced by the renamed one; a
 * row without {@code a} is unchanged (it keeps its {@code b}, if any).
 *
 * @param renames at least one, applied left to right
 */
public record PipeRename(List<Rename> renames) implements Pipe {

  public PipeRename {
    requireNonNull(renames, "renames is null");
    renames = List.copyOf(renames);
    if (renames.isEmpty()) {
      throw new IllegalArgumentException("renames is empty");
    }
  }

  /**
   * One {@code from as to}.
   *
   * @param from the field's name now, not empty
   * @param to its new name, not empty
   */
  public record Rename(String from, String to) {

    public Rename {
      requireNonNull(from, "from is null");
      requireNonNull(to, "to is null");
      if (from.isEmpty() || to.isEmpty()) {
        throw new IllegalArgumentException(
            "empty field name in rename: '" + from + "' as '" + to + "'");
      }
    }
  }
}
