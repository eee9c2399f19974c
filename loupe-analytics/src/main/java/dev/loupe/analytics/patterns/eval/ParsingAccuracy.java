package dev.loupe.analytics.patterns.eval;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores mined templates against labelled lines as the Loghub-2.0 benchmark does (Jiang et al.,
 * ISSTA 2024; its {@code evaluator.py}, {@code PA_calculator.py} and {@code
 * template_level_analysis.py}):
 *
 * <ul>
 *   <li>lines without a true template are left out, as the benchmark drops null templates;
 *   <li>mined groups are the distinct normalised mined templates ({@link TemplateNormaliser}): two
 *       patterns with the same template text are one group, as in the benchmark, which groups by
 *       template;
 *   <li>GA: a true group's lines count as right when they all have one mined template and no other
 *       line has it; FGA is the F1 of precision (right groups / mined groups) and recall (right
 *       groups / true groups);
 *   <li>PA: lines whose normalised mined template equals their true template, character for
 *       character;
 *   <li>FTA: a mined template is right when the true templates of its lines are exactly it; F1 of
 *       precision (right / mined templates) and recall (right / true templates).
 * </ul>
 *
 * True groups are the true templates, as in the benchmark, not the {@code EventId} column: the
 * Loghub-2k corrected files give one template two ids in places (Linux E17 and E18), and the
 * benchmark scores such lines as one group. Where ids and templates are one to one (the simulator's
 * output) the two are the same.
 */
public final class ParsingAccuracy {
  private ParsingAccuracy() {}

  /** One labelled line and what was mined for it. */
  public record Line(String trueTemplate, String minedTemplate) {
    public Line {
      requireNonNull(trueTemplate, "trueTemplate is null");
      requireNonNull(minedTemplate, "minedTemplate is null");
    }
  }

  public static ParsingScores score(List<Line> allLines) {
    List<Line> lines =
        allLines.stream()
            .filter(line -> !line.trueTemplate().isEmpty())
            .map(
                line ->
                    new Line(
                        line.trueTemplate(), TemplateNormaliser.normalise(line.minedTemplate())))
            .toList();
    if (lines.isEmpty()) {
      return new ParsingScores(0, 0, 0, 0, 0, 0, 0);
    }
    Map<String, Integer> minedSizes = new HashMap<>();
    Map<String, Set<String>> minedOfTrueGroup = new HashMap<>();
    Map<String, Integer> trueGroupSizes = new HashMap<>();
    Map<String, Set<String>> trueTemplatesOfMined = new HashMap<>();
    Set<String> trueTemplates = new HashSet<>();
    long parsedRight = 0;
    for (Line line : lines) {
      minedSizes.merge(line.minedTemplate(), 1, Integer::sum);
      trueGroupSizes.merge(line.trueTemplate(), 1, Integer::sum);
      minedOfTrueGroup
          .computeIfAbsent(line.trueTemplate(), group -> new HashSet<>())
          .add(line.minedTemplate());
      trueTemplatesOfMined
          .computeIfAbsent(line.minedTemplate(), template -> new HashSet<>())
          .add(line.trueTemplate());
      trueTemplates.add(line.trueTemplate());
      if (line.minedTemplate().equals(line.trueTemplate())) {
        parsedRight++;
      }
    }
    long groupedRight = 0;
    int rightGroups = 0;
    for (Map.Entry<String, Set<String>> group : minedOfTrueGroup.entrySet()) {
      int size = trueGroupSizes.get(group.getKey());
      if (group.getValue().size() == 1
          && minedSizes.get(group.getValue().iterator().next()) == size) {
        groupedRight += size;
        rightGroups++;
      }
    }
    int rightTemplates = 0;
    for (Map.Entry<String, Set<String>> mined : trueTemplatesOfMined.entrySet()) {
      if (mined.getValue().size() == 1 && mined.getValue().contains(mined.getKey())) {
        rightTemplates++;
      }
    }
    int minedCount = minedSizes.size();
    int trueGroupCount = trueGroupSizes.size();
    return new ParsingScores(
        lines.size(),
        (double) groupedRight / lines.size(),
        f1((double) rightGroups / minedCount, (double) rightGroups / trueGroupCount),
        (double) parsedRight / lines.size(),
        f1((double) rightTemplates / minedCount, (double) rightTemplates / trueTemplates.size()),
        minedCount,
        trueGroupCount);
  }

  private static double f1(double precision, double recall) {
    return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
  }
}
