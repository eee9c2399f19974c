package dev.loupe.ingest.decode;

import static dev.loupe.ingest.decode.SyslogTesting.afterPriority;
import static dev.loupe.ingest.decode.SyslogTesting.nanos;
import static dev.loupe.ingest.decode.SyslogTesting.structuredData;
import static dev.loupe.ingest.decode.SyslogTesting.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DecoderSyslog5424Test {
  private static final String BOM = "\uFEFF";

  /** message | time (or null) | host | app | procid | msgid | structured data | MSG. */
  static Stream<Arguments> goodMessages() {
    return Stream.of(
        // The examples of RFC 5424 §6.5.
        arguments(
            "<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - "
                + BOM
                + "'su root' failed for lonvick on /dev/pts/8",
            "2003-10-11T22:14:15.003Z",
            "mymachine.example.com",
            "su",
            null,
            "ID47",
            "",
            "'su root' failed for lonvick on /dev/pts/8"),
        arguments(
            "<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time",
            "2003-08-24T12:14:15.000003Z", "192.0.2.1", "myproc", "8710", null, "", "%% It's time"),
        arguments(
            "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473"
                + " iut=\"3\" eventSource=\"Application\" eventID=\"1011\"] "
                + BOM
                + "An application event log entry...",
            "2003-10-11T22:14:15.003Z",
            "mymachine.example.com",
            "evntslog",
            null,
            "ID47",
            "sd.exampleSDID@32473.iut=3;sd.exampleSDID@32473.eventSource=Application;"
                + "sd.exampleSDID@32473.eventID=1011",
            "An application event log entry..."),
        arguments(
            "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473"
                + " iut=\"3\"][examplePriority@32473 class=\"high\"]",
            "2003-10-11T22:14:15.003Z",
            "mymachine.example.com",
            "evntslog",
            null,
            "ID47",
            "sd.exampleSDID@32473.iut=3;sd.examplePriority@32473.class=high",
            ""),
        // What util-linux logger sends.
        arguments(
            "<13>1 2026-11-22T03:30:09.494731+00:00 vm myapp - - [timeQuality tzKnown=\"1\""
                + " isSynced=\"0\"] hello newline",
            "2026-11-22T03:30:09.494731Z",
            "vm",
            "myapp",
            null,
            null,
            "sd.timeQuality.tzKnown=1;sd.timeQuality.isSynced=0",
            "hello newline"),
        // Every NILVALUE; then nothing, or an empty MSG after the space.
        arguments("<13>1 - - - - - -", null, null, null, null, null, "", ""),
        arguments("<13>1 - - - - - - ", null, null, null, null, null, "", ""),
        // Offsets, nanoseconds, a lower-case t and z.
        arguments(
            "<13>1 2026-11-22T03:30:09.123456789+05:30 h a p m - x",
            "2026-11-21T22:00:09.123456789Z",
            "h",
            "a",
            "p",
            "m",
            "",
            "x"),
        arguments(
            "<13>1 2026-11-22t03:30:09z h a p m - x",
            "2026-11-22T03:30:09Z",
            "h",
            "a",
            "p",
            "m",
            "",
            "x"),
        // Escapes: \" \\ \] stand for the character, a backslash before anything else stays.
        arguments(
            "<13>1 - - - - - [e v=\"a\\\"b\\\\c\\]d\\ne\"]",
            null,
            null,
            null,
            null,
            null,
            "sd.e.v=a\"b\\c]d\\ne",
            ""),
        // An unescaped ] inside the quotes, an empty value, a repeated name, an element alone.
        arguments(
            "<13>1 - - - - - [e v=\"a]b\" w=\"\" w=\"2\"][alone] m",
            null,
            null,
            null,
            null,
            null,
            "sd.e.v=a]b;sd.e.w=;sd.e.w=2;sd.alone=",
            "m"),
        // A dash that starts a longer token is a value, not the NILVALUE.
        arguments("<13>1 - -h -a -1 -m - x", null, "-h", "-a", "-1", "-m", "", "x"),
        // Text after the MSG start is kept as is: spaces, brackets, UTF-8.
        arguments(
            "<13>1 - h a - - - [not sd]  ünïcödé ",
            null,
            "h",
            "a",
            null,
            null,
            "",
            "[not sd]  ünïcödé "));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goodMessages")
  void readsGoodMessages(
      String text,
      String time,
      String host,
      String app,
      String procId,
      String msgId,
      String sd,
      String message)
      throws SyslogSyntaxException {
    SyslogMessage parsed = new SyslogMessage();

    DecoderSyslog5424.parse(afterPriority(utf8(text)), parsed);

    assertThat(parsed.timeNanos).isEqualTo(time == null ? SyslogMessage.NO_TIME : nanos(time));
    assertThat(parsed.host).isEqualTo(host);
    assertThat(parsed.appName).isEqualTo(app);
    assertThat(parsed.procId).isEqualTo(procId);
    assertThat(parsed.msgId).isEqualTo(msgId);
    assertThat(structuredData(parsed)).isEqualTo(sd);
    assertThat(parsed.message).isEqualTo(message);
  }

  /** message | 0-based byte position of the error | what the reason says. */
  static Stream<Arguments> badMessages() {
    return Stream.of(
        arguments("<13>1  - - - - -", 6, "expected the timestamp but found a space"),
        arguments("<13>1 2003-13-11T22:14:15Z h a p m -", 6, "invalid timestamp \"2003-13-11"),
        arguments("<13>1 1700000000 h a p m -", 6, "invalid timestamp \"1700000000\""),
        arguments("<13>1 2003-10-11 h a p m -", 6, "expected RFC 3339"),
        arguments(
            "<13>1 - h a p m",
            15,
            "expected a space after the message id but found the" + " end of the message"),
        arguments("<13>1 - h a p", 13, "a space after the process id"),
        arguments("<13>1 - h a p m x", 16, "expected structured data ('[' or -) but found 'x'"),
        arguments("<13>1 - h a p m [id", 19, "expected ']' or a space and a parameter"),
        arguments("<13>1 - h a p m [id a=b]", 22, "expected '\"' to open the parameter value"),
        arguments("<13>1 - h a p m [id a\"b\"]", 21, "expected '=' after the parameter name"),
        arguments("<13>1 - h a p m [id a=\"b]", 23, "no closing '\"'"),
        arguments("<13>1 - h a p m [id a=\"b\\\"]", 23, "no closing '\"'"),
        arguments(
            "<13>1 - h a p m [id a=\"b\"]x",
            26,
            "a space or the end of the message after" + " the structured data but found 'x'"),
        arguments("<13>1 - h a p m []", 17, "expected a structured data id but found ']'"),
        arguments("<13>1 - h a p m [id =\"b\"]", 20, "expected a parameter name but found '='"),
        arguments(
            "<13>1 - h a p m [id  a=\"b\"]",
            20,
            "expected a parameter name but found a" + " space"),
        arguments("<13>1 - h a p m -x", 16, "expected structured data"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badMessages")
  void failsBadMessagesWithTheirPosition(String text, int position, String reason) {
    assertThatThrownBy(
            () -> DecoderSyslog5424.parse(afterPriority(utf8(text)), new SyslogMessage()))
        .isInstanceOfSatisfying(
            SyslogSyntaxException.class,
            error -> {
              assertThat(error.position()).isEqualTo(position);
              assertThat(error.detail()).contains(reason);
            });
  }

  @Test
  void tellsAVersionFromAnRfc3164Timestamp() {
    assertThat(DecoderSyslog5424.startsWithVersion(afterPriority(utf8("<13>1 -")))).isTrue();
    assertThat(DecoderSyslog5424.startsWithVersion(afterPriority(utf8("<13>12 -")))).isTrue();
    assertThat(DecoderSyslog5424.startsWithVersion(afterPriority(utf8("<13>Nov 22")))).isFalse();
    assertThat(DecoderSyslog5424.startsWithVersion(afterPriority(utf8("<13>2026-11-22T"))))
        .isFalse();
    assertThat(DecoderSyslog5424.startsWithVersion(afterPriority(utf8("<13>0 -")))).isFalse();
    assertThat(DecoderSyslog5424.startsWithVersion(afterPriority(utf8("<13>1234 -")))).isFalse();
    assertThat(DecoderSyslog5424.startsWithVersion(afterPriority(utf8("<13>1")))).isFalse();
  }

  @Test
  void replacesInvalidUtf8InValuesAndMessage() throws SyslogSyntaxException {
    byte[] head = utf8("<13>1 - h a - - [e v=\"x");
    byte[] middle = utf8("\"] m");
    byte[] bytes = new byte[head.length + 1 + middle.length + 1];
    System.arraycopy(head, 0, bytes, 0, head.length);
    bytes[head.length] = (byte) 0xFF;
    System.arraycopy(middle, 0, bytes, head.length + 1, middle.length);
    bytes[bytes.length - 1] = (byte) 0xC3;
    SyslogMessage parsed = new SyslogMessage();

    DecoderSyslog5424.parse(afterPriority(bytes), parsed);

    assertThat(structuredData(parsed)).isEqualTo("sd.e.v=x\uFFFD");
    assertThat(parsed.message).isEqualTo("m\uFFFD");
  }
}
