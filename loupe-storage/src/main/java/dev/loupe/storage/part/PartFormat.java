package dev.loupe.storage.part;

import java.nio.charset.StandardCharsets;

/**
 * Every constant of the part format and every limit of its writer and reader, each with the reason
 * for its value. Constants marked "on disk" are part of format version {@value #VERSION}: changing
 * one is a new format version, with a new directory under {@code src/test/resources/compat/}.
 */
final class PartFormat {
  /** The format version this build writes and the only one it reads. */
  static final int VERSION = 1;

  /** On disk: the first 8 bytes of every part file, so a stray file is never taken for a part. */
  static final byte[] MAGIC = "LOUPEPRT".getBytes(StandardCharsets.US_ASCII);

  /** On disk: the last 4 bytes of every part file; missing when the file was cut short. */
  static final byte[] END_MAGIC = "LEND".getBytes(StandardCharsets.US_ASCII);

  /** On disk: magic (8), version (u32), file kind (u8), 3 reserved zero bytes. */
  static final int HEADER_BYTES = 16;

  /** On disk: body length (u64), CRC32C of header and body (u32), end magic (4). */
  static final int FOOTER_BYTES = 16;

  /** On disk: the file kinds, so {@code index.bin} renamed to {@code data.bin} is caught. */
  static final int KIND_DATA = 1;

  static final int KIND_INDEX = 2;
  static final int KIND_METADATA = 3;

  /** On disk: chunk flag, the stored bytes are one zstd frame (else the raw chunk itself). */
  static final int FLAG_ZSTD = 1;

  /** On disk: chunk flag, the column entry carries the integer min and max of the block. */
  static final int FLAG_INTEGER_RANGE = 2;

  /**
   * On disk (stored in the index header): bloom probes per token. With 10 bits per token the
   * optimum is 10 ln 2 = 6.9, so 7 gives the lowest false-positive rate, about 0.8 %.
   */
  static final int BLOOM_HASH_COUNT = 7;

  /**
   * Bloom bits per distinct token: about 1 % false positives (0.8 % with 7 probes). Halving the
   * rate costs ~1.44 more bits per token; at 1 % a needle query already skips 99 % of the blocks
   * that lack the word, and the index stays small enough to keep in memory.
   */
  static final int BLOOM_BITS_PER_TOKEN = 10;

  /**
   * A string column is dictionary-encoded when its distinct values number at most this many, or at
   * most a quarter of its values ({@link #DICTIONARY_VALUES_PER_ENTRY}), and in any case at most
   * half of its values ({@link #DICTIONARY_MIN_REPEATS}). 256 entries keep the indexes one byte
   * each; levels, hosts, methods and status texts all fit.
   */
  static final int DICTIONARY_SMALL_ENTRIES = 256;

  /**
   * Up to one distinct value per 4 values, a dictionary still pays: each entry is stored and
   * decoded once (queries test a filter once per entry) and the indexes are at most 2 bytes.
   */
  static final int DICTIONARY_VALUES_PER_ENTRY = 4;

  /**
   * And a dictionary must at least halve the values it stores: over unique values (a small block's
   * messages) it is pure overhead, an index byte per value and nothing shared.
   */
  static final int DICTIONARY_MIN_REPEATS = 2;

  /** Dictionary indexes are at most 2 bytes, so a dictionary holds at most 65 536 entries. */
  static final int DICTIONARY_MAX_ENTRIES = 1 << 16;

  /**
   * The most rows a block may hold. Blocks are decoded whole, per column, into arrays: 1 M rows
   * bound a decode at a few hundred MB for typical lines, far beyond the useful 4 K default.
   */
  static final int MAX_BLOCK_ROWS = 1 << 20;

  /**
   * A block is cut early once its rows hold this many bytes of text, whatever {@code blockRows}
   * says: it bounds the writer's buffer and a reader's decode memory when lines are huge (a block
   * of 4096 one-megabyte stack traces would otherwise need 4 GB, beyond a Java array). 16 MB is far
   * above the 0.1-1 MB where zstd reaches its full ratio (STACK.md), so normal blocks never hit it.
   */
  static final long MAX_BLOCK_TEXT_BYTES = 16L << 20;

  /**
   * The data file is written through a buffer of this size: big enough that a flush is a few large
   * writes, small enough to be nothing next to the memtable.
   */
  static final int DATA_WRITE_BUFFER_BYTES = 1 << 20;

  /**
   * Column chunks of one block closer than this are read with one positional read: reading a few
   * unwanted KB from the page cache is cheaper than another system call.
   */
  static final int READ_COALESCE_GAP_BYTES = 4 << 10;

  /** Coalesced reads stop growing here, so one read never needs a huge array. */
  static final int MAX_READ_RUN_BYTES = 64 << 20;

  private PartFormat() {}
}
