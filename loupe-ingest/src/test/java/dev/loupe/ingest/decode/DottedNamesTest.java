package dev.loupe.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DottedNamesTest {
  private final DottedNames dottedNames = new DottedNames();

  @Test
  void joinsWithADotAndReturnsTheSameInstanceForTheSamePair() {
    String first = dottedNames.join("http", "status");
    String second = dottedNames.join(new String("http".toCharArray()), "status");

    assertThat(first).isEqualTo("http.status");
    assertThat(second).isSameAs(first);
    assertThat(dottedNames.join("http.status", "code")).isEqualTo("http.status.code");
    assertThat(dottedNames.join("http", "method")).isEqualTo("http.method");
  }

  @Test
  void keepsJoiningCorrectlyOnceTheCacheIsFull() {
    for (int index = 0; index < DottedNames.MAX_ENTRIES + 100; index++) {
      assertThat(dottedNames.join("p", "c" + index)).isEqualTo("p.c" + index);
    }
    assertThat(dottedNames.join("p", "c1")).isSameAs(dottedNames.join("p", "c1"));
  }
}
