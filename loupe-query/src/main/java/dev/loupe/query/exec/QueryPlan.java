package dev.loupe.query.exec;

import static java.util.Objects.requireNonNull;

import dev.loupe.query.filter.Filter;
import dev.loupe.query.filter.FilterAll;
import dev.loupe.query.filter.FilterAnd;
import dev.loupe.query.filter.FilterExact;
import dev.loupe.query.filter.FilterExists;
import dev.loupe.query.filter.FilterIp;
import dev.loupe.query.filter.FilterNot;
import dev.loupe.query.filter.FilterOr;
import dev.loupe.query.filter.FilterPhrase;
import dev.loupe.query.filter.FilterPrefix;
import dev.loupe.query.filter.FilterRange;
import dev.loupe.query.filter.FilterRegex;
import dev.loupe.query.filter.FilterStream;
import dev.loupe.query.filter.FilterTime;
import dev.loupe.query.filter.FilterTimeRelative;
import dev.loupe.query.filter.FilterWord;
import dev.loupe.query.lang.Query;
import dev.loupe.query.pipe.Pipe;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@link QueryExecutor#explain} says about a query before running it: its canonical text, the
 * filters (each with what lets it skip a block from its header), the pipes, and an estimate from
 * the block headers alone. No block is read to compute it.
 *
 * <p>The estimate is an upper bound of the work: a surviving block may still hold no match, and a
 * newest-first search with a limit usually stops long before the last surviving block.
 *
 * @param query the canonical text of the query
 * @param filters the top-level conjuncts of the filter, in order (one entry when there is no AND)
 * @param pipes the canonical text of each pipe, in order
 * @param blocksTotal blocks the snapshot lists for the requested range
 * @param blocksSurviving blocks that pass the header checks (time, stream, blooms, integer ranges)
 * @param rowsSurviving rows of the surviving blocks
 * @param bytesToRead compressed bytes of the surviving blocks: what reading them all costs
 */
public record QueryPlan(
    String query,
    List<FilterStep> filters,
    List<String> pipes,
    long blocksTotal,
    long blocksSurviving,
    long rowsSurviving,
    long bytesToRead) {

  /** Names of the header checks a filter can skip a block with. */
  public static final String SKIP_TIME = "time";

  public static final String SKIP_STREAM = "stream";
  public static final String SKIP_BLOOM = "bloom tokens";
  public static final String SKIP_INTEGER_RANGE = "integer range";
  public static final String SKIP_COLUMN = "column presence";

  public QueryPlan {
    requireNonNull(query, "query is null");
    filters = List.copyOf(requireNonNull(filters, "filters is null"));
    pipes = List.copyOf(requireNonNull(pipes, "pipes is null"));
  }

  /**
   * One conjunct of the filter.
   *
   * @param filter its canonical text
   * @param skipsBy the header checks that can rule a block out for it; empty when every block must
   *     be read (a negation, {@code *})
   */
  public record FilterStep(String filter, List<String> skipsBy) {
    public FilterStep {
      requireNonNull(filter, "filter is null");
      skipsBy = List.copyOf(requireNonNull(skipsBy, "skipsBy is null"));
    }
  }

  static List<FilterStep> describeFilters(Filter filter) {
    List<Filter> conjuncts = filter instanceof FilterAnd and ? and.children() : List.of(filter);
    List<FilterStep> steps = new ArrayList<>(conjuncts.size());
    for (Filter conjunct : conjuncts) {
      Set<String> skips = new LinkedHashSet<>();
      collectSkips(conjunct, skips);
      steps.add(new FilterStep(new Query(conjunct).toString(), List.copyOf(skips)));
    }
    return steps;
  }

  static List<String> describePipes(List<Pipe> pipes) {
    String prefix = new Query(new FilterAll()).toString() + " | ";
    return pipes.stream()
        .map(
            pipe -> new Query(new FilterAll(), List.of(pipe)).toString().substring(prefix.length()))
        .toList();
  }

  /**
   * What each kind of filter looks at in {@code verdict}: kept in step with the filter classes. An
   * OR skips only by what all its children skip by, but listing the union is what a reader wants to
   * know (which indexes are consulted); a negation can skip only when its child matches every row,
   * which headers rarely prove, so it lists nothing.
   */
  private static void collectSkips(Filter filter, Set<String> skips) {
    switch (filter) {
      case FilterTime time -> skips.add(SKIP_TIME);
      case FilterTimeRelative relative -> skips.add(SKIP_TIME);
      case FilterStream stream -> skips.add(SKIP_STREAM);
      case FilterWord word -> addBloom(skips);
      case FilterPhrase phrase -> addBloom(skips);
      case FilterPrefix prefix -> addBloom(skips);
      case FilterExact exact -> addBloom(skips);
      case FilterIp ip -> addBloom(skips);
      case FilterRange range -> {
        skips.add(SKIP_COLUMN);
        if (range.kind() == FilterRange.Kind.NUMBER) {
          skips.add(SKIP_INTEGER_RANGE);
        }
      }
      case FilterRegex regex -> skips.add(SKIP_COLUMN);
      case FilterExists exists -> skips.add(SKIP_COLUMN);
      case FilterAnd and -> and.children().forEach(child -> collectSkips(child, skips));
      case FilterOr or -> or.children().forEach(child -> collectSkips(child, skips));
      case FilterNot not -> {}
      case FilterAll all -> {}
    }
  }

  private static void addBloom(Set<String> skips) {
    skips.add(SKIP_COLUMN);
    skips.add(SKIP_BLOOM);
  }
}
