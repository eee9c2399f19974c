package dev.loupe.storage.part;

import static java.util.Objects.requireNonNull;

import com.github.luben.zstd.Zstd;
import dev.loupe.core.ErrorCode;
import dev.loupe.core.Field;
import dev.loupe.core.FieldNames;
import dev.loupe.core.LogRecord;
import dev.loupe.core.LoupeException;
import dev.loupe.storage.BlockRef;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.zip.CRC32C;

/**
 * An open, immutable part: its metadata and index in memory, its data file open for positional
 * reads (see {@link PartDataFile} for why not a memory map).
 *
 * <p>Thread-safe for reads: any number of threads may use {@link #blocks()}, read blocks and
 * iterate {@link #records()} at once. {@link #close} must come after the last read (the engine's
 * reference counting sees to it); a read after it throws {@link IllegalStateException}.
 *
 * <p>Memory: the index stays loaded (block headers and bloom filters, about 1.25 bytes per distinct
 * token per block and column, plus ~100 bytes per column chunk); a block read holds only the
 * columns asked for.
 */
public final class Part implements AutoCloseable {
  private final Path directory;
  private final PartInfo info;
  private final PartDataFile data;
  private final Map<String, Integer> nameIds;
  private final int hashCount;
  private final List<BlockRef> blocks;

  private Part(Path directory, PartInfo info, PartDataFile data, PartIndex index) {
    this.directory = directory;
    this.info = info;
    this.data = data;
    this.hashCount = index.hashCount();
    Map<String, Integer> ids = new HashMap<>();
    for (int id = 0; id < index.names().length; id++) {
      ids.put(index.names()[id], id);
    }
    this.nameIds = Map.copyOf(ids);
    List<BlockRef> refs = new ArrayList<>(index.blocks().size());
    for (PartIndex.BlockHeader header : index.blocks()) {
      refs.add(new PartBlockRef(this, header));
    }
    this.blocks = List.copyOf(refs);
  }

  /**
   * Opens the part in {@code directory}. Checks the header, version, length and checksum of the
   * metadata and index files, the header and footer of the data file, and that the three agree;
   * block data checksums are checked when a block is read.
   *
   * @throws LoupeException {@code CORRUPT_DATA}, naming the file and what failed, when a file is
   *     missing, damaged, truncated or of another format version; {@code INTERNAL} on other I/O
   *     errors
   */
  public static Part open(Path directory) {
    requireNonNull(directory, "directory is null");
    PartMetadata metadata = readMetadata(directory);
    PartIndex index = readIndex(directory, metadata);
    PartDataFile data = openData(directory, metadata);
    return new Part(directory, metadata.toInfo(), data, index);
  }

  public Path directory() {
    return directory;
  }

  public PartInfo info() {
    return info;
  }

  /** Every block, in (stream id, time) order; an unmodifiable list. */
  public List<BlockRef> blocks() {
    return blocks;
  }

  /**
   * All records in (stream id, time) order, decoding one block at a time: memory stays bounded by
   * one block, which is what merges need. Fields come back in name order. Not thread-safe itself
   * (one iterator per thread), but many may run at once.
   *
   * @throws LoupeException {@code CORRUPT_DATA} from {@code next()} when a block fails its checks
   */
  public Iterator<LogRecord> records() {
    return new RecordIterator(blocks);
  }

  /**
   * The records of {@code selected} (blocks of this part, in the order given), decoding one block
   * at a time: the rows a merge re-encodes when it copies the other blocks whole.
   */
  Iterator<LogRecord> records(List<PartBlockRef> selected) {
    return new RecordIterator(List.copyOf(selected));
  }

  /** Closes the data file. Idempotent. */
  @Override
  public void close() {
    data.close();
  }

  /** Recomputes the data file's whole-file CRC32C (reads all of it): for tests and tools. */
  boolean dataChecksumMatches() {
    return data.checksumMatches();
  }

  PartDataFile dataFile() {
    return data;
  }

  int hashCount() {
    return hashCount;
  }

  /** The name table number of {@code column}, or -1 when no block of the part has it. */
  int nameId(String column) {
    Integer id = nameIds.get(column);
    return id == null ? -1 : id;
  }

