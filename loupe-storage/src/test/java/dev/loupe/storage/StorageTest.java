package dev.loupe.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.Field;
import dev.loupe.core.LogRecord;
import dev.loupe.core.LoupeException;
import dev.loupe.core.Stream;
import dev.loupe.core.TimeRange;
import dev.loupe.core.Tokens;
import dev.loupe.storage.part.PartWriter;
import dev.loupe.storage.part.PartWriterOptions;
import dev.loupe.storage.part.RecordOrder;
import java.io.IOException;
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

class StorageTest {
  private static final long DAY = 86_400_000_000_000L;
  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
  private static final long NOW_NANOS = NOW.getEpochSecond() * 1_000_000_000L;
  private static final InstantSource CLOCK = InstantSource.fixed(NOW);

  @TempDir Path directory;
  private final List<Storage> opened = new ArrayList<>();

  @AfterEach
  void closeAll() {
    for (Storage storage : opened) {
      storage.close();
    }
  }

  private StorageConfig config() {
    // A long flush interval: the tests flush by hand, so what they see does not depend on timing.
    return StorageConfig.defaults(directory)
        .withFlushInterval(Duration.ofHours(1))
        .withMinFreeDiskBytes(0)
        .withBlockRows(100);
  }

  private Storage open(StorageConfig config) {
    Storage storage = Storage.open(config, CLOCK);
    opened.add(storage);
    return storage;
  }

