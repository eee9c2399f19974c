package dev.loupe.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SimulatorTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void linesComeInTimeOrderFromTheStart() {
    List<Line> lines = Simulated.lines(3, 20_000);

    assertThat(lines.getFirst().timeNanos()).isGreaterThanOrEqualTo(Simulated.START_NANOS);
    for (int index = 1; index < lines.size(); index++) {
      assertThat(lines.get(index).timeNanos())
          .as("line %d", index)
          .isGreaterThanOrEqualTo(lines.get(index - 1).timeNanos());
    }
    assertThat(lines).allMatch(line -> line.timeNanos() % 1_000 == 0);
  }

  @Test
  void linesComeAtTheIntensity() {
    List<Line> lines = Simulated.seconds(5, 500, 180);
    long from = Simulated.START_NANOS + 60 * SECOND;
    long to = Simulated.START_NANOS + 150 * SECOND;

    // after the first minute (lines written later than their arrival, such as cron's on the next
    // minute, have caught up): 45,000 expected; the count varies by a few percent
    assertThat(lines.stream().filter(line -> line.timeNanos() >= from && line.timeNanos() < to))
        .hasSizeBetween(42_750, 47_250);
  }

  @Test
  void theThreeSourcesAreMixed() {
    Map<Source, Integer> counts = new HashMap<>();
    for (Line line : Simulated.lines(3, 20_000)) {
      counts.merge(line.source(), 1, Integer::sum);
    }

    assertThat(counts.get(Source.ACCESS)).isBetween(3_000, 6_000);
    assertThat(counts.get(Source.APP)).isBetween(8_000, 12_000);
    assertThat(counts.get(Source.SYSLOG)).isBetween(4_000, 8_000);
  }

  @Test
  void aRequestsLinesShareATraceAcrossServices() {
    List<Line> lines = Simulated.seconds(3, 1_000, 30);
    // requests still running at the end have not written their gateway line yet
    long complete = Simulated.START_NANOS + 20 * SECOND;
    Map<String, Set<String>> servicesByTrace = new HashMap<>();
    Set<String> late = new HashSet<>();
    for (Line line : lines) {
      String trace = line.field("trace_id");
      if (trace != null) {
        servicesByTrace.computeIfAbsent(trace, unused -> new HashSet<>()).add(line.service());
        if (line.timeNanos() >= complete) {
          late.add(trace);
        }
      }
    }
    servicesByTrace.keySet().removeAll(late);

    assertThat(servicesByTrace).hasSizeGreaterThan(3_000);
    assertThat(servicesByTrace.values()).allMatch(services -> services.contains("gateway"));
    long acrossThree =
        servicesByTrace.values().stream().filter(services -> services.size() >= 3).count();
    assertThat(acrossThree).isGreaterThan(300);
  }

  @Test
  void theSameSeedTellsTheSameStoryAndAnotherSeedAnother() {
    List<String> first = contents(Simulated.lines(11, 3_000));
    List<String> again = contents(Simulated.lines(11, 3_000));
    List<String> other = contents(Simulated.lines(12, 3_000));

    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
  }

  @Test
  void aSilentHostWritesNothingInItsWindowAndBootsAtItsEnd() {
    List<Line> lines = Simulated.seconds(3, 500, 90, "host-silent:host=app-02,at=30s,for=30s");
    long from = Simulated.START_NANOS + 30 * SECOND;
    long to = Simulated.START_NANOS + 60 * SECOND;

    assertThat(lines)
        .filteredOn(line -> line.host().equals("app-02"))
        .noneMatch(line -> line.timeNanos() >= from && line.timeNanos() < to)
        .anyMatch(line -> line.timeNanos() < from)
        .anyMatch(line -> line.template() == TemplateCatalog.KERNEL_BOOT && line.timeNanos() == to)
        .anyMatch(
            line -> line.template() == TemplateCatalog.SERVICE_STARTED && line.timeNanos() > to);
    // its services answered from their other hosts meanwhile
    assertThat(lines)
        .filteredOn(line -> line.timeNanos() >= from && line.timeNanos() < to)
        .anyMatch(line -> line.service().equals("checkout") && line.host().equals("app-03"));
  }

  @Test
  void theDiurnalShapeMakesAfternoonsBusierThanNights() {
    Simulator simulator = Simulated.simulator(3, 2, true);
    int[] byHour = new int[24];
    long end = Simulated.START_NANOS + 86_400 * SECOND;
    for (Line line = simulator.next(); line.timeNanos() < end; line = simulator.next()) {
      byHour[(int) ((line.timeNanos() / SECOND / 3_600) % 24)]++;
    }

    // expected 1.6 / 0.4 = 4 times as many lines at 15:00 as at 03:00
    assertThat(byHour[15]).isGreaterThan(3 * byHour[3]);
    assertThat(byHour[15] + byHour[14] + byHour[16])
        .isGreaterThan(byHour[2] + byHour[3] + byHour[4]);
  }

  private static List<String> contents(List<Line> lines) {
    return lines.stream()
        .map(line -> line.timeNanos() + " " + line.host() + " " + line.content())
        .toList();
  }
}