  /**
   * The raw bytes of {@code chunks} (in file order) of one block, checksums verified, decompressed.
   * Chunks close together are fetched with one read.
   */
  ByteSource[] readChunks(PartIndex.BlockHeader block, List<ColumnChunk> chunks) {
    ByteSource[] raws = new ByteSource[chunks.size()];
    int runStart = 0;
    while (runStart < chunks.size()) {
      long from = chunks.get(runStart).offset();
      int runEnd = runStart + 1;
      while (runEnd < chunks.size()
          && closeEnough(from, chunks.get(runEnd - 1), chunks.get(runEnd))) {
        runEnd++;
      }
      byte[] bytes = new byte[(int) (chunks.get(runEnd - 1).end() - from)];
      try {
        data.read(from, bytes, 0, bytes.length);
      } catch (MalformedPartException problem) {
        throw corrupt(
            PartFileNames.DATA, describe(block, chunks.get(runStart)) + problem.getMessage());
      }
      for (int i = runStart; i < runEnd; i++) {
        raws[i] = unpack(block, chunks.get(i), bytes, (int) (chunks.get(i).offset() - from));
      }
      runStart = runEnd;
    }
    return raws;
  }

  /**
   * Reads the stored bytes of every chunk of {@code block}, in file order and without decompressing
   * them, into {@code destination} back to back (chunk {@code i} right after chunk {@code i - 1};
   * {@link PartIndex.BlockHeader#storedBytes} in all), and checks each against its CRC32C: a merge
   * copies them verbatim, and must never copy damage into a new part.
   *
   * @throws LoupeException {@code CORRUPT_DATA} when a chunk fails its checksum or lies beyond the
   *     end of the file
   */
  void readStoredChunks(PartIndex.BlockHeader block, byte[] destination) {
    ColumnChunk[] chunks = block.chunks();
    int written = 0;
    int runStart = 0;
    while (runStart < chunks.length) {
      // A written block's chunks are contiguous, so this is one read; gaps just cost more reads.
      int runEnd = runStart + 1;
      while (runEnd < chunks.length && chunks[runEnd].offset() == chunks[runEnd - 1].end()) {
        runEnd++;
      }
      long from = chunks[runStart].offset();
      int length = (int) (chunks[runEnd - 1].end() - from);
      try {
        data.read(from, destination, written, length);
      } catch (MalformedPartException problem) {
        throw corrupt(PartFileNames.DATA, describe(block, chunks[runStart]) + problem.getMessage());
      }
      written += length;
      runStart = runEnd;
    }
    int chunkStart = 0;
    for (ColumnChunk chunk : chunks) {
      checkCrc(block, chunk, destination, chunkStart);
      chunkStart += chunk.storedLength();
    }
  }

  /**
   * The next chunk starts soon after the previous ends, and the run from {@code from} stays small.
   */
  private static boolean closeEnough(long from, ColumnChunk previous, ColumnChunk next) {
    long gap = next.offset() - previous.end();
    return gap >= 0
        && gap <= PartFormat.READ_COALESCE_GAP_BYTES
        && next.end() - from <= PartFormat.MAX_READ_RUN_BYTES;
  }

  private ByteSource unpack(
      PartIndex.BlockHeader block, ColumnChunk chunk, byte[] bytes, int offset) {
    checkCrc(block, chunk, bytes, offset);
    if (!chunk.compressed()) {
      return new ByteSource(bytes, offset, chunk.storedLength());
    }
    byte[] raw = new byte[chunk.rawLength()];
    long decompressed;
    try {
      decompressed =
          Zstd.decompressByteArray(raw, 0, raw.length, bytes, offset, chunk.storedLength());
    } catch (RuntimeException zstdError) {
      throw corrupt(PartFileNames.DATA, describe(block, chunk) + "zstd: " + zstdError.getMessage());
    }
    if (Zstd.isError(decompressed) || decompressed != raw.length) {
      throw corrupt(PartFileNames.DATA, describe(block, chunk) + "decompressed to a wrong length");
    }
    return new ByteSource(raw, 0, raw.length);
  }

