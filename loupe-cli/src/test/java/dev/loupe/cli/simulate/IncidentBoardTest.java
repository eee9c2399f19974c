package dev.loupe.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IncidentBoardTest {
  private static final long SECOND = 1_000_000_000L;

  private static Incident parse(String spec) {
    return IncidentParser.parse(spec, 0);
  }

  @Test
  void answersWhatIsWrongWhereAndWhen() {
    IncidentBoard board =
        new IncidentBoard(
            List.of(
                parse("error-burst:service=auth,at=10s,for=10s,rate=0.3"),
                parse("latency-spike:service=search,at=15s,for=10s,factor=7"),
                parse("deploy:service=cart,at=0,for=5s,rate=0.2"),
                parse("host-silent:host=app-02,at=30s,for=1s"),
                parse("memory-leak:service=cart,at=40s,for=10s")),
            null);
    board.advanceTo(0);
    World.Instance cart = new World().instances(World.CART).getFirst();

    assertThat(board.errorRate(World.AUTH, 9 * SECOND)).isZero();
    assertThat(board.errorRate(World.AUTH, 10 * SECOND)).isEqualTo(0.3);
    assertThat(board.errorRate(World.AUTH, 20 * SECOND)).isZero();
    assertThat(board.errorRate(World.CATALOG, 15 * SECOND)).isZero();
    assertThat(board.latencyFactor(World.SEARCH, 16 * SECOND)).isEqualTo(7);
    assertThat(board.latencyFactor(World.SEARCH, 26 * SECOND)).isEqualTo(1);
    assertThat(board.regressionRate(World.CART, 4 * SECOND)).isEqualTo(0.2);
    assertThat(board.silent("app-02", 30 * SECOND)).isTrue();
    assertThat(board.silent("app-02", 31 * SECOND)).isFalse();
    assertThat(board.silent("app-03", 30 * SECOND)).isFalse();
    assertThat(board.leakProgress(cart, 39 * SECOND)).isEqualTo(-1);
    assertThat(board.leakProgress(cart, 45 * SECOND)).isEqualTo(0.5);
    assertThat(board.leaks(45 * SECOND)).hasSize(1);
  }

  @Test
  void startsAndEndsAreHandedOutOnceInTimeOrder() {
    IncidentBoard board =
        new IncidentBoard(
            List.of(
                parse("error-burst:service=auth,at=20s,for=10s"),
                parse("deploy:service=cart,at=5s,for=30s")),
            null);
    List<String> events = new ArrayList<>();
    for (long time = 0; time <= 40 * SECOND; time += SECOND) {
      board.advanceTo(time);
      for (Incident started = board.pollStart(time);
          started != null;
          started = board.pollStart(time)) {
        events.add(time / SECOND + " start " + started.kind().label());
      }
      for (Incident ended = board.pollEnd(time); ended != null; ended = board.pollEnd(time)) {
        events.add(time / SECOND + " end " + ended.kind().label());
      }
    }
    assertThat(events)
        .containsExactly(
            "5 start deploy", "20 start error-burst", "30 end error-burst", "35 end deploy");
  }

  @Test
  void randomIncidentsArriveAsTimePasses() {
    IncidentBoard board =
        new IncidentBoard(List.of(), new RandomIncidents(1, 0, Duration.ofMinutes(10)));
    int started = 0;
    for (long time = 0; time <= 6 * 3_600 * SECOND; time += 10 * SECOND) {
      board.advanceTo(time);
      while (board.pollStart(time) != null) {
        started++;
      }
    }
    // one every 10 minutes plus their length, on average: 6 hours hold 20 to 40
    assertThat(started).isBetween(20, 40);
  }
}
