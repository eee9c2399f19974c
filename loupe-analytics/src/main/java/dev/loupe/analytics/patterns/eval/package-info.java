/**
 * Scoring template mining against labelled corpora with the Loghub-2.0 metrics: grouping accuracy
 * (GA), F1 of grouping accuracy (FGA), parsing accuracy (PA) and F1 of template accuracy (FTA).
 * {@link dev.loupe.analytics.patterns.eval.ParsingAccuracy} computes them; {@link
 * dev.loupe.analytics.patterns.eval.TemplateNormaliser} normalises mined templates the way the
 * Loghub-2.0 benchmark does before they are compared.
 */
package dev.loupe.analytics.patterns.eval;
