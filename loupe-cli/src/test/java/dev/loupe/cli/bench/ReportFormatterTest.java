package dev.loupe.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReportFormatterTest {
  private static final Report REPORT =
      new Report(
          "loupe bench, 2026-11-22T10:00:00Z",
          List.of(new Report.Fact("command", "`loupe bench --lines 200000`")),
          List.of(
              new Report.Section(
                  "Ingest",
                  List.of(
                      Report.Row.judged(
                          "ingest rate",
                          "312.4 k lines/s",
                          Target.INGEST_LINES_PER_SECOND,
                          312_400),
                      Report.Row.judged(
                          "acknowledgement p99", "45.0 ms", Target.ACKNOWLEDGEMENT_P99_NANOS, 45e6),
                      Report.Row.info("pipes | in cells", "a|b")))),
          List.of("a note"),
          List.of());

  @Test
  void textAlignsColumnsAndShowsVerdicts() {
    String text = ReportFormatter.text(REPORT);

    assertThat(text)
        .isEqualTo(
            """
            loupe bench, 2026-11-22T10:00:00Z
              command: `loupe bench --lines 200000`

            figure                 measured         target
            ---------------------------------------------------------------
            Ingest
              ingest rate          312.4 k lines/s  ≥ 250 k lines/s  met
              acknowledgement p99  45.0 ms          p99 ≤ 20 ms      MISSED
              pipes | in cells     a|b

            Targets: 1 met, 1 missed.
            Notes
              - a note
            """
                .replace("target           \n", "target\n"));
  }

  @Test
  void markdownIsOneTableWithSectionRowsAndEscapedPipes() {
    String markdown = ReportFormatter.markdown(REPORT);

    assertThat(markdown)
        .startsWith(
            "## loupe bench, 2026-11-22T10:00:00Z\n\n- command: `loupe bench --lines 200000`\n")
        .contains("| Figure | Measured | Target | |\n| --- | --- | --- | --- |\n")
        .contains("| **Ingest** | | | |\n")
        .contains("| ingest rate | 312.4 k lines/s | ≥ 250 k lines/s | met |\n")
        .contains("| acknowledgement p99 | 45.0 ms | p99 ≤ 20 ms | **missed** |\n")
        .contains("| pipes \\| in cells | a\\|b |  |  |\n")
        .contains("Targets: 1 met, 1 missed.")
        .contains("\nNotes:\n- a note\n");
  }

  @Test
  void failuresAreListedAndNamedInTheSummary() {
    Report failed =
        new Report("t", List.of(), List.of(), List.of(), List.of("needle: 4 lines\nsecond line"));

    assertThat(ReportFormatter.text(failed))
        .contains("the run FAILED")
        .contains("FAILED\n  - needle: 4 lines\n    second line\n");
    assertThat(ReportFormatter.markdown(failed)).contains("**Failed:**\n- needle: 4 lines");
  }
}
