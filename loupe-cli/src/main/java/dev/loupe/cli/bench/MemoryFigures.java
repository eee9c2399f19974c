package dev.loupe.cli.bench;

/**
 * The server's memory from {@code /health}: peaks right after ingest (the kernel's RSS high-water
 * mark and the heap pools' peaks, so "while ingesting at full rate"), the largest RSS sampled
 * during ingest, and the peaks over the whole run (after merges and searches). -1 when unknown.
 */
record MemoryFigures(
    long heapPeakIngestBytes,
    long residentPeakIngestBytes,
    long residentSampledMaxBytes,
    int samples,
    long heapPeakRunBytes,
    long residentPeakRunBytes) {}
