/**
 * One decoder a wire format: {@link dev.loupe.ingest.decode.DecoderJsonLines} (newline-delimited
 * JSON objects), {@link dev.loupe.ingest.decode.DecoderLogfmt} ({@code key=value} lines, split by
 * {@code LogfmtParser}), {@link dev.loupe.ingest.decode.DecoderAccessLog} (Common and Combined Log
 * Format), {@link dev.loupe.ingest.decode.DecoderPlainText} (one message an event, multi-line
 * events joined) and {@link dev.loupe.ingest.decode.DecoderSyslog} (one syslog message, RFC 5424 or
 * 3164, framed from a TCP stream by {@link dev.loupe.ingest.decode.SyslogFramer}). Owns everything
 * between the bytes of a body and the records handed to the sink: splitting lines on bytes ({@code
 * LineReader}), repairing invalid UTF-8 ({@code Utf8}), reading timestamps ({@code TimeParser}),
 * choosing the time, message and stream fields of a record ({@code FieldRoles}, {@code
 * StreamResolver}), building records from fields ({@code RecordAssembler}), and batching ({@code
 * RecordCollector}).
 */
package dev.loupe.ingest.decode;
