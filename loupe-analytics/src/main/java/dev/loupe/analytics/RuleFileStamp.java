package dev.loupe.analytics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/**
 * When a rules file was last changed and its size: a rule set re-reads its file when the stamp it
 * read last differs from the file's now.
 */
public record RuleFileStamp(FileTime modified, long size) {
  public static RuleFileStamp of(Path file) throws IOException {
    return new RuleFileStamp(Files.getLastModifiedTime(file), Files.size(file));
  }

  /** As {@link #of}, for a file that must be there (read at start). */
  public static RuleFileStamp ofExisting(Path file) {
    try {
      return of(file);
    } catch (IOException failure) {
      throw new UncheckedIOException(failure);
    }
  }
}
