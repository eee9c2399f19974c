package dev.loupe.cli.agent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Files that survive a crash once written: temporary file, fsync, rename, directory fsync. */
final class DurableFiles {
  /** Temporary files start with this; anything so named is left over from a crash. */
  static final String TEMPORARY_PREFIX = ".tmp-";

  private static final boolean WINDOWS =
      System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows");

  private DurableFiles() {}

  /** Writes {@code bytes} to {@code target}, replacing it atomically, and makes both durable. */
  static void replace(Path target, byte[] bytes) throws IOException {
    Path directory = target.toAbsolutePath().getParent();
    Path temporary = directory.resolve(TEMPORARY_PREFIX + target.getFileName());
    try (FileChannel channel =
        FileChannel.open(
            temporary,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
    Files.move(
        temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    syncDirectory(directory);
  }

  /**
   * Makes a directory's entries durable (a new or renamed file); without it a crash can lose the
   * entry even after the file's data was fsynced. Windows cannot open a directory as a channel, and
   * NTFS journals the entry itself.
   */
  static void syncDirectory(Path directory) throws IOException {
    if (WINDOWS) {
      return;
    }
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
