package dev.loupe.ingest.decode;

import static dev.loupe.ingest.decode.SyslogTesting.fields;
import static dev.loupe.ingest.decode.SyslogTesting.nanos;
import static dev.loupe.ingest.decode.SyslogTesting.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.core.LogRecord;
import dev.loupe.core.Stream;
import dev.loupe.ingest.IngestLimits;
import dev.loupe.ingest.StreamCache;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DecoderSyslogTest {
  private static final long RECEIVED = nanos("2026-11-22T12:00:00Z");
  private static final SyslogOptions OPTIONS =
      SyslogOptions.defaults().withTimeZone(ZoneOffset.UTC);

  private final DecoderSyslog decoder =
      new DecoderSyslog(OPTIONS, IngestLimits.defaults(), new StreamCache());

  private LogRecord decode(String text) {
    byte[] bytes = utf8(text);
    return decoder.decode(bytes, 0, bytes.length, RECEIVED);
  }

  @Test
  void turnsAnRfc5424MessageIntoARecord() {
    LogRecord record =
        decode(
            "<133>1 2026-11-22T03:40:10.748461+00:00 vm myapp 42 ID47 [timeQuality tzKnown=\"1\"]"
                + "[ex@32473 k=\"v \\\"q\\\" \\]\" n=\"1\"] hello world");

    assertThat(record.timeNanos()).isEqualTo(nanos("2026-11-22T03:40:10.748461Z"));
    assertThat(record.message()).isEqualTo("hello world");
    assertThat(fields(record.fields()))
        .isEqualTo(
            "facility=local0;severity=notice;level=info;host=vm;appname=myapp;procid=42;"
                + "msgid=ID47;sd.timeQuality.tzKnown=1;sd.ex@32473.k=v \"q\" ];sd.ex@32473.n=1;"
                + "source=syslog");
    assertThat(record.stream())
        .isEqualTo(
            Stream.of("default", Map.of("host", "vm", "appname", "myapp", "source", "syslog")));
    assertThat(decoder.malformed()).isZero();
  }

  @Test
  void turnsAnRfc3164MessageIntoARecord() {
    LogRecord record = decode("<35>Nov 22 03:30:09 vm sshd[812]: Accepted publickey");

    assertThat(record.timeNanos()).isEqualTo(nanos("2026-11-22T03:30:09Z"));
    assertThat(record.message()).isEqualTo("Accepted publickey");
    assertThat(fields(record.fields()))
        .isEqualTo(
            "facility=auth;severity=err;level=error;host=vm;appname=sshd;procid=812;source=syslog");
    assertThat(record.stream().canonicalLabels())
        .isEqualTo("{appname=\"sshd\",host=\"vm\",source=\"syslog\"}");
  }

  /** priority | facility | severity | level. */
  @ParameterizedTest(name = "<{0}>")
  @CsvSource({
    "0,kern,emerg,fatal",
    "9,user,alert,fatal",
    "18,mail,crit,fatal",
    "27,daemon,err,error",
    "36,auth,warning,warn",
    "45,syslog,notice,info",
    "86,authpriv,info,info",
    "103,ntp,debug,debug",
    "191,local7,debug,debug"
  })
  void namesFacilityAndSeverityAndNormalisesTheLevel(
      int priority, String facility, String severity, String level) {
    LogRecord record = decode("<" + priority + ">1 - - - - - - x");

    assertThat(record.field("facility")).isEqualTo(facility);
    assertThat(record.field("severity")).isEqualTo(severity);
    assertThat(record.field("level")).isEqualTo(level);
  }

  /** message | syslog.error | whether facility etc. are kept (a valid priority). */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          hello world          | not syslog at byte 0: expected '<' and a priority such as <13> but found 'h' | false
          <>1 - - - - - -      | not syslog at byte 1: expected the priority digits but found '>'             | false
          <192>1 - - - - - -   | not syslog at byte 1: priority 192 is over 191 (facility 23, severity 7)    | false
          <1234>x              | not syslog at byte 4: expected '>' after the priority but found '4'         | false
          <13                  | not syslog at byte 3: expected '>' after the priority but found the end of the message | false
          <13>1 yesterday h a  | rfc 5424 at byte 6: invalid timestamp "yesterday"; expected RFC 3339 like 2024-05-01T12:00:00.123+02:00, or - for none | true
          <13>1 - h a p m [x   | rfc 5424 at byte 18: expected ']' or a space and a parameter in the structured data element but found the end of the message | true
          """)
  void keepsABadMessageAsPlainTextWithTheReason(String text, String error, boolean hasPriority) {
    LogRecord record = decode(text);

    assertThat(record.message()).isEqualTo(text);
    assertThat(record.timeNanos()).isEqualTo(RECEIVED);
    assertThat(record.field("syslog.error")).isEqualTo(error);
    assertThat(record.field("facility") != null).isEqualTo(hasPriority);
    assertThat(record.field("level") != null).isEqualTo(hasPriority);
    assertThat(record.field("host")).isNull();
    assertThat(record.field("source")).isEqualTo("syslog");
    assertThat(record.stream().canonicalLabels()).isEqualTo("{source=\"syslog\"}");
    assertThat(decoder.malformed()).isEqualTo(1);
  }

  @Test
  void anEmptyMessageIsKeptWithItsReason() {
    LogRecord record = decoder.decode(new byte[] {'\n'}, 0, 1, RECEIVED);

    assertThat(record.message()).isEmpty();
    assertThat(record.field("syslog.error"))
        .isEqualTo("not syslog at byte 0: the message is empty");
  }

  @Test
  void dropsTrailingNewlinesCarriageReturnsAndNuls() {
    LogRecord record = decode("<13>1 - - - - - - line\r\n\u0000");

    assertThat(record.message()).isEqualTo("line");
  }

  @Test
  void removesTheByteOrderMarkBeforeTheMessage() {
    LogRecord record = decode("<13>1 - - - - - - \uFEFFhé");

    assertThat(record.message()).isEqualTo("hé");
  }

  @Test
  void replacesInvalidUtf8() {
    byte[] bytes = utf8("<13>Nov 22 03:30:09 h a: x?");
    bytes[bytes.length - 1] = (byte) 0xC0;

    LogRecord record = decoder.decode(bytes, 0, bytes.length, RECEIVED);

    assertThat(record.message()).isEqualTo("x\uFFFD");
  }

  @Test
  void decodesASliceOfALargerBuffer() {
    byte[] bytes = utf8("garbage<13>1 - h - - - - in the middlegarbage");

    LogRecord record = decoder.decode(bytes, 7, 31, RECEIVED);

    assertThat(record.message()).isEqualTo("in the middle");
    assertThat(record.field("host")).isEqualTo("h");
  }

  @Test
  void marksATruncatedMessageWithItsOriginalLength() {
    byte[] bytes = utf8("<13>1 - h - - - - the start");

    LogRecord record = decoder.decode(bytes, 0, bytes.length, 70_000, RECEIVED);

    assertThat(record.message()).isEqualTo("the start");
    assertThat(record.field("syslog.truncated")).isEqualTo("70000");
    assertThat(record.field("syslog.error")).isNull();
  }

  @Test
  void aMessageWithMoreFieldsThanTheLimitIsKeptWithoutItsStructuredData() {
    DecoderSyslog limited =
        new DecoderSyslog(OPTIONS, new IngestLimits(1 << 20, 1 << 20, 6, 10), new StreamCache());
    byte[] bytes = utf8("<13>1 - h a - - [e a=\"1\" b=\"2\"] m");

    LogRecord record = limited.decode(bytes, 0, bytes.length, RECEIVED);

    assertThat(record.message()).isEqualTo("<13>1 - h a - - [e a=\"1\" b=\"2\"] m");
    assertThat(record.field("sd.e.a")).isNull();
    assertThat(record.field("syslog.error"))
        .isEqualTo(
            "the message has 8 fields with its structured data, more than the limit of 6; send"
                + " fewer structured data parameters or raise the field limit");
    assertThat(limited.malformed()).isEqualTo(1);
  }

  @Test
  void streamFieldsAndStaticLabelsAreConfigurable() {
    SyslogOptions options =
        OPTIONS
            .withTenant("ops")
            .withStreamFields(List.of("facility", "sd.origin.ip"))
            .withStaticLabels(Map.of("env", "prod"));
    DecoderSyslog configured =
        new DecoderSyslog(options, IngestLimits.defaults(), new StreamCache());
    byte[] bytes = utf8("<38>1 - h a - - [origin ip=\"192.0.2.1\"] m");

    LogRecord record = configured.decode(bytes, 0, bytes.length, RECEIVED);

    assertThat(record.stream())
        .isEqualTo(
            Stream.of(
                "ops", Map.of("facility", "auth", "sd.origin.ip", "192.0.2.1", "env", "prod")));
    assertThat(record.field("env")).isEqualTo("prod");
    assertThat(record.field("source")).isNull();
  }

  @Test
  void absentAndEmptyValuesAreLeftOutOfTheStream() {
    SyslogOptions options =
        OPTIONS.withStreamFields(List.of("host", "appname", "sd.e.v")).withStaticLabels(Map.of());
    DecoderSyslog configured =
        new DecoderSyslog(options, IngestLimits.defaults(), new StreamCache());
    byte[] bytes = utf8("<13>1 - - a - - [e v=\"\"] m");

    LogRecord record = configured.decode(bytes, 0, bytes.length, RECEIVED);

    assertThat(record.stream().canonicalLabels()).isEqualTo("{appname=\"a\"}");
  }

  @Test
  void aMessageWithoutTimeGetsTheReceiveTime() {
    assertThat(decode("<13>1 - - - - - - x").timeNanos()).isEqualTo(RECEIVED);
    assertThat(decode("<13>x").timeNanos()).isEqualTo(RECEIVED);
  }

  @Test
  void readsFileLinesWithoutPriorityOnlyWhenAskedTo() {
    DecoderSyslog files =
        DecoderSyslog.acceptingFileLines(OPTIONS, IngestLimits.defaults(), new StreamCache());
    byte[] line = utf8("Nov 22 03:30:09 vm sshd[812]: Accepted publickey");

    LogRecord fromFile = files.decode(line, 0, line.length, RECEIVED);
    LogRecord fromNetwork = decoder.decode(line, 0, line.length, RECEIVED);
    byte[] withPriority = utf8("<35>Nov 22 03:30:09 vm sshd[812]: Accepted publickey");
    LogRecord priorityStillRead = files.decode(withPriority, 0, withPriority.length, RECEIVED);

    assertThat(fields(fromFile.fields()))
        .isEqualTo("host=vm;appname=sshd;procid=812;source=syslog");
    assertThat(fromFile.timeNanos()).isEqualTo(nanos("2026-11-22T03:30:09Z"));
    assertThat(files.malformed()).isZero();
    assertThat(fromNetwork.field(DecoderSyslog.FIELD_ERROR)).startsWith("not syslog at byte 0");
    assertThat(fields(priorityStillRead.fields()))
        .isEqualTo(
            "facility=auth;severity=err;level=error;host=vm;appname=sshd;procid=812;source=syslog");
  }
}
