/**
 * One decoder a wire format: {@link dev.loupe.ingest.decode.DecoderJsonLines} (newline-delimited
 * JSON objects), {@link dev.loupe.ingest.decode.DecoderPlainText} (one message a line) and {@link
 * dev.loupe.ingest.decode.DecoderSyslog} (one syslog message, RFC 5424 or 3164, framed from a TCP
 * stream by {@link dev.loupe.ingest.decode.SyslogFramer}). Owns everything between the bytes of a
 * body and the records handed to the sink: splitting lines on bytes ({@code LineReader}), repairing
 * invalid UTF-8 ({@code Utf8}), reading timestamps ({@code TimeParser}), choosing the time, message
 * and stream fields of a record ({@code FieldRoles}, {@code StreamResolver}), and batching ({@code
 * RecordCollector}).
 */
package dev.loupe.ingest.decode;
