/**
 * The write-ahead log: {@link dev.loupe.storage.wal.WriteAheadLog} appends each ingest batch with a
 * checksum, fsyncs with group commit before the batch is acknowledged, replays on start what is not
 * yet in a part, and deletes segments once parts hold them. This package owns the WAL directory and
 * every byte of its format; nothing else reads or writes those files.
 *
 * <h2>On-disk format, version 1</h2>
 *
 * <p>The directory holds segment files named {@code wal-<position of the first batch, 20 digits>
 * .log}, for example {@code wal-00000000000000000001.log}. Integers are big-endian, varints
 * unsigned LEB128, checksums CRC32C ({@link java.util.zip.CRC32C}). Constants and their reasons are
 * in {@code WalFormat}.
 *
 * <pre>
 * segment file
 * +----------------------------------------------------------------------+
 * | header, 24 bytes                                                     |
 * |   magic "LOUPEWAL" (8) | format version = 1 (4) | start position (8) |
 * |   CRC32C of the 20 bytes before (4)                                  |
 * +----------------------------------------------------------------------+
 * | frame: batch at position start                                       |
 * +----------------------------------------------------------------------+
 * | frame: batch at position start + 1                                   |
 * +----------------------------------------------------------------------+
 * | ...                                                                  |
 * +----------------------------------------------------------------------+
 *
 * frame
 * +------------------------+------------------------------+------------------------+
 * | payload length (4) > 0 | CRC32C of the payload (4)    | payload (length bytes) |
 * +------------------------+------------------------------+------------------------+
 *
 * payload  = codec (1) body
 *   codec 0: body = batch
 *   codec 1: body = length of the batch (varint) | one zstd frame holding the batch
 *
 * batch    = record count (varint) | record * count
 * record   = stream index (varint) | [stream, when the index is the number of streams seen
 *            so far in this batch] | time delta (zigzag varint: nanoseconds since the
 *            previous record's time, the first one since 0) | message (string) |
 *            field count (varint) | (field name (string) | field value (string)) * count
 * stream   = tenant (string) | canonical labels (string) | stream id high (8) | low (8)
 * string   = byte length (varint) | UTF-8 bytes
 * </pre>
 *
 * <p>A frame's position is not stored: it is the segment's start position plus the frame's index in
 * the segment.
 *
 * <h2>Torn tail</h2>
 *
 * <p>Batches are written to the page cache and fsynced later, for many at once. A crash (a power
 * loss, a kernel panic) before the fsync can leave the end of the newest segment holding part of a
 * frame, a frame whose bytes never all reached the disk, or zeros: a torn tail. None of its batches
 * was acknowledged, since acknowledgement waits for the fsync. On open the WAL finds the first
 * frame that is incomplete, has an impossible length or fails its checksum, truncates the file
 * there, logs a warning with the file, the offset and the bytes dropped, and appends new batches
 * after the intact ones. Older segments cannot have a torn tail (each is fsynced before the next is
 * created), so a bad frame in one is damage: it is logged as an error and replay of that segment
 * stops before it, but the file is not changed.
 */
package dev.loupe.storage.wal;
