package dev.loupe.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.core.ErrorCode;
import dev.loupe.core.LoupeException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IngestParametersTest {
  private static final long RECEIVED = 123L;

  @Test
  void defaultsAreTheDefaultTenantNoStreamFieldsAndTheCommonTimeAndMessageFields() {
    IngestParameters parameters = IngestParameters.defaults(RECEIVED);

    assertThat(parameters)
        .isEqualTo(
            new IngestParameters(
                "default",
                List.of(),
                List.of("_time", "timestamp", "time", "@timestamp"),
                List.of("_msg", "message", "msg"),
                RECEIVED));
    assertThat(IngestParameters.fromRequest(name -> null, name -> null, RECEIVED))
        .isEqualTo(parameters);
  }

  /** Query value, header value ("-" for absent) and the stream fields that result. */
  @ParameterizedTest(name = "query={0} header={1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          service,host     | -            | service,host
          -                | service,host | service,host
          app              | service      | app
          " "              | service      | service
          ""               | service      | service
          " a , ,b ,"      | -            | a,b
          -                | -            | ''
          """)
  void streamFieldsComeFromQueryThenHeader(String query, String header, String expected) {
    IngestParameters parameters =
        fromRequest(Map.of("_stream_fields", query), Map.of("Loupe-Stream-Fields", header));

    assertThat(String.join(",", parameters.streamFields())).isEqualTo(expected.replace("'", ""));
  }

  @ParameterizedTest(name = "query={0} header={1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          ts          | -      | ts
          -           | ts     | ts
          ts          | other  | ts
          ts,@ts      | -      | ts,@ts
          -           | -      | _time,timestamp,time,@timestamp
          """)
  void timeFieldsComeFromQueryThenHeaderThenDefaults(String query, String header, String expected) {
    IngestParameters parameters =
        fromRequest(Map.of("_time_field", query), Map.of("Loupe-Time-Field", header));

    assertThat(parameters.timeFields())
        .containsExactlyElementsOf(Arrays.asList(expected.split(",")));
  }

  @ParameterizedTest(name = "query={0} header={1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          log         | -      | log
          -           | log    | log
          log         | other  | log
          log,text    | -      | log,text
          -           | -      | _msg,message,msg
          """)
  void messageFieldsComeFromQueryThenHeaderThenDefaults(
      String query, String header, String expected) {
    IngestParameters parameters =
        fromRequest(Map.of("_msg_field", query), Map.of("Loupe-Msg-Field", header));

    assertThat(parameters.messageFields())
        .containsExactlyElementsOf(Arrays.asList(expected.split(",")));
  }

  @ParameterizedTest(name = "query={0} header={1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          acme        | -      | acme
          -           | acme   | acme
          acme        | other  | acme
          -           | -      | default
          " team-1 "  | -      | team-1
          """)
  void tenantComesFromQueryThenHeaderThenDefault(String query, String header, String expected) {
    IngestParameters parameters =
        fromRequest(Map.of("tenant", query), Map.of("Loupe-Tenant", header));

    assertThat(parameters.tenant()).isEqualTo(expected);
  }

  @Test
  void keepsTheReceiveTime() {
    assertThat(IngestParameters.fromRequest(name -> null, name -> null, 99L).receiveTimeNanos())
        .isEqualTo(99L);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(
      strings = {
        "a b",
        "x/y",
        "é",
        "tenant\"",
        "0123456789012345678901234567890123456789012345678901234567890123456789"
      })
  void rejectsInvalidTenantsAsBadRequest(String tenant) {
    assertThatThrownBy(() -> IngestParameters.defaults(RECEIVED).withTenant(tenant))
        .isInstanceOfSatisfying(
            LoupeException.class,
            error -> {
              assertThat(error.code()).isEqualTo(ErrorCode.BAD_REQUEST);
              assertThat(error.getMessage()).startsWith("invalid tenant \"");
            });
  }

  @Test
  void rejectsEmptyFieldNamesAsBadRequest() {
    assertThatThrownBy(() -> IngestParameters.defaults(RECEIVED).withStreamFields(List.of("")))
        .isInstanceOfSatisfying(
            LoupeException.class,
            error ->
                assertThat(error.getMessage())
                    .isEqualTo("empty stream field name: give a field name such as service"));
  }

  @Test
  void copiesTheListsItIsGiven() {
    List<String> streamFields = new java.util.ArrayList<>(List.of("a"));
    IngestParameters parameters =
        IngestParameters.defaults(RECEIVED).withStreamFields(streamFields);

    streamFields.add("b");

    assertThat(parameters.streamFields()).containsExactly("a");
  }

  /** _multiline, Loupe-Multiline, _multiline_start, Loupe-Multiline-Start ("-" for absent). */
  @ParameterizedTest(name = "{0} {1} {2} {3}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          -    | -   | -       | -      | auto
          off  | -   | -       | -      | off
          -    | OFF | -       | -      | off
          auto | off | -       | -      | auto
          -    | -   | ^\\d    | -      | start:^\\d
          -    | -   | -       | "^ \\[" | start:^ \\[
          auto | -   | ^\\[    | ^x     | start:^\\[
          " "  | off | -       | -      | off
          """)
  void multilineRuleComesFromQueryThenHeaderThenDefault(
      String mode, String modeHeader, String start, String startHeader, String expected) {
    IngestParameters parameters =
        fromRequest(
            Map.of("_multiline", mode, "_multiline_start", start),
            Map.of("Loupe-Multiline", modeHeader, "Loupe-Multiline-Start", startHeader));

    assertThat(parameters.multiline().toString()).isEqualTo(expected);
  }

  @Test
  void rejectsContradictoryOrInvalidMultilineSettings() {
    assertThatThrownBy(
            () -> fromRequest(Map.of("_multiline", "off", "_multiline_start", "^x"), Map.of()))
        .isInstanceOf(LoupeException.class)
        .hasMessage("_multiline=off and _multiline_start contradict each other; give one of them");
    assertThatThrownBy(() -> fromRequest(Map.of("_multiline", "start:^x"), Map.of()))
        .isInstanceOf(LoupeException.class)
        .hasMessage(
            "_multiline takes auto or off; give the start-of-event pattern in _multiline_start");
    assertThatThrownBy(() -> fromRequest(Map.of("_multiline_start", "(x"), Map.of()))
        .isInstanceOf(LoupeException.class)
        .hasMessageStartingWith("invalid start-of-event pattern");
  }

  @Test
  void withMultilineKeepsTheRestAndTheOthersKeepTheRule() {
    IngestParameters parameters =
        IngestParameters.defaults(RECEIVED).withMultiline(MultilineRule.OFF).withTenant("acme");

    assertThat(parameters.multiline()).isEqualTo(MultilineRule.OFF);
    assertThat(parameters.tenant()).isEqualTo("acme");
    assertThat(IngestParameters.defaults(RECEIVED).multiline()).isEqualTo(MultilineRule.AUTO);
  }

  /** "-" in a table means absent; the maps stand for the request's query and headers. */
  private static IngestParameters fromRequest(
      Map<String, String> query, Map<String, String> headers) {
    return IngestParameters.fromRequest(
        absentAsNull(query)::get, absentAsNull(headers)::get, RECEIVED);
  }

  private static Map<String, String> absentAsNull(Map<String, String> values) {
    Map<String, String> present = new HashMap<>();
    values.forEach(
        (name, value) -> {
          if (!value.equals("-")) {
            present.put(name, value);
          }
        });
    return present;
  }
}
