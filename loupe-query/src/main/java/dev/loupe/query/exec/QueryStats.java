package dev.loupe.query.exec;

/**
 * What a search did. {@code blocksTotal} can be more than {@code blocksScanned + blocksSkipped}:
 * the difference is blocks never looked at because the limit was reached (or the search stopped)
 * before their turn.
 *
 * @param rowsReturned rows handed to the sink
 * @param rowsScanned rows of the blocks that were read
 * @param blocksTotal blocks the snapshot holds for the requested time range
 * @param blocksScanned blocks read and evaluated
 * @param blocksSkipped blocks ruled out from their header alone: time range, stream, bloom filters
 * @param bytesRead stored (compressed) size of the blocks read
 * @param durationNanos wall time of the search
 */
public record QueryStats(
    long rowsReturned,
    long rowsScanned,
    long blocksTotal,
    long blocksScanned,
    long blocksSkipped,
    long bytesRead,
    long durationNanos) {}
