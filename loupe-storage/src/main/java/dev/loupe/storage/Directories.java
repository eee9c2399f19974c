package dev.loupe.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** File-system helpers the engine needs for crash safety. */
final class Directories {
  private Directories() {}

  /** Makes renames and creations inside {@code directory} durable (POSIX: fsync the directory). */
  static void fsync(Path directory) throws IOException {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
