package dev.loupe.storage.part;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StringDictionaryTest {

  @Test
  void numbersValuesInOrderOfFirstAppearance() {
    StringDictionary dictionary = new StringDictionary();
    dictionary.reset(10);
    assertThat(dictionary.idOf("warn")).isZero();
    assertThat(dictionary.idOf("info")).isEqualTo(1);
    assertThat(dictionary.idOf("warn")).isZero();
    assertThat(dictionary.size()).isEqualTo(2);
    assertThat(dictionary.entry(1)).isEqualTo("info");
  }

  @Test
  void refusesNewValuesBeyondTheLimitButKeepsKnownOnes() {
    StringDictionary dictionary = new StringDictionary();
    dictionary.reset(2);
    dictionary.idOf("a");
    dictionary.idOf("b");
    assertThat(dictionary.idOf("c")).isEqualTo(-1);
    assertThat(dictionary.idOf("b")).isEqualTo(1);
  }

  @Test
  void resetForgetsEverything() {
    StringDictionary dictionary = new StringDictionary();
    dictionary.reset(1000);
    for (int i = 0; i < 1000; i++) {
      assertThat(dictionary.idOf("value-" + i)).isEqualTo(i);
    }
    dictionary.reset(4);
    assertThat(dictionary.size()).isZero();
    assertThat(dictionary.idOf("value-999")).isZero();
  }
}
