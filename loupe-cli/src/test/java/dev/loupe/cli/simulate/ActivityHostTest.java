package dev.loupe.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ActivityHostTest {
  @Test
  void anSshScanIsThreeLinesOfOneProcessAndOneAddress() {
    List<Line> lines = Simulated.seconds(6, 1_000, 30);
    Line invalid =
        lines.stream()
            .filter(line -> line.template() == TemplateCatalog.SSHD_INVALID_USER)
            .findFirst()
            .orElseThrow();
    List<Line> sameProcess =
        lines.stream()
            .filter(
                line ->
                    line.service().equals("sshd")
                        && line.pid() == invalid.pid()
                        && line.host().equals(invalid.host()))
            .toList();

    assertThat(sameProcess).hasSize(3);
    String address = invalid.content().split(" ")[4];
    assertThat(sameProcess).allMatch(line -> line.content().contains(address));
    assertThat(sameProcess.get(1).template()).isEqualTo(TemplateCatalog.SSHD_FAILED_PASSWORD);
  }

  @Test
  void cronRunsOnTheMinuteAndTheKernelCountsItsUptime() {
    List<Line> lines = Simulated.seconds(6, 1_000, 150, "host-silent:host=app-01,at=30s,for=30s");

    assertThat(lines)
        .filteredOn(line -> line.template() == TemplateCatalog.CRON_COMMAND)
        .isNotEmpty()
        .allMatch(line -> (line.timeNanos() / 1_000_000) % 60_000 < 3_100);
    // after its outage app-01's kernel counts from its boot again
    long back = Simulated.START_NANOS + 60_000_000_000L;
    assertThat(lines)
        .filteredOn(
            line ->
                line.host().equals("app-01")
                    && line.service().equals("kernel")
                    && line.timeNanos() > back)
        .filteredOn(
            line ->
                line.template() != TemplateCatalog.KERNEL_BOOT
                    && line.template() != TemplateCatalog.KERNEL_COMMAND_LINE)
        .isNotEmpty()
        .allMatch(line -> line.content().matches("\\[ {3,4}\\d{1,2}\\.\\d{6}\\] .*"));
  }
}
