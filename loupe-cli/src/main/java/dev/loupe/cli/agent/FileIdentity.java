package dev.loupe.cli.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Which file a path leads to, independent of its name: the device and inode numbers. A file keeps
 * them through a rename (rotation by rename), and a new file at the old name gets new ones. An
 * inode number can be reused once a file is deleted, which is why a {@link Fingerprint} goes with
 * it.
 *
 * @param device the device number ({@code st_dev})
 * @param inode the inode number ({@code st_ino})
 */
record FileIdentity(long device, long inode) {
  private static final boolean UNIX_VIEW =
      java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("unix");

  /** One stat of a path, following symbolic links: who the file is and how long it is now. */
  record Stat(FileIdentity identity, long size, boolean regularFile) {}

  /**
   * Stats {@code path}. Uses the {@code unix} attribute view where there is one (Linux, macOS);
   * elsewhere the file key's hash stands in for the inode, which is stable while the file exists.
   *
   * @throws IOException when the path does not exist or cannot be read
   */
  static Stat stat(Path path) throws IOException {
    if (UNIX_VIEW) {
      Map<String, Object> attributes =
          Files.readAttributes(path, "unix:dev,ino,size,isRegularFile");
      FileIdentity identity =
          new FileIdentity(
              ((Number) attributes.get("dev")).longValue(),
              ((Number) attributes.get("ino")).longValue());
      return new Stat(
          identity,
          ((Number) attributes.get("size")).longValue(),
          (Boolean) attributes.get("isRegularFile"));
    }
    var basic = Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class);
    Object key = basic.fileKey();
    long inode = key != null ? key.hashCode() : path.toAbsolutePath().hashCode();
    return new Stat(new FileIdentity(0, inode), basic.size(), basic.isRegularFile());
  }

  @Override
  public String toString() {
    return device + ":" + inode;
  }
}
