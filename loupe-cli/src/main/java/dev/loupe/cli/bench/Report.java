package dev.loupe.cli.bench;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The bench's report before it is printed: a title, facts about the run (date, command, machine,
 * server, data set), sections of figures with their targets and verdicts, notes that explain
 * figures, and failures that make the run fail. Printed as a text table by {@link
 * ReportFormatter#text} and as Markdown by {@link ReportFormatter#markdown}. Immutable.
 */
record Report(
    String title,
    List<Fact> facts,
    List<Section> sections,
    List<String> notes,
    List<String> failures) {

  /** A fact about the run, such as {@code machine: 2 cores, 23.5 GiB}. */
  record Fact(String name, String value) {}

  /** A group of figures, such as "Ingest". */
  record Section(String title, List<Row> rows) {
    Section {
      requireNonNull(title, "title is null");
      rows = List.copyOf(rows);
    }
  }

  /** One figure: what, the measured value, its target (empty when none) and the verdict. */
  record Row(String figure, String measured, String target, Verdict verdict) {
    Row {
      requireNonNull(figure, "figure is null");
      requireNonNull(measured, "measured is null");
      requireNonNull(target, "target is null");
      requireNonNull(verdict, "verdict is null");
    }

    static Row info(String figure, String measured) {
      return new Row(figure, measured, "", Verdict.NONE);
    }

    static Row judged(String figure, String measured, Target target, double value) {
      return new Row(figure, measured, target.text(), target.judge(value));
    }
  }

  Report {
    requireNonNull(title, "title is null");
    facts = List.copyOf(facts);
    sections = List.copyOf(sections);
    notes = List.copyOf(notes);
    failures = List.copyOf(failures);
  }

  /** Targets met and missed, for the summary line. */
  long count(Verdict verdict) {
    return sections.stream()
        .flatMap(section -> section.rows().stream())
        .filter(row -> row.verdict() == verdict)
        .count();
  }
}
