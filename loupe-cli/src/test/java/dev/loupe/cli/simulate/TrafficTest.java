package dev.loupe.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrafficTest {
  @Test
  void anArrivalWritesAFewLinesOnAverage() {
    assertThat(Traffic.meanLinesPerArrival()).isBetween(2.0, 5.0);
  }

  @Test
  void aDeployRestartsEachInstanceAndItsRollbackCountsTheErrors() {
    List<Line> lines =
        Simulated.seconds(8, 1_000, 120, "deploy:service=checkout,at=10s,for=60s,rate=0.5");
    Line deploying =
        lines.stream()
            .filter(line -> line.template() == TemplateCatalog.SERVICE_DEPLOYING)
            .findFirst()
            .orElseThrow();
    Line rollback =
        lines.stream()
            .filter(line -> line.template() == TemplateCatalog.SERVICE_ROLLBACK)
            .findFirst()
            .orElseThrow();
    long errors =
        lines.stream()
            .filter(line -> line.template() == TemplateCatalog.regression(World.CHECKOUT))
            .count();

    assertThat(deploying.content())
        .matches(
            "deploying version 2\\.\\d+\\.0 \\(commit [0-9a-f]{7}\\), rolling restart of 2 instances");
    String newVersion = deploying.content().split(" ")[2];
    assertThat(rollback.content())
        .matches(
            "rolling back to version 2\\.\\d+\\.\\d: "
                + errors
                + " errors since the deploy of "
                + newVersion.replace(".", "\\."));
    assertThat(errors).isPositive();
    assertThat(lines)
        .filteredOn(
            line ->
                line.template() == TemplateCatalog.SERVICE_STARTED
                    && line.service().equals("checkout"))
        .hasSize(4)
        .allMatch(line -> line.content().startsWith("Started CheckoutApplication in "));
  }

  @Test
  void aLeakGrowsUntilTheInstanceRunsOutOfMemoryAndRestarts() {
    List<Line> lines =
        Simulated.seconds(8, 1_000, 100, "memory-leak:service=catalog,host=app-03,at=0,for=80s");
    List<Integer> percents =
        lines.stream()
            .filter(line -> line.template() == TemplateCatalog.JVM_HEAP_WARNING)
            .peek(line -> assertThat(line.host()).isEqualTo("app-03"))
            .map(line -> Integer.parseInt(line.content().split(" ")[3].replace("%", "")))
            .toList();

    assertThat(percents).hasSizeGreaterThan(5);
    assertThat(percents.getLast()).isGreaterThan(percents.getFirst());
    assertThat(percents.getFirst()).isGreaterThanOrEqualTo(ActivityService.WARNING_PERCENT);
    assertThat(lines)
        .filteredOn(line -> line.template() == TemplateCatalog.JVM_OUT_OF_MEMORY)
        .singleElement()
        .satisfies(
            line ->
                assertThat(line.timeNanos()).isEqualTo(Simulated.START_NANOS + 80_000_000_000L));
  }
}
