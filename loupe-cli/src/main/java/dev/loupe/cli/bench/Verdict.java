package dev.loupe.cli.bench;

/** Whether a figure met its target from issue 2; {@link #NONE} for figures without one. */
enum Verdict {
  MET("met"),
  MISSED("MISSED"),
  NOT_MEASURED("not measured"),
  NONE("");

  private final String label;

  Verdict(String label) {
    this.label = label;
  }

  String label() {
    return label;
  }
}
