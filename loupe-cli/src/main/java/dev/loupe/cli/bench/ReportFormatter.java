package dev.loupe.cli.bench;

import java.util.List;

/**
 * Prints a {@link Report}: as an aligned text table for the terminal, and as Markdown for {@code
 * docs/BENCHMARKS.md} (facts as a list, one table with a bold row a section, notes and failures
 * after). Both show the same figures. Stateless.
 */
final class ReportFormatter {
  private static final String[] HEADERS = {"figure", "measured", "target", ""};

  private ReportFormatter() {}

  static String text(Report report) {
    int[] widths = columnWidths(report);
    StringBuilder text = new StringBuilder();
    text.append(report.title()).append('\n');
    for (Report.Fact fact : report.facts()) {
      text.append("  ").append(fact.name()).append(": ").append(fact.value()).append('\n');
    }
    text.append('\n');
    appendTextRow(text, widths, HEADERS);
    text.append("-".repeat(widths[0] + widths[1] + widths[2] + widths[3] + 6)).append('\n');
    for (Report.Section section : report.sections()) {
      text.append(section.title()).append('\n');
      for (Report.Row row : section.rows()) {
        appendTextRow(
            text,
            widths,
            new String[] {
              "  " + row.figure(), row.measured(), row.target(), row.verdict().label()
            });
      }
    }
    text.append('\n').append(summary(report)).append('\n');
    appendList(text, "Notes", report.notes(), "  - ");
    appendList(text, "FAILED", report.failures(), "  - ");
    return text.toString();
  }

  static String markdown(Report report) {
    StringBuilder text = new StringBuilder();
    text.append("## ").append(report.title()).append("\n\n");
    for (Report.Fact fact : report.facts()) {
      text.append("- ").append(fact.name()).append(": ").append(fact.value()).append('\n');
    }
    text.append("\n| Figure | Measured | Target | |\n| --- | --- | --- | --- |\n");
    for (Report.Section section : report.sections()) {
      text.append("| **").append(escape(section.title())).append("** | | | |\n");
      for (Report.Row row : section.rows()) {
        String verdict = row.verdict() == Verdict.MISSED ? "**missed**" : row.verdict().label();
        text.append("| ")
            .append(escape(row.figure()))
            .append(" | ")
            .append(escape(row.measured()))
            .append(" | ")
            .append(escape(row.target()))
            .append(" | ")
            .append(verdict)
            .append(" |\n");
      }
    }
    text.append('\n').append(summary(report)).append('\n');
    appendList(text, "\nNotes:", report.notes(), "- ");
    appendList(text, "\n**Failed:**", report.failures(), "- ");
    return text.toString();
  }

  static String summary(Report report) {
    long met = report.count(Verdict.MET);
    long missed = report.count(Verdict.MISSED);
    long notMeasured = report.count(Verdict.NOT_MEASURED);
    String verdicts = "Targets: " + met + " met, " + missed + " missed";
    if (notMeasured > 0) {
      verdicts += ", " + notMeasured + " not measured";
    }
    return verdicts + (report.failures().isEmpty() ? "." : "; the run FAILED (see below).");
  }

  private static int[] columnWidths(Report report) {
    int[] widths = new int[HEADERS.length];
    for (int column = 0; column < HEADERS.length; column++) {
      widths[column] = HEADERS[column].length();
    }
    for (Report.Section section : report.sections()) {
      // section titles stand on their own line: they do not widen the columns
      for (Report.Row row : section.rows()) {
        widths[0] = Math.max(widths[0], row.figure().length() + 2);
        widths[1] = Math.max(widths[1], row.measured().length());
        widths[2] = Math.max(widths[2], row.target().length());
        widths[3] = Math.max(widths[3], row.verdict().label().length());
      }
    }
    return widths;
  }

  private static void appendTextRow(StringBuilder text, int[] widths, String[] cells) {
    StringBuilder line = new StringBuilder();
    line.append(pad(cells[0], widths[0])).append("  ");
    line.append(pad(cells[1], widths[1])).append("  ");
    line.append(pad(cells[2], widths[2])).append("  ");
    line.append(cells[3]);
    text.append(line.toString().stripTrailing()).append('\n');
  }

  private static void appendList(
      StringBuilder text, String heading, List<String> items, String bullet) {
    if (items.isEmpty()) {
      return;
    }
    text.append(heading).append('\n');
    for (String item : items) {
      text.append(bullet).append(item.replace("\n", "\n    ")).append('\n');
    }
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(Math.max(0, width - text.length()));
  }

  private static String escape(String cell) {
    return cell.replace("|", "\\|");
  }
}
