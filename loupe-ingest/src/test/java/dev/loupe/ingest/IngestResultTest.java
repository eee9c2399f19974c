package dev.loupe.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IngestResultTest {
  @Test
  void copiesTheErrorsItIsGiven() {
    List<LineError> errors = new ArrayList<>(List.of(new LineError(1, "bad")));
    IngestResult result = new IngestResult(5, 1, errors);

    errors.add(new LineError(2, "worse"));

    assertThat(result.firstErrors()).containsExactly(new LineError(1, "bad"));
  }

  @Test
  void rejectsImpossibleCounts() {
    assertThatThrownBy(() -> new IngestResult(-1, 0, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new IngestResult(0, -1, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new IngestResult(0, 0, List.of(new LineError(1, "x"))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
