package dev.loupe.storage.part;

import java.util.List;

/**
 * Every on-disk name inside a part directory. The directory's own name belongs to the engine
 * ({@code dev.loupe.storage.FileNames}).
 */
public final class PartFileNames {
  /** Column chunks, block after block. Read lazily, one chunk range at a time. */
  public static final String DATA = "data.bin";

  /** Column names, streams and block headers with blooms; loaded whole at open. */
  public static final String INDEX = "index.bin";

  /** The {@link PartInfo} summary. Written last, so a part directory without it is incomplete. */
  public static final String METADATA = "metadata.bin";

  /** All files of a part, in the order the writer creates them. */
  public static final List<String> ALL = List.of(DATA, INDEX, METADATA);

  private PartFileNames() {}
}