  private static List<LogRecord> records(String service, long firstNanos, int count, String tag) {
    Stream stream = Stream.of("default", Map.of("service", service));
    List<LogRecord> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      records.add(
          new LogRecord(
              stream,
              firstNanos + i * 1_000_000L,
              tag + " message number " + i,
              List.of(new Field("index", Integer.toString(i)), new Field("tag", tag))));
    }
    return records;
  }

  private static List<String> messages(Storage storage) {
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

  @Test
  void appendedRecordsAreVisibleBeforeAndAfterFlush() {
    Storage storage = open(config());
    storage.append(records("api", NOW_NANOS, 250, "alpha"));
    assertThat(messages(storage)).hasSize(250).contains("alpha message number 249");
    storage.flush();
    assertThat(storage.stats().parts()).isEqualTo(1);
    assertThat(storage.stats().memtableRows()).isZero();
    assertThat(messages(storage)).hasSize(250).doesNotHaveDuplicates();
  }

  @Test
  void flushWritesOnePartPerDayPartition() {
    Storage storage = open(config());
    storage.append(records("api", NOW_NANOS - DAY, 10, "yesterday"));
    storage.append(records("api", NOW_NANOS, 10, "today"));
    storage.flush();
    assertThat(storage.partsPerPartition()).containsOnlyKeys("2026-11-21", "2026-11-22");
    assertThat(Files.isDirectory(directory.resolve("partitions/2026-11-21"))).isTrue();
  }

  @Test
  void partBlocksCarryBloomFiltersThatSkipAbsentTokens() {
    Storage storage = open(config());
    storage.append(records("api", NOW_NANOS, 300, "alpha"));
    storage.append(records("web", NOW_NANOS, 300, "beta"));
    storage.flush();
    try (Snapshot snapshot = storage.snapshot()) {
      List<BlockRef> blocks = snapshot.blocks(TimeRange.ALL);
      long mayHaveBeta =
          blocks.stream()
              .filter(block -> block.mayContainToken("_msg", Tokens.hash("beta")))
              .count();
      assertThat(blocks).hasSize(6);
      assertThat(mayHaveBeta).isEqualTo(3);
    }
  }

  @Test
  void crashReplaysTheWriteAheadLogExactlyOnce() {
    Storage storage = open(config());
    storage.append(records("api", NOW_NANOS, 100, "flushed"));
    storage.flush();
    storage.append(records("api", NOW_NANOS + DAY / 2, 70, "unflushed"));
    opened.remove(storage);
    storage.abandonForCrashTest();

    Storage reopened = open(config());
    List<String> messages = messages(reopened);
    assertThat(messages).hasSize(170).doesNotHaveDuplicates();
    assertThat(reopened.stats().memtableRows()).isEqualTo(70);
  }

  @Test
  void flushReleasesTheWalSoRestartReplaysNothing() {
    Storage storage = open(config());
    storage.append(records("api", NOW_NANOS, 100, "flushed"));
    storage.flush();
    opened.remove(storage);
    storage.abandonForCrashTest();

    Storage reopened = open(config());
    assertThat(reopened.stats().memtableRows()).isZero();
    assertThat(messages(reopened)).hasSize(100);
  }

  @Test
  void partOfAnUnfinishedFlushIsDeletedAndReplayed() throws IOException {
    Storage storage = open(config());
    List<LogRecord> batch = records("api", NOW_NANOS, 40, "pending");
    storage.append(batch);
    opened.remove(storage);
    storage.abandonForCrashTest();
    // A crash after a part was renamed into place but before the checkpoint moved past it.
    Path partition = directory.resolve("partitions/2026-11-22");
    Files.createDirectories(partition);
    List<LogRecord> sorted = new ArrayList<>(batch);
    sorted.sort(RecordOrder.BY_STREAM_THEN_TIME);
    try (PartWriter writer =
        PartWriter.create(
            partition.resolve(FileNames.partName(99)), new PartWriterOptions(100, 3))) {
      sorted.forEach(writer::add);
      writer.finish(Long.MAX_VALUE / 2);
    }

    Storage reopened = open(config());
    assertThat(messages(reopened)).hasSize(40).doesNotHaveDuplicates();
    assertThat(Files.exists(partition.resolve(FileNames.partName(99)))).isFalse();
  }

  @Test
  void mergesKeepEveryRowAndRunningSnapshotsIntact() throws IOException {
    Storage storage = open(config());
    for (int flush = 0; flush < 6; flush++) {
      storage.append(records("api", NOW_NANOS + flush * 1_000_000_000L, 50, "batch" + flush));
      storage.append(records("web", NOW_NANOS + flush * 1_000_000_000L, 50, "web" + flush));
      storage.flush();
    }
    // Background merges may have started already; a snapshot taken now must survive them.
    Snapshot before = storage.snapshot();
    storage.mergeAll();
    assertThat(storage.stats().parts()).isLessThan(MergePolicy.MIN_PARTS);
    try (before) {
      long rows = 0;
      for (BlockRef ref : before.blocks(TimeRange.ALL)) {
        rows += ref.read(null).rowCount();
      }
      assertThat(rows).isEqualTo(600);
    }
    List<String> after = messages(storage);
    assertThat(after).hasSize(600).doesNotHaveDuplicates();
    try (var entries = Files.list(directory.resolve("partitions/2026-11-22"))) {
      assertThat(entries.map(path -> path.getFileName().toString()).collect(Collectors.toList()))
          .allMatch(name -> name.startsWith("part-"));
    }
  }

  @Test
  void mergedRowsStayInStreamAndTimeOrder() {
    Storage storage = open(config());
    for (int flush = 0; flush < 4; flush++) {
      storage.append(records("api", NOW_NANOS + flush * 10L, 30, "x" + flush));
      storage.flush();
    }
    storage.mergeAll();
    try (Snapshot snapshot = storage.snapshot()) {
      for (BlockRef ref : snapshot.blocks(TimeRange.ALL)) {
        Block block = ref.read(null);
        for (int row = 1; row < block.rowCount(); row++) {
          assertThat(block.timeNanos(row)).isGreaterThanOrEqualTo(block.timeNanos(row - 1));
        }
      }
    }
  }

  @Test
  void retentionByAgeDropsWholeOldPartitions() {
    Storage storage = open(config().withRetention(Duration.ofDays(3)));
    storage.append(records("api", NOW_NANOS - 10 * DAY, 20, "old"));
    storage.append(records("api", NOW_NANOS - 2 * DAY, 20, "recent"));
    storage.append(records("api", NOW_NANOS, 20, "today"));
    storage.flush();
    Snapshot held = storage.snapshot();
    storage.applyRetention();
    assertThat(storage.partsPerPartition()).containsOnlyKeys("2026-11-20", "2026-11-22");
    assertThat(messages(storage)).hasSize(40).noneMatch(message -> message.startsWith("old"));
    try (held) {
      long rows = 0;
      for (BlockRef ref : held.blocks(TimeRange.ALL)) {
        rows += ref.read(null).rowCount();
      }
      assertThat(rows).as("a snapshot taken before retention still reads its parts").isEqualTo(60);
    }
    assertThat(Files.exists(directory.resolve("partitions/2026-11-12/" + FileNames.partName(1))))
        .isFalse();
  }

  @Test
  void retentionBySizeDropsTheOldestPartitionFirst() {
    Storage storage = open(config());
    storage.append(records("api", NOW_NANOS - 2 * DAY, 500, "oldest"));
    storage.append(records("api", NOW_NANOS - DAY, 500, "middle"));
    storage.append(records("api", NOW_NANOS, 500, "newest"));
    storage.flush();
    long total = storage.stats().partBytes();
    storage.close();
    opened.remove(storage);

    Storage limited = open(config().withMaxDiskBytes(total * 3 / 4));
    limited.applyRetention();
    assertThat(limited.partsPerPartition()).containsOnlyKeys("2026-11-21", "2026-11-22");
  }

  @Test
  void fullDiskRefusesIngestButKeepsReads() {
    Storage storage = open(config());
    storage.append(records("api", NOW_NANOS, 10, "kept"));
    storage.close();
    opened.remove(storage);

    Storage full = open(config().withMinFreeDiskBytes(Long.MAX_VALUE));
    assertThatThrownBy(() -> full.append(records("api", NOW_NANOS, 1, "refused")))
        .isInstanceOf(LoupeException.class)
        .hasMessageContaining("disk almost full")
        .satisfies(
            failure ->
                assertThat(((LoupeException) failure).code())
                    .isEqualTo(ErrorCode.INSUFFICIENT_STORAGE));
    assertThat(messages(full)).hasSize(10).allMatch(message -> message.startsWith("kept"));
  }

  @Test
  void corruptPartIsReportedAndTheRestStaysQueryable() throws IOException {
    Storage storage = open(config());
    storage.append(records("api", NOW_NANOS - DAY, 50, "damaged"));
    storage.append(records("api", NOW_NANOS, 50, "healthy"));
    storage.flush();
    storage.close();
    opened.remove(storage);
    Path damagedPart;
    try (var parts = Files.list(directory.resolve("partitions/2026-11-21"))) {
      damagedPart = parts.filter(Files::isDirectory).findFirst().orElseThrow();
    }
    try (var files = Files.list(damagedPart)) {
      for (Path file : files.toList()) {
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(file, bytes);
      }
    }

    Storage reopened = open(config());
    assertThat(reopened.stats().corruptParts()).containsExactly(damagedPart.toString());
    assertThat(messages(reopened)).hasSize(50).allMatch(message -> message.startsWith("healthy"));
  }

  @Test
  void reservedFieldNamesAreRefusedBeforeAnythingIsStored() {
    Storage storage = open(config());
    Stream stream = Stream.of("default", Map.of());
    LogRecord spoofed =
        new LogRecord(stream, NOW_NANOS, "spoof", List.of(new Field("_stream", "{fake}")));
    assertThatThrownBy(() -> storage.append(List.of(spoofed)))
        .isInstanceOf(LoupeException.class)
        .hasMessageContaining("_stream is reserved");
    storage.flush();
    assertThat(messages(storage)).isEmpty();
  }

  @Test
  void secondOpenOfTheSameDirectoryIsRefused() {
    open(config());
    assertThatThrownBy(() -> Storage.open(config(), CLOCK))
        .isInstanceOf(LoupeException.class)
        .hasMessageContaining("in use by another Loupe process");
  }

  @Test
  // A bound so that a broken listener fails the test instead of hanging it; not a speed target.
  @org.junit.jupiter.api.Timeout(60)
  void aSnapshotTakenWithAListenerSeesEveryBatchExactlyOnceBetweenThem() throws Exception {
    Storage storage = open(config());
    java.util.concurrent.atomic.AtomicBoolean writing =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    java.util.concurrent.atomic.AtomicInteger written =
        new java.util.concurrent.atomic.AtomicInteger();
    Thread writer =
        Thread.ofPlatform()
            .start(
                () -> {
                  while (writing.get()) {
                    int batch = written.getAndIncrement();
                    storage.append(records("api", NOW_NANOS + batch, 1, "batch" + batch));
                  }
                });
    while (written.get() < 50) {
      Thread.onSpinWait();
    }
    List<String> heard = java.util.Collections.synchronizedList(new ArrayList<>());
    List<String> seen = new ArrayList<>();
    try (Snapshot snapshot =
        storage.snapshotAndListen(
            (position, batch) -> batch.forEach(record -> heard.add(record.message())))) {
      for (BlockRef ref : snapshot.blocks(TimeRange.ALL)) {
        Block block = ref.read(null);
        for (int row = 0; row < block.rowCount(); row++) {
          seen.add(block.value("_msg", row));
        }
      }
    }
    while (heard.size() < 50) {
      Thread.onSpinWait();
    }
    writing.set(false);
    writer.join();

    List<String> all = new ArrayList<>(seen);
    all.addAll(heard);
    assertThat(all).doesNotHaveDuplicates().containsAll(messages(storage));
    assertThat(all).hasSize(messages(storage).size());
  }
}
