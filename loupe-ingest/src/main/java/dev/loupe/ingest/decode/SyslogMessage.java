package dev.loupe.ingest.decode;

import dev.loupe.core.Field;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of one syslog message as the RFC 5424 and RFC 3164 parsers find them; the decoder turns
 * them into a record. Null means absent (RFC 5424's NILVALUE {@code -}, or a part RFC 3164 lines
 * lack). Mutable and reused from message to message: not thread-safe.
 */
final class SyslogMessage {
  /** No time in the message: the decoder uses the receive time. */
  static final long NO_TIME = Long.MIN_VALUE;

  long timeNanos = NO_TIME;
  String host;
  String appName;
  String procId;
  String msgId;

  /** Structured data as {@code sd.<id>.<param>} fields, in message order. */
  final List<Field> structuredData = new ArrayList<>();

  /** The MSG part, BOM removed; empty when the message has none. */
  String message = "";

  void reset() {
    timeNanos = NO_TIME;
    host = null;
    appName = null;
    procId = null;
    msgId = null;
    structuredData.clear();
    message = "";
  }
}
