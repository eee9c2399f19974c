package dev.loupe.analytics.patterns.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParsingAccuracyTest {
  private static ParsingAccuracy.Line line(String truth, String mined) {
    return new ParsingAccuracy.Line(truth, mined);
  }

  /**
   * Worked by hand. True groups: A = {1, 2}, B = {3, 4}, C = {5}, D = {6}; line 7 has no true
   * template and is not scored. Mined groups (after normalisation, "open 42" is "open <*>"): M1 =
   * {1, 2}, M2 = {3}, M3 = {4}, M4 = {5, 6}.
   *
   * <ul>
   *   <li>GA: only A is mined exactly (2 lines of 6) = 1/3.
   *   <li>FGA: 1 right group of 4 mined and 4 true: precision = recall = 1/4, F1 = 1/4.
   *   <li>PA: lines 1, 2 and 3 have their true template = 3/6.
   *   <li>FTA: M1 (lines all A, text A) and M2 (lines all B, text B) are right, M3 and M4 not:
   *       precision = recall = 2/4, F1 = 1/2.
   * </ul>
   */
  @Test
  void matchesTheFiguresWorkedByHand() {
    ParsingScores scores =
        ParsingAccuracy.score(
            List.of(
                line("open <*>", "open <*>"),
                line("open <*>", "open 42"),
                line("close <*>", "close <*>"),
                line("close <*>", "close now"),
                line("ping", "ping <*>"),
                line("pong", "ping <*>"),
                line("", "whatever")));

    assertThat(scores.lines()).isEqualTo(6);
    assertThat(scores.groupingAccuracy()).isCloseTo(1.0 / 3, within(1e-9));
    assertThat(scores.groupingF1()).isCloseTo(0.25, within(1e-9));
    assertThat(scores.parsingAccuracy()).isCloseTo(0.5, within(1e-9));
    assertThat(scores.templateF1()).isCloseTo(0.5, within(1e-9));
    assertThat(scores.minedGroups()).isEqualTo(4);
    assertThat(scores.trueGroups()).isEqualTo(4);
  }

  @Test
  void perfectMiningScoresOne() {
    ParsingScores scores =
        ParsingAccuracy.score(
            List.of(line("a <*>", "a <*>"), line("a <*>", "a <*>"), line("b", "b")));
    assertThat(scores.groupingAccuracy()).isEqualTo(1.0);
    assertThat(scores.groupingF1()).isEqualTo(1.0);
    assertThat(scores.parsingAccuracy()).isEqualTo(1.0);
    assertThat(scores.templateF1()).isEqualTo(1.0);
  }

  @Test
  void oneTemplateForEverythingGroupsNothingRight() {
    ParsingScores scores =
        ParsingAccuracy.score(List.of(line("a", "<*>"), line("b", "<*>"), line("c", "<*>")));
    assertThat(scores.groupingAccuracy()).isZero();
    assertThat(scores.groupingF1()).isZero();
    assertThat(scores.templateF1()).isZero();
  }

  @Test
  void noScoredLinesScoreZero() {
    assertThat(ParsingAccuracy.score(List.of(line("", "x"))).lines()).isZero();
  }
}
