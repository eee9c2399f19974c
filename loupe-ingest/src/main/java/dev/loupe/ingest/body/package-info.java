/**
 * Request bodies as the decoders read them: {@link dev.loupe.ingest.body.RequestBodies} undoes the
 * {@code Content-Encoding} (gzip, zstd, identity), caps the decompressed size, and tells a corrupt
 * compressed body (the client's fault, 400) apart from a failed read (the connection's). Knows
 * nothing of what the body contains.
 */
package dev.loupe.ingest.body;
