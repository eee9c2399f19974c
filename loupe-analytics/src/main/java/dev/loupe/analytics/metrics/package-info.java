/**
 * Log-derived metrics: rules ({@link dev.loupe.analytics.metrics.MetricRule}) evaluated on the
 * ingest stream by {@link dev.loupe.analytics.metrics.MetricEngine} in tumbling windows, exactly
 * once across restarts, and the embedded {@link dev.loupe.analytics.metrics.MetricStore} of closed
 * windows.
 *
 * <h2>Metrics file format, version 1</h2>
 *
 * <p>{@code <data>/metrics/points-YYYYMMDD.lpm}, one file per UTC day of the frames' closed-through
 * time, append-only; retention deletes whole files.
 *
 * <pre>
 * +----------+---------+----------+
 * | LPMETRIC | version | reserved |   header, 16 bytes: magic (8 ASCII), int32 1, int32 0
 * +----------+---------+----------+
 * | length | crc32c | payload ... |   frame, repeated: int32 payload bytes, int32 CRC32C(payload)
 * +--------+--------+-------------+
 *
 * payload (big-endian, strings as Java modified UTF-8 with a 2-byte length):
 *   rule name | int32 fingerprint | int64 closedThroughMillis | int32 pointCount
 *   pointCount x ( int64 windowStartMillis | int64 windowEndMillis
 *                  | int16 labelCount | labelCount x (name, value) | float64 value )
 * </pre>
 *
 * <p>A frame is what one rule closed at once: the points of its closed windows and the end of the
 * last closed window ("closed through"), so points and the resume position are written together. On
 * open, a frame with a wrong length or checksum ends the file: the tail is cut (logged) and new
 * frames follow the last good one. {@code rules.json} beside the files holds rules made through the
 * API.
 */
package dev.loupe.analytics.metrics;
