package dev.loupe.query.pipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.query.testing.InMemoryBlock;
import dev.loupe.query.testing.Records;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipeUnpackJsonTest {

  @Test
  void flattensNestedObjectsWithDottedNames() {
    assertThat(
            PipeUnpackJson.unpack(
                "{\"a\":1,\"b\":{\"c\":\"x\",\"d\":{\"e\":true}},\"n\":null,\"l\":[1, {\"k\":2}]}"))
        .containsExactly(
            Map.entry("a", "1"),
            Map.entry("b.c", "x"),
            Map.entry("b.d.e", "true"),
            Map.entry("n", ""),
            Map.entry("l", "[1,{\"k\":2}]"));
  }

  @Test
  void anythingButOneJsonObjectGivesNothing() {
    for (String text : new String[] {"", "plain text", "[1]", "42", "{\"a\":", "{} {}"}) {
      assertThat(PipeUnpackJson.unpack(text)).as(text).isEmpty();
    }
  }

  @Test
  void unpackedFieldsFeedWhereAndStats() {
    var stream = Records.stream("api");
    var blocks =
        List.of(
            InMemoryBlock.of(
                Records.record(stream, 1, "{\"req\":{\"ms\":10},\"user\":\"a\"}"),
                Records.record(stream, 2, "{\"req\":{\"ms\":300},\"user\":\"b\"}"),
                Records.record(stream, 3, "not json"),
                Records.record(stream, 4, "{\"req\":{\"ms\":500},\"user\":\"a\"}")));
    assertThat(
            PipeTesting.run(
                blocks, "* | json | where req.ms:>100 | stats count() as n by (user)", 10))
        .containsExactly("user=a n=1", "user=b n=1");
    assertThat(PipeTesting.run(blocks, "* | unpack_json | fields user | head 1", 10))
        .containsExactly("user=a");
  }

  @Test
  void checksItsField() {
    assertThatThrownBy(() -> new PipeUnpackJson("")).isInstanceOf(IllegalArgumentException.class);
  }
}
