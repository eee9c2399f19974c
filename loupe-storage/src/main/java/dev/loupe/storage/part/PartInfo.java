package dev.loupe.storage.part;

/**
 * The summary of a part, also stored in its {@link PartFileNames#METADATA} file.
 *
 * @param formatVersion the part format version the files were written in
 * @param rows records in the part
 * @param blocks blocks in the part
 * @param minTimeNanos smallest {@code _time}; 0 when the part has no rows
 * @param maxTimeNanos largest {@code _time} (included); 0 when the part has no rows
 * @param bytesOnDisk the sizes of all the part's files together
 * @param walPosition the WAL position the writer was given: every record up to it is in a part
 * @param uncompressedBytes the records' text: UTF-8 bytes of every {@code _msg}, field name and
 *     field value, plus 8 bytes of time per row. The same records give the same figure in any part,
 *     so merges preserve it, and {@code uncompressedBytes / bytesOnDisk} is the compression ratio
 */
public record PartInfo(
    int formatVersion,
    long rows,
    int blocks,
    long minTimeNanos,
    long maxTimeNanos,
    long bytesOnDisk,
    long walPosition,
    long uncompressedBytes) {}
