package dev.loupe.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JsonTextTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void escapesWhatJsonRequires() {
    StringBuilder out = new StringBuilder();
    JsonText.appendString(out, "a\"b\\c\nd\te\rf\u0001g");
    assertThat(out).hasToString("\"a\\\"b\\\\c\\nd\\te\\rf\\u0001g\"");
  }

  @Test
  void randomTextReadsBackThroughJackson() throws Exception {
    SplittableRandom random = new SplittableRandom(1);
    for (int round = 0; round < 2_000; round++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(40);
      for (int index = 0; index < length; index++) {
        text.append((char) (random.nextBoolean() ? random.nextInt(0x80) : random.nextInt(0x3000)));
      }
      StringBuilder json = new StringBuilder();
      JsonText.appendString(json, text);
      assertThat(JSON.readValue(json.toString(), String.class))
          .as("seed 1 round %d", round)
          .isEqualTo(text.toString());
    }
  }
}
