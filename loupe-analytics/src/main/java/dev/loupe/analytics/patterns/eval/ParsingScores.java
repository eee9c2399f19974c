package dev.loupe.analytics.patterns.eval;

/**
 * The Loghub-2.0 figures of one corpus, each from 0 to 1.
 *
 * @param lines lines scored (those with a true template)
 * @param groupingAccuracy GA: share of lines whose mined group holds exactly the lines of their
 *     true group
 * @param groupingF1 FGA: F1 of groups, a mined group counting as right when it is exactly a true
 *     group
 * @param parsingAccuracy PA: share of lines whose normalised mined template equals their true one
 * @param templateF1 FTA: F1 of templates, a mined template counting as right when every line it
 *     covers has exactly it as true template
 * @param minedGroups distinct mined templates
 * @param trueGroups distinct true groups
 */
public record ParsingScores(
    long lines,
    double groupingAccuracy,
    double groupingF1,
    double parsingAccuracy,
    double templateF1,
    int minedGroups,
    int trueGroups) {}
