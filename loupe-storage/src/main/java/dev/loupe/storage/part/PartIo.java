package dev.loupe.storage.part;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** File system chores of the part writer and reader, and the mapping of I/O errors to codes. */
final class PartIo {
  private PartIo() {}

  /**
   * A failed write or read as a {@link LoupeException}: {@code INSUFFICIENT_STORAGE} when the disk
   * is full (so ingest is refused with 507 rather than failing obscurely), else {@code INTERNAL}.
   */
  static LoupeException failure(String action, Path path, IOException cause) {
    String reason = String.valueOf(cause.getMessage());
    boolean diskFull = reason.contains("No space left") || reason.contains("quota exceeded");
    ErrorCode code = diskFull ? ErrorCode.INSUFFICIENT_STORAGE : ErrorCode.INTERNAL;
    return new LoupeException(code, "cannot " + action + " " + path + ": " + cause, cause);
  }

  /** Writes a whole new file and forces it to disk. */
  static void writeFile(Path file, byte[] content) {
    writeFile(file, new ByteBuffer[] {ByteBuffer.wrap(content)});
  }

  /** Writes a whole new file from pieces, in order, and forces it to disk. Returns its length. */
  static long writeFile(Path file, ByteBuffer[] pieces) {
    long length = 0;
    for (ByteBuffer piece : pieces) {
      length += piece.remaining();
    }
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      long written = 0;
      while (written < length) {
        written += channel.write(pieces);
      }
      channel.force(true);
      return length;
    } catch (IOException failure) {
      throw failure("write part file", file, failure);
    }
  }

  /**
   * Forces the directory entries of {@code directory} to disk, so files created in it survive a
   * crash. Linux and macOS allow opening a directory for this; where the platform refuses (Windows)
   * there is nothing to force and the error is ignored.
   */
  static void syncDirectory(Path directory) {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException platformWithoutDirectorySync) {
      if (!System.getProperty("os.name", "").startsWith("Windows")) {
        throw failure("sync directory", directory, platformWithoutDirectorySync);
      }
    }
  }

  /** Reads a whole file; a missing one is reported as such, since a part needs all its files. */
  static byte[] readFile(Path file) throws IOException {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException missing) {
      throw new MalformedPartException("file is missing");
    }
  }

  /** Deletes a directory and everything in it; best effort (an abandoned part, a failed write). */
  static void deleteQuietly(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      List<Path> deepestFirst = paths.sorted(Comparator.reverseOrder()).toList();
      for (Path path : deepestFirst) {
        Files.deleteIfExists(path);
      }
    } catch (IOException | RuntimeException ignored) {
      // The engine deletes leftover temporary part directories on start.
    }
  }
}
