/**
 * The immutable part format: {@link dev.loupe.storage.part.PartWriter} writes a part directory from
 * records sorted by (stream id, time), {@link dev.loupe.storage.part.Part} opens one and serves its
 * blocks as {@link dev.loupe.storage.BlockRef}s. This package owns every byte inside a part
 * directory and nothing outside it (the directory's name, its partition and its lifecycle belong to
 * the engine). The same layout, with the reasons, is in {@code docs/FORMAT.md}.
 *
 * <pre>
 * part-0000000000000001/
 *   data.bin       column chunks, block after block          read lazily, a chunk range at a time
 *   index.bin      names, streams, block headers, blooms     loaded whole at open
 *   metadata.bin   rows, blocks, time range, sizes, WAL pos  written last
 *
 * every file                                       (all numbers little-endian)
 * +----------------------------------------------------------------------------+
 * | header 16 B  "LOUPEPRT" | version u32 = 1 | kind u8 (1 data, 2 index,       |
 * |              3 metadata) | 3 zero bytes                                    |
 * +----------------------------------------------------------------------------+
 * | body                                                                       |
 * +----------------------------------------------------------------------------+
 * | footer 16 B  body length u64 | CRC32C(header + body) u32 | "LEND"          |
 * +----------------------------------------------------------------------------+
 *
 * data.bin body: rows sorted by (stream id, time), cut into blocks of one stream and at most
 * blockRows rows; per block one chunk per column, _time first, _msg, then fields by name
 * +-------------------------------------+-------------------------------------+----
 * | block 0                             | block 1                             | ...
 * | _time | _msg | field a | field b    | _time | _msg | field a             |
 * +-------------------------------------+-------------------------------------+----
 *   chunk (stored)  = zstd frame of the raw chunk, or the raw chunk when zstd does not shrink it
 *   chunk (raw)     = [presence bitmap, ceil(rows / 8) B, LSB first: only when some rows lack
 *                      the column] [values of the present rows, in the column's encoding]
 *   encodings       1 integer frame of reference   varint scale | zigzag min | u8 width | packed
 *                   2 integer delta                varint scale | zigzag first | zigzag deltas/scale
 *                   3 integer delta of delta       varint scale | zigzag first | zigzag delta/scale
 *                                                  | zigzag changes of delta/scale
 *                   4 string plain                 varint UTF-8 lengths ... | bytes ...
 *                   5 string dictionary            varint n | n strings | 0/1/2-byte index each
 *
 * index.bin body                                   (string = varint length + UTF-8)
 *   varint k (bloom probes) | varint N, N column names | varint S, S streams (tenant, labels,
 *   id high u64, id low u64) | varint B, B blocks:
 *     varint stream# | i64 min time | i64 max time | varint rows | varint C, C columns:
 *       varint name# | u8 encoding | u8 flags (1 zstd, 2 integer range) | varint present rows |
 *       varint offset | varint stored length | varint raw length | u32 CRC32C(stored bytes) |
 *       [zigzag min | zigzag max] | varint W | W bloom words u64
 *
 * metadata.bin body (60 B): rows i64 | blocks i32 | min time i64 | max time i64 |
 *   WAL position i64 | uncompressed bytes i64 | data.bin size i64 | index.bin size i64
 * </pre>
 *
 * <p>{@code _stream}, {@code _stream_id} and {@code _tenant} are not columns: a block has one
 * stream, stored once in the index. Integer columns are those whose every value is a canonical long
 * ({@code Long.toString} prints it back unchanged); they carry a min/max. Every string and integer
 * column has a bloom filter of its tokens ({@link dev.loupe.core.Tokens}), 10 bits per distinct
 * token, 7 probes.
 *
 * <p>Checks: {@link dev.loupe.storage.part.Part#open} verifies metadata and index (header, version,
 * footer, CRC, structure, agreement with each other) and data.bin's header, footer and size; each
 * chunk's CRC32C is verified when it is read. Failures are {@code CORRUPT_DATA} naming the file.
 * Compatibility: parts written by format version 1 are kept under {@code
 * src/test/resources/compat/v1/} and read by {@code PartCompatibilityTest} forever.
 */
package dev.loupe.storage.part;
