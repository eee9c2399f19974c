package dev.loupe.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StreamTest {

  // Up to two labels a case; an empty second name means one label only.
  @ParameterizedTest(name = "[{index}] {0}={1} {2}={3} -> {4}")
  @CsvSource({
    "service, api,          '',    '',   '{service=\"api\"}'",
    "service, api,          host,  web,  '{host=\"web\",service=\"api\"}'",
    "b,       2,            a,     1,    '{a=\"1\",b=\"2\"}'",
    "a,       '',           '',    '',   '{a=\"\"}'",
    "msg,     'say \"hi\"', '',    '',   '{msg=\"say \\\"hi\\\"\"}'",
    "path,    'C:\\logs',   '',    '',   '{path=\"C:\\\\logs\"}'",
    "v,       '\\\"',       '',    '',   '{v=\"\\\\\\\"\"}'",
    "v,       '\"\\',       '',    '',   '{v=\"\\\"\\\\\"}'",
    "city,    Zürich,       lang,  日本語, '{city=\"Zürich\",lang=\"日本語\"}'",
    "a,       1,            B,     2,    '{B=\"2\",a=\"1\"}'",
    "a_b,     1,            a.b,   2,    '{a.b=\"2\",a_b=\"1\"}'",
    "é,       1,            z,     2,    '{z=\"2\",é=\"1\"}'",
  })
  void canonicalTextSortsByNameAndEscapesValues(
      String firstName, String firstValue, String secondName, String secondValue, String expected) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(firstName, firstValue);
    if (!secondName.isEmpty()) {
      labels.put(secondName, secondValue);
    }
    assertThat(Stream.canonicalText(labels)).isEqualTo(expected);
  }

  @Test
  void noLabelsGiveEmptyBraces() {
    assertThat(Stream.canonicalText(Map.of())).isEqualTo("{}");
  }

  @Test
  void ofComputesTheIdFromTheCanonicalText() {
    Stream stream = Stream.of("acme", Map.of("service", "checkout", "host", "web-1"));

    assertThat(stream.tenant()).isEqualTo("acme");
    assertThat(stream.canonicalLabels()).isEqualTo("{host=\"web-1\",service=\"checkout\"}");
    assertThat(stream.id()).isEqualTo(StreamId.of("acme", stream.canonicalLabels()));
  }

  @Test
  void insertionOrderDoesNotMatter() {
    Map<String, String> forward = new LinkedHashMap<>();
    forward.put("a", "1");
    forward.put("b", "2");
    forward.put("c", "3");
    Map<String, String> backward = new LinkedHashMap<>();
    backward.put("c", "3");
    backward.put("b", "2");
    backward.put("a", "1");

    assertThat(Stream.of("t", forward)).isEqualTo(Stream.of("t", backward));
    assertThat(Stream.of("t", forward)).isEqualTo(Stream.of("t", new HashMap<>(backward)));
  }

  // A value dressed up as more labels stays one value: escaping keeps the text unambiguous.
  @ParameterizedTest(name = "[{index}] a={0}")
  @CsvSource({
    "'1\",b=\"2'",
    "'1\\\",b=\\\"2'",
    "'1\"}'",
  })
  void valuesCannotForgeOtherLabels(String forgedValue) {
    String forged = Stream.canonicalText(Map.of("a", forgedValue));
    assertThat(forged).isNotEqualTo(Stream.canonicalText(Map.of("a", "1", "b", "2")));
    assertThat(forged).isNotEqualTo(Stream.canonicalText(Map.of("a", "1")));
  }

  @Test
  void constructorRejectsNulls() {
    StreamId id = new StreamId(1, 2);
    assertThatThrownBy(() -> new Stream(null, "{}", id)).hasMessage("tenant is null");
    assertThatThrownBy(() -> new Stream("t", null, id)).hasMessage("canonicalLabels is null");
    assertThatThrownBy(() -> new Stream("t", "{}", null)).hasMessage("id is null");
  }
}
