package dev.loupe.storage.wal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * How the WAL opens its segment files: {@code FileChannel::open} in production. Tests pass a
 * channel that fails on cue (a full disk, a failed fsync, an interrupt) to check that nothing
 * acknowledged is lost when the disk misbehaves, which no real file system does on demand.
 */
@FunctionalInterface
interface ChannelOpener {
  FileChannel open(Path path, OpenOption... options) throws IOException;
}
