package dev.loupe.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.Field;
import dev.loupe.core.LogRecord;
import dev.loupe.core.LoupeException;
import dev.loupe.core.Stream;
import dev.loupe.core.TimeRange;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's merges, whose blocks {@link dev.loupe.storage.part.PartMerger} copies or rewrites.
 */
class PartMergeTest {
  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
  private static final long NOW_NANOS = NOW.getEpochSecond() * 1_000_000_000L;
  private static final int BLOCK_ROWS = 100;

  @TempDir Path directory;
  private final List<Storage> opened = new ArrayList<>();

  @AfterEach
  void closeAll() {
    opened.forEach(Storage::close);
  }

  @Test
  void successiveFlushesMergeIntoOnePartInStreamAndTimeOrder() {
    Storage storage = open();
    List<String> expected = flushFullParts(storage, 0, 4);
    storage.mergeAll();
    assertThat(storage.partsPerPartition()).containsEntry("2026-11-22", 1);
    assertThat(messagesInOrder(storage)).isEqualTo(expected);
  }

  @Test
  void aCorruptBlockFailsTheMergeAndKeepsTheInputs() throws IOException {
    Storage storage = open();
    flushFullParts(storage, 0, MergePolicy.MIN_PARTS - 1); // one part short of a merge
    storage.close();
    opened.remove(storage);
    Path partition = directory.resolve("partitions/2026-11-22");
    Path damaged = list(partition).get(0).resolve("data.bin");
    flipByte(damaged, 16 + 3); // the first chunk of the first block: full, so to be copied
    byte[] damagedBytes = Files.readAllBytes(damaged);

    Storage reopened = open();
    flushFullParts(reopened, MergePolicy.MIN_PARTS - 1, MergePolicy.MIN_PARTS);
    // The flush may already have started a background merge writing its temporary output.
    List<Path> partsBefore =
        list(partition).stream()
            .filter(path -> path.getFileName().toString().startsWith(FileNames.PART_PREFIX))
            .toList();
    assertThat(partsBefore).hasSize(MergePolicy.MIN_PARTS);
    // A background merge may fail first (and log it); mergeAll then fails on its own attempt.
    assertThatThrownBy(reopened::mergeAll)
        .isInstanceOf(LoupeException.class)
        .satisfies(
            failure ->
                assertThat(((LoupeException) failure).code()).isEqualTo(ErrorCode.CORRUPT_DATA))
        .hasMessageContaining("checksum mismatch");
    assertThat(list(partition)).as("inputs kept, no output left").isEqualTo(partsBefore);
    assertThat(Files.readAllBytes(damaged)).isEqualTo(damagedBytes);
  }

  private Storage open() {
    StorageConfig config =
        StorageConfig.defaults(directory)
            .withFlushInterval(Duration.ofHours(1))
            .withMinFreeDiskBytes(0)
            .withBlockRows(BLOCK_ROWS);
    Storage storage = Storage.open(config, InstantSource.fixed(NOW));
    opened.add(storage);
    return storage;
  }

  /**
   * Flushes of two streams in successive time windows, full blocks only, one part each; returns the
   * messages in (stream, time) order.
   */
  private static List<String> flushFullParts(Storage storage, int firstFlush, int endFlush) {
    List<LogRecord> all = new ArrayList<>();
    for (int flush = firstFlush; flush < endFlush; flush++) {
      List<LogRecord> batch = new ArrayList<>();
      for (String service : List.of("api", "web")) {
        Stream stream = Stream.of("default", Map.of("service", service));
        for (int i = 0; i < 2 * BLOCK_ROWS; i++) {
          long time = NOW_NANOS + flush * 10_000_000_000L + i * 1_000_000L;
          String message = service + " flush " + flush + " line " + i;
          batch.add(new LogRecord(stream, time, message, List.of(new Field("i", "" + i))));
        }
      }
      storage.append(batch);
      storage.flush();
      all.addAll(batch);
    }
    all.sort(dev.loupe.storage.part.RecordOrder.BY_STREAM_THEN_TIME);
    return all.stream().map(LogRecord::message).collect(Collectors.toList());
  }

  private static List<String> messagesInOrder(Storage storage) {
    try (Snapshot snapshot = storage.snapshot()) {
      List<String> messages = new ArrayList<>();
      for (BlockRef ref : snapshot.blocks(TimeRange.ALL)) {
        Block block = ref.read(null);
        for (int row = 0; row < block.rowCount(); row++) {
          messages.add(block.value("_msg", row));
        }
      }
      return messages;
    }
  }

  private static List<Path> list(Path partition) throws IOException {
    try (var entries = Files.list(partition)) {
      return entries.sorted().collect(Collectors.toList());
    }
  }

  private static void flipByte(Path file, long offset) throws IOException {
    try (RandomAccessFile handle = new RandomAccessFile(file.toFile(), "rw")) {
      handle.seek(offset);
      int value = handle.read();
      handle.seek(offset);
      handle.write(value ^ 0x5A);
    }
  }
}
