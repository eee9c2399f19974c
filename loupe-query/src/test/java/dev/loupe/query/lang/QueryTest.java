package dev.loupe.query.lang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.query.filter.FilterAll;
import dev.loupe.query.filter.FilterWord;
import org.junit.jupiter.api.Test;

class QueryTest {

  @Test
  void printsCanonicalTextAndComparesByStructure() {
    Query query = new Query(new FilterWord("level", "error"));
    assertThat(query).hasToString("level:error").isEqualTo(QueryParser.parse("level:error"));
    assertThat(new Query(new FilterAll())).isEqualTo(QueryParser.parse(""));
  }

  @Test
  void needsAFilter() {
    assertThatThrownBy(() -> new Query(null)).isInstanceOf(NullPointerException.class);
  }
}
