package dev.loupe.query.testing;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.Field;
import dev.loupe.core.FieldNames;
import dev.loupe.core.LogRecord;
import dev.loupe.core.Stream;
import dev.loupe.core.Timestamps;
import dev.loupe.core.Tokens;
import dev.loupe.storage.Block;
import dev.loupe.storage.BlockRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test-only block over records in memory: a real implementation of {@link BlockRef} and {@link
 * Block}, not a mock. Its "bloom filter" is the exact set of token hashes per column (a bloom
 * filter with no false positives, which is allowed), so tests can assert which blocks a filter
 * skips. {@link #read} honours the column list strictly: a column not asked for reads as null, so a
 * test catches an executor that uses columns it did not read. Reads are counted.
 */
public final class InMemoryBlock implements BlockRef {
  private final Stream stream;
  private final List<LogRecord> records;
  private final Set<String> columnNames;
  private final Map<String, Set<Long>> tokenHashes = new HashMap<>();
  private final AtomicInteger reads = new AtomicInteger();
  private final List<Set<String>> readColumns = new ArrayList<>();

  /** A block of {@code records}, all of one stream; they are sorted by time here. */
  public InMemoryBlock(List<LogRecord> records) {
    requireNonNull(records, "records is null");
    if (records.isEmpty()) {
      throw new IllegalArgumentException("a block has at least one row");
    }
    this.stream = records.getFirst().stream();
    List<LogRecord> sorted = new ArrayList<>(records);
    sorted.sort(Comparator.comparingLong(LogRecord::timeNanos));
    this.records = List.copyOf(sorted);
    Set<String> names = new LinkedHashSet<>();
    names.add(FieldNames.TIME);
    names.add(FieldNames.STREAM);
    names.add(FieldNames.STREAM_ID);
    names.add(FieldNames.TENANT);
    names.add(FieldNames.MESSAGE);
    for (LogRecord record : sorted) {
      if (!record.stream().equals(stream)) {
        throw new IllegalArgumentException("all rows of a block belong to one stream");
      }
      addTokens(FieldNames.MESSAGE, record.message());
      for (Field field : record.fields()) {
        names.add(field.name());
        addTokens(field.name(), field.value());
      }
    }
    this.columnNames = Set.copyOf(names);
  }

  public static InMemoryBlock of(LogRecord... records) {
    return new InMemoryBlock(List.of(records));
  }

  private void addTokens(String column, String value) {
    Set<Long> hashes = tokenHashes.computeIfAbsent(column, name -> new HashSet<>());
    Tokens.forEachHash(value, hashes::add);
  }

  /** How many times {@link #read} was called. */
  public int reads() {
    return reads.get();
  }

  /** The column lists of every read so far, null for "all". */
  public synchronized List<Set<String>> readColumns() {
    return new ArrayList<>(readColumns);
  }

  /** This block decoded whole, without counting a read: for filter tests. */
  public Block decoded() {
    return new Rows(null);
  }

  @Override
  public Stream stream() {
    return stream;
  }

  @Override
  public long minTimeNanos() {
    return records.getFirst().timeNanos();
  }

  @Override
  public long maxTimeNanos() {
    return records.getLast().timeNanos();
  }

  @Override
  public int rowCount() {
    return records.size();
  }

  @Override
  public Set<String> columnNames() {
    return columnNames;
  }

  @Override
  public boolean mayContainToken(String column, long tokenHash) {
    Set<Long> hashes = tokenHashes.get(column);
    return hashes != null && hashes.contains(tokenHash);
  }

  @Override
  public long[] integerRange(String column) {
    // As storage: only when every value present is a canonical 64-bit integer.
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    boolean any = false;
    for (LogRecord record : records) {
      String value = record.field(column);
      if (value == null) {
        continue;
      }
      Long parsed = canonicalInteger(value);
      if (parsed == null) {
        return null;
      }
      min = Math.min(min, parsed);
      max = Math.max(max, parsed);
      any = true;
    }
    return any ? new long[] {min, max} : null;
  }

  private static Long canonicalInteger(String value) {
    try {
      long parsed = Long.parseLong(value);
      return Long.toString(parsed).equals(value) ? parsed : null;
    } catch (NumberFormatException notAnInteger) {
      return null;
    }
  }

  @Override
  public long storedBytes() {
    long bytes = 0;
    for (LogRecord record : records) {
      bytes += record.message().length() + 8;
    }
    return bytes;
  }

  @Override
  public Block read(Set<String> columns) {
    reads.incrementAndGet();
    synchronized (this) {
      readColumns.add(columns == null ? null : Set.copyOf(columns));
    }
    return new Rows(columns);
  }

  /** A decoding: the asked-for columns (all when null) that exist, plus {@code _time}. */
  private final class Rows implements Block {
    private final Set<String> decoded;

    Rows(Set<String> asked) {
      Set<String> names = new HashSet<>();
      for (String name : columnNames) {
        if (asked == null || asked.contains(name) || name.equals(FieldNames.TIME)) {
          names.add(name);
        }
      }
      this.decoded = Set.copyOf(names);
    }

    @Override
    public BlockRef ref() {
      return InMemoryBlock.this;
    }

    @Override
    public int rowCount() {
      return records.size();
    }

    @Override
    public long timeNanos(int row) {
      return records.get(row).timeNanos();
    }

    @Override
    public Set<String> columnNames() {
      return decoded;
    }

    @Override
    public String value(String column, int row) {
      if (!decoded.contains(column)) {
        return null;
      }
      LogRecord record = records.get(row);
      return switch (column) {
        case FieldNames.MESSAGE -> record.message();
        case FieldNames.TIME -> Timestamps.format(record.timeNanos());
        case FieldNames.STREAM -> record.stream().canonicalLabels();
        case FieldNames.STREAM_ID -> record.stream().id().toHex();
        case FieldNames.TENANT -> record.stream().tenant();
        default -> record.field(column);
      };
    }
  }
}
