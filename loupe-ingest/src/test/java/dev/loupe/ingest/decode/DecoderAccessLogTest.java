package dev.loupe.ingest.decode;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LogRecord;
import dev.loupe.core.LoupeException;
import dev.loupe.core.Stream;
import dev.loupe.ingest.IngestLimits;
import dev.loupe.ingest.IngestParameters;
import dev.loupe.ingest.IngestResult;
import dev.loupe.ingest.LineError;
import dev.loupe.ingest.StreamCache;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DecoderAccessLogTest {
  private static final long RECEIVED = 1_700_000_000_000_000_000L;
  private static final IngestParameters DEFAULTS = IngestParameters.defaults(RECEIVED);
  private static final IngestLimits LIMITS = IngestLimits.defaults();

  /** The example of Apache's documentation of the Combined Log Format. */
  private static final String COMBINED =
      "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326"
          + " \"http://www.example.com/start.html\" \"Mozilla/4.08 [en] (Win98; I ;Nav)\"";

  private final StreamCache streamCache = new StreamCache();
  private final List<LogRecord> records = new ArrayList<>();

  @Test
  void aCombinedLineBecomesTypedFieldsWithItsTimeAndTheWholeLineAsMessage() {
    IngestResult result = decode(COMBINED + "\n");

    assertThat(result).isEqualTo(new IngestResult(1, 0, List.of()));
    LogRecord record = records.getFirst();
    assertThat(record.message()).isEqualTo(COMBINED);
    assertThat(record.timeNanos()).isEqualTo(DecoderLogfmtTest.nanos("2000-10-10T20:55:36Z"));
    assertThat(DecoderLogfmtTest.fieldText(record))
        .isEqualTo(
            "client_ip=127.0.0.1, user=frank, method=GET, path=/apache_pb.gif, protocol=HTTP/1.0,"
                + " status=200, bytes=2326, referer=http://www.example.com/start.html,"
                + " user_agent=Mozilla/4.08 [en] (Win98; I ;Nav), level=info");
  }

  @Test
  void aCommonLineHasNoRefererOrUserAgent() {
    decode("::1 ident - [01/Jan/2024:00:00:00 +0000] \"POST /api HTTP/2.0\" 201 -\n");

    assertThat(DecoderLogfmtTest.fieldText(records.getFirst()))
        .isEqualTo(
            "client_ip=::1, ident=ident, method=POST, path=/api, protocol=HTTP/2.0, status=201,"
                + " bytes=0, level=info");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "200, info",
    "304, info",
    "101, info",
    "404, warn",
    "429, warn",
    "500, error",
    "503, error"
  })
  void theLevelFollowsFromTheStatus(String status, String level) {
    decode("1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" " + status + " 5\n");

    assertThat(records.getFirst().field("level")).isEqualTo(level);
  }

  @ParameterizedTest(name = "[{0}]")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "-                                | -",
        "``                               | -",
        "GET /                            | method=GET, path=/",
        "GET /a b HTTP/1.1                | method=GET, path=/a b, protocol=HTTP/1.1",
        "\\x16\\x03\\x01\\x02\\x00\\x01   | request=\\x16\\x03\\x01\\x02\\x00\\x01",
        "get / HTTP/1.1                   | request=get / HTTP/1.1",
        "GET / SPDY/3                     | request=GET / SPDY/3",
        "say \\\"hi\\\" \\\\o/            | request=say \"hi\" \\o/",
      })
  void requestLinesThatAreNotMethodTargetProtocolAreKeptWhole(String request, String fields) {
    decode("1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"" + request + "\" 400 0\n");

    String text = DecoderLogfmtTest.fieldText(records.getFirst());
    String between = text.substring("client_ip=1.2.3.4".length(), text.indexOf("status="));
    assertThat(between).isEqualTo(fields.equals("-") ? ", " : ", " + fields + ", ");
  }

  @Test
  void textAfterTheUserAgentStaysInTheMessageOnly() {
    String line = COMBINED + " \"203.0.113.9\" rt=0.003";

    decode(line + "\n");

    assertThat(records.getFirst().message()).isEqualTo(line);
    assertThat(records.getFirst().field("user_agent"))
        .isEqualTo("Mozilla/4.08 [en] (Win98; I ;Nav)");
    assertThat(records.getFirst().fields()).hasSize(10);
  }

  @Test
  void dashesMeanNotKnownAndAnUnclosedTailIsLeftInTheMessage() {
    decode("1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 200 5 \"-\" \"-\"\n");
    decode("1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 200 5 \"http://cut\n");

    assertThat(records.get(0).field("referer")).isNull();
    assertThat(records.get(0).field("user_agent")).isNull();
    assertThat(records.get(1).field("referer")).isNull();
    assertThat(records).hasSize(2);
  }

  @Test
  void streamFieldsComeFromTheParsedFields() {
    decode(
        new ByteArrayInputStream((COMBINED + "\n").getBytes(UTF_8)),
        DEFAULTS.withTenant("edge").withStreamFields(List.of("method")),
        LIMITS);

    assertThat(records.getFirst().stream()).isEqualTo(Stream.of("edge", Map.of("method", "GET")));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "` 1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 200 5`"
            + " | expected the client address at column 1",
        "1.2.3.4 | expected a space and the ident (or -) at column 8",
        "1.2.3.4 - | expected a space and the user at column 10",
        "1.2.3.4 - - 10/Oct/2000 | expected a space and [ before the time at column 12",
        "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700 | time starting at column 13 has no closing ]",
        "1.2.3.4 - - [10/Foo/2000:13:55:36 -0700] | time \"10/Foo/2000:13:55:36 -0700\" at column"
            + " 14 cannot be read; expected day/month/year:hour:minute:second offset, like"
            + " 10/Oct/2000:13:55:36 -0700",
        "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] GET | expected a space and the request in"
            + " quotes, like \"GET / HTTP/1.1\" at column 41",
        "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / | the request starting at column 42 has"
            + " no closing quote",
        "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET /\" | expected a space and the status at"
            + " column 49",
        "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET /\" 20x 5 | status \"20x\" at column 50 is"
            + " not 3 digits",
        "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET /\" 200 | expected a space and the"
            + " response size at column 53",
        "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET /\" 200 1.5k | response size \"1.5k\" at"
            + " column 54 is not a number or -",
      })
  void rejectsMalformedLinesSayingWhereAndWhat(String line, String reason) {
    IngestResult result = decode("ok\n" + line + "\n");

    assertThat(result.rejected()).isEqualTo(2);
    LineError error = result.firstErrors().get(1);
    assertThat(error.line()).isEqualTo(2);
    String example =
        "; an access log line looks like 127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"GET /"
            + " HTTP/1.0\" 200 2326";
    assertThat(error.reason()).isEqualTo(reason.startsWith("expected") ? reason + example : reason);
  }

  @Test
  void replacesInvalidUtf8AndSkipsBlankLines() {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes("\n  \n1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET /caf".getBytes(UTF_8));
    body.write(0xE9);
    body.writeBytes(" HTTP/1.1\" 200 5\n".getBytes(UTF_8));

    IngestResult result = decode(new ByteArrayInputStream(body.toByteArray()), DEFAULTS, LIMITS);

    assertThat(result).isEqualTo(new IngestResult(1, 0, List.of()));
    assertThat(records.getFirst().field("path")).isEqualTo("/caf\uFFFD");
  }

  @Test
  void aBodyOverTheLimitThrows() {
    IngestLimits limits = new IngestLimits(10, 100, 1000, 10);

    assertThatThrownBy(
            () ->
                decode(
                    new ByteArrayInputStream((COMBINED + "\n").getBytes(UTF_8)), DEFAULTS, limits))
        .isInstanceOfSatisfying(
            LoupeException.class,
            error -> assertThat(error.code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE));
  }

  @Test
  void handsBatchesToTheSinkInOrder() throws IOException {
    DecoderAccessLog decoder = new DecoderAccessLog(LIMITS, streamCache, 2, Long.MAX_VALUE);
    List<Integer> sizes = new ArrayList<>();

    decoder.decode(
        new ByteArrayInputStream((COMBINED + "\n").repeat(5).getBytes(UTF_8)),
        DEFAULTS,
        batch -> sizes.add(batch.size()));

    assertThat(sizes).containsExactly(2, 2, 1);
  }

  private IngestResult decode(String body) {
    return decode(new ByteArrayInputStream(body.getBytes(UTF_8)), DEFAULTS, LIMITS);
  }

  private IngestResult decode(InputStream body, IngestParameters parameters, IngestLimits limits) {
    try {
      return new DecoderAccessLog(limits, streamCache).decode(body, parameters, records::addAll);
    } catch (IOException impossible) {
      throw new AssertionError("in-memory bodies do not fail", impossible);
    }
  }
}
