package dev.loupe.query.pipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.query.testing.InMemoryBlock;
import dev.loupe.query.testing.Records;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipeUnpackLogfmtTest {

  @Test
  void bareAndQuotedValuesWithEscapes() {
    assertThat(
            PipeUnpackLogfmt.unpack(
                "level=info msg=\"say \\\"hi\\\"\\n\\\\ok\" empty= dur=12ms  q=\"a b\""))
        .containsExactly(
            Map.entry("level", "info"),
            Map.entry("msg", "say \"hi\"\n\\ok"),
            Map.entry("empty", ""),
            Map.entry("dur", "12ms"),
            Map.entry("q", "a b"));
  }

  @Test
  void wordsWithoutEqualsAreSkippedAndLaterPairsWin() {
    assertThat(PipeUnpackLogfmt.unpack("GET /a =x status=200 status=500 tail"))
        .containsExactly(Map.entry("status", "500"));
    assertThat(PipeUnpackLogfmt.unpack("a=\"unclosed b=1"))
        .containsExactly(Map.entry("a", "unclosed b=1"));
    assertThat(PipeUnpackLogfmt.unpack("")).isEmpty();
  }

  @Test
  void unpackedFieldsFeedWhereAndStats() {
    var stream = Records.stream("api");
    var blocks =
        List.of(
            InMemoryBlock.of(
                Records.record(stream, 1, "level=info ms=10"),
                Records.record(stream, 2, "level=warn ms=300"),
                Records.record(stream, 3, "level=info ms=700")));
    assertThat(
            PipeTesting.run(
                blocks, "* | logfmt | where ms:>100 | stats count() as n by (level)", 10))
        .containsExactly("level=info n=1", "level=warn n=1");
  }

  @Test
  void checksItsField() {
    assertThatThrownBy(() -> new PipeUnpackLogfmt("")).isInstanceOf(IllegalArgumentException.class);
  }
}