  private void checkCrc(PartIndex.BlockHeader block, ColumnChunk chunk, byte[] bytes, int offset) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, offset, chunk.storedLength());
    if ((int) crc.getValue() != chunk.checksum()) {
      throw corrupt(
          PartFileNames.DATA,
          describe(block, chunk)
              + "checksum mismatch at offset "
              + chunk.offset()
              + " (stored "
              + Integer.toHexString(chunk.checksum())
              + ", computed "
              + Integer.toHexString((int) crc.getValue())
              + ")");
    }
  }

  static String describe(PartIndex.BlockHeader block, ColumnChunk chunk) {
    return "block " + block.number() + " column " + chunk.name() + ": ";
  }

  /** The error for damage found in {@code fileName}. */
  LoupeException corrupt(String fileName, String problem) {
    return corrupt(directory, fileName, problem);
  }

  private static LoupeException corrupt(Path directory, String fileName, String problem) {
    return new LoupeException(
        ErrorCode.CORRUPT_DATA,
        "part "
            + directory
            + ": "
            + fileName
            + ": "
            + problem
            + "; the part is damaged: restore it from a backup, or move it out of the data"
            + " directory to start without it");
  }

  private static PartMetadata readMetadata(Path directory) {
    try {
      byte[] file = PartIo.readFile(directory.resolve(PartFileNames.METADATA));
      return PartMetadata.readFrom(FileEnvelope.unwrap(file, PartFormat.KIND_METADATA));
    } catch (MalformedPartException problem) {
      throw corrupt(directory, PartFileNames.METADATA, problem.getMessage());
    } catch (IOException failure) {
      throw PartIo.failure("read part file", directory.resolve(PartFileNames.METADATA), failure);
    }
  }

  private static PartIndex readIndex(Path directory, PartMetadata metadata) {
    try {
      byte[] file = PartIo.readFile(directory.resolve(PartFileNames.INDEX));
      if (file.length != metadata.indexFileBytes()) {
        throw new MalformedPartException(
            "file is " + file.length + " bytes but the metadata says " + metadata.indexFileBytes());
      }
      long dataEnd = metadata.dataFileBytes() - PartFormat.FOOTER_BYTES;
      PartIndex index =
          PartIndex.parse(
              FileEnvelope.unwrap(file, PartFormat.KIND_INDEX), PartFormat.HEADER_BYTES, dataEnd);
      checkAgainstMetadata(index, metadata);
      return index;
    } catch (MalformedPartException problem) {
      throw corrupt(directory, PartFileNames.INDEX, problem.getMessage());
    } catch (IOException failure) {
      throw PartIo.failure("read part file", directory.resolve(PartFileNames.INDEX), failure);
    }
  }

  private static void checkAgainstMetadata(PartIndex index, PartMetadata metadata) {
    long rows = 0;
    long minTime = Long.MAX_VALUE;
    long maxTime = Long.MIN_VALUE;
    for (PartIndex.BlockHeader block : index.blocks()) {
      rows += block.rowCount();
      minTime = Math.min(minTime, block.minTimeNanos());
      maxTime = Math.max(maxTime, block.maxTimeNanos());
    }
    boolean empty = index.blocks().isEmpty();
    if (index.blocks().size() != metadata.blocks()
        || rows != metadata.rows()
        || (!empty && (minTime != metadata.minTimeNanos() || maxTime != metadata.maxTimeNanos()))) {
      throw new MalformedPartException(
          "index holds "
              + index.blocks().size()
              + " blocks, "
              + rows
              + " rows, time "
              + minTime
              + ".."
              + maxTime
              + ", but the metadata says "
              + metadata);
    }
  }

  private static PartDataFile openData(Path directory, PartMetadata metadata) {
    Path file = directory.resolve(PartFileNames.DATA);
    try {
      return PartDataFile.open(file, metadata.dataFileBytes());
    } catch (MalformedPartException problem) {
      throw corrupt(directory, PartFileNames.DATA, problem.getMessage());
    } catch (IOException failure) {
      throw PartIo.failure("open part file", file, failure);
    }
  }

  @Override
  public String toString() {
    return "Part[" + directory + ", " + info.rows() + " rows, " + info.blocks() + " blocks]";
  }

  /** Decodes one block at a time and hands its rows out as records. */
  private final class RecordIterator implements Iterator<LogRecord> {
    private final List<? extends BlockRef> source;
    private int nextBlock;
    private PartBlock block;
    private int row;
    private String[] messages;
    private final List<String> fieldNames = new ArrayList<>();
    private final List<String[]> fieldValues = new ArrayList<>();

    RecordIterator(List<? extends BlockRef> source) {
      this.source = source;
    }

    @Override
    public boolean hasNext() {
      while (block == null || row == block.rowCount()) {
        if (nextBlock == source.size()) {
          return false;
        }
        load((PartBlockRef) source.get(nextBlock++));
      }
      return true;
    }

    @Override
    public LogRecord next() {
      if (!hasNext()) {
        throw new NoSuchElementException("no more records in " + directory);
      }
      List<Field> fields = new ArrayList<>(fieldNames.size());
      for (int i = 0; i < fieldNames.size(); i++) {
        String value = fieldValues.get(i)[row];
        if (value != null) {
          fields.add(new Field(fieldNames.get(i), value));
        }
      }
      String message = messages == null || messages[row] == null ? "" : messages[row];
      LogRecord record = new LogRecord(block.ref().stream(), block.timeNanos(row), message, fields);
      row++;
      return record;
    }

    private void load(PartBlockRef ref) {
      block = ref.read(null);
      row = 0;
      messages = block.values(FieldNames.MESSAGE);
      fieldNames.clear();
      fieldValues.clear();
      for (ColumnChunk chunk : ref.header().chunks()) {
        if (!chunk.name().equals(FieldNames.TIME) && !chunk.name().equals(FieldNames.MESSAGE)) {
          fieldNames.add(chunk.name());
          fieldValues.add(block.values(chunk.name()));
        }
      }
    }
  }
}
