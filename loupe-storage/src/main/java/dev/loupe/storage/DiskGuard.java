package dev.loupe.storage;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Refuses writes before they are acknowledged when the file system holding the data is nearly full.
 * One statfs call per ingest batch (about a microsecond), so it is always current.
 */
final class DiskGuard {
  private final Path directory;
  private final FileStore store;
  private final long minFreeBytes;

  DiskGuard(Path directory, long minFreeBytes) throws IOException {
    this.directory = directory;
    this.store = Files.getFileStore(directory);
    this.minFreeBytes = minFreeBytes;
  }

  void checkWritable() {
    long usable;
    try {
      usable = store.getUsableSpace();
    } catch (IOException failure) {
      throw new LoupeException(
          ErrorCode.INSUFFICIENT_STORAGE,
          "cannot read the free space of " + directory + ": " + failure.getMessage(),
          failure);
    }
    if (usable < minFreeBytes) {
      throw new LoupeException(
          ErrorCode.INSUFFICIENT_STORAGE,
          "disk almost full: "
              + (usable >> 20)
              + " MB free under "
              + directory
              + ", below the minimum of "
              + (minFreeBytes >> 20)
              + " MB (setting --min-free-disk-mb); nothing of this request was stored."
              + " Free space, lower --retention or --max-disk-mb, then retry");
    }
  }
}
