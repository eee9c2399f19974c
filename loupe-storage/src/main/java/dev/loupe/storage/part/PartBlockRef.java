package dev.loupe.storage.part;

import dev.loupe.core.FieldNames;
import dev.loupe.core.Stream;
import dev.loupe.storage.BlockRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A block of a {@link Part}: its header from the in-memory index, and the means to read it.
 * Thread-safe while the part is open.
 */
final class PartBlockRef implements BlockRef {
  private static final List<String> STREAM_COLUMNS =
      List.of(FieldNames.STREAM, FieldNames.STREAM_ID, FieldNames.TENANT);

  private final Part part;
  private final PartIndex.BlockHeader header;
  private final long storedBytes;
  private volatile Set<String> columnNames;

  PartBlockRef(Part part, PartIndex.BlockHeader header) {
    this.part = part;
    this.header = header;
    this.storedBytes = header.storedBytes();
  }

  PartIndex.BlockHeader header() {
    return header;
  }

  Part part() {
    return part;
  }

  @Override
  public Stream stream() {
    return header.stream().stream();
  }

  @Override
  public long minTimeNanos() {
    return header.minTimeNanos();
  }

  @Override
  public long maxTimeNanos() {
    return header.maxTimeNanos();
  }

  @Override
  public int rowCount() {
    return header.rowCount();
  }

  /** {@code _time}, {@code _stream}, {@code _stream_id}, {@code _tenant}, {@code _msg}, fields. */
  @Override
  public Set<String> columnNames() {
    Set<String> names = columnNames;
    if (names == null) {
      Set<String> collected = new LinkedHashSet<>();
      collected.add(FieldNames.TIME);
      collected.addAll(STREAM_COLUMNS);
      for (ColumnChunk chunk : header.chunks()) {
        collected.add(chunk.name());
      }
      names = Collections.unmodifiableSet(collected);
      columnNames = names;
    }
    return names;
  }

  boolean hasColumn(String column) {
    return STREAM_COLUMNS.contains(column) || chunk(column) != null;
  }

  @Override
  public boolean mayContainToken(String column, long tokenHash) {
    switch (column) {
      case FieldNames.STREAM, FieldNames.STREAM_ID, FieldNames.TENANT -> {
        return header.stream().hasToken(column, tokenHash);
      }
      case FieldNames.TIME -> {
        return true; // no bloom for times: never skip
      }
      default -> {
        ColumnChunk chunk = chunk(column);
        return chunk != null && BloomFilter.mayContain(chunk.bloom(), part.hashCount(), tokenHash);
      }
    }
  }

  @Override
  public long[] integerRange(String column) {
    ColumnChunk chunk = chunk(column);
    if (chunk == null || !chunk.hasIntegerRange()) {
      return null;
    }
    return new long[] {chunk.integerMin(), chunk.integerMax()};
  }

  @Override
  public long storedBytes() {
    return storedBytes;
  }

  /**
   * Reads, checks and decodes {@code _time} and the named columns ({@code null}: all).
   *
   * @throws dev.loupe.core.LoupeException {@code CORRUPT_DATA} when a chunk of the block fails its
   *     checksum or does not decode
   * @throws IllegalStateException when the part was closed
   */
  @Override
  public PartBlock read(Set<String> columns) {
    List<ColumnChunk> wanted = wantedChunks(columns);
    ByteSource[] raws = part.readChunks(header, wanted);
    long[] times = null;
    Map<String, String[]> values = new HashMap<>();
    for (int i = 0; i < wanted.size(); i++) {
      ColumnChunk chunk = wanted.get(i);
      try {
        if (i == 0) {
          times = decodeTimes(chunk, raws[i]);
        } else {
          values.put(chunk.name(), ColumnDecoder.decodeStrings(chunk, raws[i], header.rowCount()));
        }
      } catch (MalformedPartException problem) {
        throw part.corrupt(PartFileNames.DATA, Part.describe(header, chunk) + problem.getMessage());
      }
    }
    return new PartBlock(this, times, values, decodedNames(columns, values));
  }

  private long[] decodeTimes(ColumnChunk chunk, ByteSource raw) {
    long[] times = ColumnDecoder.decodeTimes(chunk, raw, header.rowCount());
    if (times[0] != header.minTimeNanos() || times[times.length - 1] != header.maxTimeNanos()) {
      throw new MalformedPartException("times disagree with the block's time range");
    }
    return times;
  }

  /** {@code _time} first, then the wanted columns in file order (so reads go forward). */
  private List<ColumnChunk> wantedChunks(Set<String> columns) {
    ColumnChunk[] chunks = header.chunks();
    List<ColumnChunk> wanted =
        new ArrayList<>(columns == null ? chunks.length : columns.size() + 1);
    wanted.add(chunks[0]);
    for (int i = 1; i < chunks.length; i++) {
      if (columns == null || columns.contains(chunks[i].name())) {
        wanted.add(chunks[i]);
      }
    }
    return wanted;
  }

  private static Set<String> decodedNames(Set<String> columns, Map<String, String[]> values) {
    Set<String> names = new LinkedHashSet<>();
    names.add(FieldNames.TIME);
    for (String streamColumn : STREAM_COLUMNS) {
      if (columns == null || columns.contains(streamColumn)) {
        names.add(streamColumn);
      }
    }
    names.addAll(values.keySet());
    return Collections.unmodifiableSet(names);
  }

  private ColumnChunk chunk(String column) {
    int nameId = part.nameId(column);
    return nameId < 0 ? null : header.chunk(nameId);
  }

  @Override
  public String toString() {
    return "block "
        + header.number()
        + " of "
        + part.directory()
        + " ("
        + stream().canonicalLabels()
        + ", "
        + header.rowCount()
        + " rows)";
  }
}
