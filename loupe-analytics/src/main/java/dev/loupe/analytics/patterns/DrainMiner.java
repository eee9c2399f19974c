package dev.loupe.analytics.patterns;

import static java.util.Objects.requireNonNull;

import dev.loupe.analytics.AnalyticsLimits;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Online template mining: gives each line the pattern (template) it belongs to, creating and
 * generalising templates as lines arrive.
 *
 * <p>Design note. This is Drain (P. He, J. Zhu, Z. Zheng, M. R. Lyu, "Drain: An Online Log Parsing
 * Approach with Fixed Depth Tree", ICWS 2017) with refinements from Drain3 and from the Loghub
 * evaluations (J. Zhu et al., "Tools and Benchmarks for Automated Log Parsing", ICSE-SEIP 2019; Z.
 * Jiang et al., "A Large-scale Evaluation for Log Parsing Techniques: How Far are We?", ISSTA
 * 2024). A line is split into tokens ({@link LineTokens}: on whitespace, a quoted string or a
 * padded bracket being one token) and masked ({@link TokenMasker}); a fixed-depth parse tree routes
 * it by token count, then by its first {@code prefixTokens} tokens, to a leaf holding a few
 * patterns; the most similar of those (the share of positions where the pattern's token covers the
 * line's ({@link TemplateTokens}: the same token, a masked value included, or a variable with the
 * same edges such as {@code key=<*>} or {@code "<*>"}) or has the same key) takes it when the share
 * exceeds {@code similarity}, and each position where they differ is generalised: the value becomes
 * {@code <*>}, its key, quotes, brackets and trailing punctuation stay, and a quoted string of as
 * many words is generalised word by word; otherwise the line starts a new pattern. Routing by the
 * first tokens is what makes Drain fast (a line is compared with a handful of patterns, not all),
 * and its weakness is a variable there: a prefix token is therefore used for routing only when it
 * looks like a word (letters, {@code _} and {@code -}, with brackets or trailing punctuation; a
 * quoted string by its first word, so {@code "GET <*> HTTP/1.1"} and {@code "POST <*> HTTP/1.1"}
 * part, as Loghub's ground truth parts them), other tokens take the wildcard branch, and a search
 * that finds nothing under a word's branch also tries the wildcard branch.
 *
 * <p>Trade-offs: lines of one template with a different number of tokens (a variable that spans
 * words outside quotes: a free-text reason, a unit's description) make different patterns; a value
 * without digits in a prefix word splits its template (a user name first); two templates that
 * differ in one word out of many merge (an HTTP method in the middle of a line, a table name in a
 * long stack trace). Masking before matching (Drain3) makes most variables equal before they are
 * compared, which both speeds matching up and keeps templates from over-generalising.
 *
 * <p>Bounded memory: at most {@code maxPatterns} patterns; a new one past the cap evicts the least
 * recently used of {@link AnalyticsLimits#EVICTION_SAMPLES} sampled patterns (sampled LRU: constant
 * work however many patterns exist); a leaf holds at most {@code maxChildren} patterns, past which
 * a line that matches none folds into the most similar. A line is read up to {@code maxTokens}
 * tokens and {@code maxLineChars} characters.
 *
 * <p>Threads: {@link #add} is called concurrently by every ingest thread. Tokenising and masking
 * run outside any lock; a line that fits an existing pattern as it is (the common case) needs only
 * the read lock; creating or generalising a pattern takes the write lock and searches again.
 */
final class DrainMiner {
  /** Called, under the write lock, when a pattern is evicted to make room. */
  interface EvictionListener {
    void evicted(MinedPattern pattern);
  }

  /** A node of the parse tree; guarded by the miner's lock. */
  static final class Node {
    final Map<String, Node> children = new HashMap<>();
    final List<MinedPattern> patterns = new ArrayList<>(2);
  }

  private final PatternConfig config;
  private final LineTokens lineTokens;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

  /** Per tenant, per token count: patterns never mix tenants, so one never sees another's lines. */
  private final Map<String, Map<Integer, Node>> roots = new HashMap<>();

  private final Map<String, MinedPattern> byId = new HashMap<>();
  private final List<MinedPattern> all = new ArrayList<>();
  private final AtomicLong ticks = new AtomicLong();
  private final SplittableRandom random = new SplittableRandom(0x5eed);
  private final EvictionListener evictionListener;
  private long evictions;

  DrainMiner(PatternConfig config) {
    this(config, pattern -> {});
  }

  DrainMiner(PatternConfig config, EvictionListener evictionListener) {
    this.config = requireNonNull(config, "config is null");
    this.evictionListener = requireNonNull(evictionListener, "evictionListener is null");
    this.lineTokens = new LineTokens(config.maxTokens(), config.maxLineChars());
    if (config.maxPatterns() < 1) {
      throw new IllegalArgumentException("maxPatterns must be positive: " + config.maxPatterns());
    }
  }

  /**
   * The pattern of {@code message} in {@code tenant}, created or generalised as needed; see the
   * class note.
   */
  MinedPattern add(String tenant, String message, long timeNanos) {
    String[] tokens = lineTokens.tokens(message);
    long tick = ticks.incrementAndGet();
    lock.readLock().lock();
    try {
      MinedPattern match = search(tenant, tokens);
      if (match != null && fitsAsIs(match.template(), tokens)) {
        match.observe(message, timeNanos, tick, AnalyticsLimits.MAX_SAMPLE_CHARS);
        return match;
      }
    } finally {
      lock.readLock().unlock();
    }
    lock.writeLock().lock();
    try {
      MinedPattern match = search(tenant, tokens);
      if (match == null) {
        match = mostSimilarInFullLeaf(tenant, tokens);
      }
      if (match == null) {
        match = create(tenant, tokens);
      } else if (!fitsAsIs(match.template(), tokens)) {
        match.refine(generalise(match.template(), tokens));
      }
      match.observe(message, timeNanos, tick, AnalyticsLimits.MAX_SAMPLE_CHARS);
      return match;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** The masked tokens the miner compares for {@code message}. */
  String[] tokens(String message) {
    return lineTokens.tokens(message);
  }

  /**
   * Puts back a pattern read from the registry file: placed in the tree by its first tokens, with
   * its current template. Returns false (and keeps nothing) when its id is already present or the
   * cap is reached.
   */
  boolean restore(MinedPattern pattern) {
    lock.writeLock().lock();
    try {
      if (byId.containsKey(pattern.id) || all.size() >= config.maxPatterns()) {
        return false;
      }
      place(pattern);
      return true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** The pattern of that id, or null. */
  MinedPattern get(String id) {
    lock.readLock().lock();
    try {
      return byId.get(id);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Every pattern, in no particular order. */
  List<MinedPattern> patterns() {
    lock.readLock().lock();
    try {
      return List.copyOf(all);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Grows with every line added: a registry compares it to know whether it changed. */
  long version() {
    return ticks.get();
  }

  int size() {
    lock.readLock().lock();
    try {
      return all.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  long evictions() {
    lock.readLock().lock();
    try {
      return evictions;
    } finally {
      lock.readLock().unlock();
    }
  }

  private MinedPattern search(String tenant, String[] tokens) {
    Map<Integer, Node> byLength = roots.get(tenant);
    Node lengthNode = byLength == null ? null : byLength.get(tokens.length);
    if (lengthNode == null) {
      return null;
    }
    return searchFrom(lengthNode, tokens, 0);
  }

  private MinedPattern searchFrom(Node node, String[] tokens, int depth) {
    if (depth >= routeDepth(tokens)) {
      return bestMatch(node.patterns, tokens);
    }
    String key = routeKey(tokens[depth]);
    Node exact = node.children.get(key);
    if (exact != null) {
      MinedPattern found = searchFrom(exact, tokens, depth + 1);
      if (found != null || key == TokenMasker.WILDCARD) {
        return found;
      }
    }
    Node wildcard = node.children.get(TokenMasker.WILDCARD);
    return wildcard == null || wildcard == exact ? null : searchFrom(wildcard, tokens, depth + 1);
  }

  private int routeDepth(String[] tokens) {
    return Math.min(config.prefixTokens(), tokens.length);
  }

  /** The most similar pattern of a leaf when similar enough; ties go to the most general. */
  private MinedPattern bestMatch(List<MinedPattern> candidates, String[] tokens) {
    MinedPattern best = null;
    double bestSimilarity = -1;
    int bestWildcards = -1;
    for (MinedPattern candidate : candidates) {
      String[] template = candidate.template();
      int same = 0;
      int wildcards = 0;
      for (int index = 0; index < template.length; index++) {
        String token = template[index];
        String lineToken = tokens[index];
        if (token.equals(lineToken)) {
          same++; // a masked value the line also has counts, as Drain3's <NUM> tokens do
        } else if (token.equals(TokenMasker.WILDCARD)) {
          wildcards++; // a word the miner generalised: a parameter, not a match (Drain)
        } else if (TemplateTokens.sameField(token, lineToken)) {
          same++; // the same key, or quotes, with another value: the same field
        }
      }
      double similarity = template.length == 0 ? 1 : (double) same / template.length;
      if (similarity > bestSimilarity
          || (similarity == bestSimilarity && wildcards > bestWildcards)) {
        best = candidate;
        bestSimilarity = similarity;
        bestWildcards = wildcards;
      }
    }
    return best != null && bestSimilarity > config.similarity() ? best : null;
  }

  private static boolean fitsAsIs(String[] template, String[] tokens) {
    for (int index = 0; index < template.length; index++) {
      String token = template[index];
      if (!token.equals(TokenMasker.WILDCARD) && !TemplateTokens.covers(token, tokens[index])) {
        return false;
      }
    }
    return true;
  }

  /**
   * The template with each position the line does not match generalised ({@link TemplateTokens}).
   */
  static String[] generalise(String[] template, String[] tokens) {
    String[] result = template.clone();
    for (int index = 0; index < result.length; index++) {
      result[index] = TemplateTokens.generalise(result[index], tokens[index]);
    }
    return result;
  }

  private MinedPattern create(String tenant, String[] tokens) {
    if (all.size() >= config.maxPatterns()) {
      evictOne();
    }
    String firstTemplate = MinedPattern.join(tokens);
    String id = PatternIds.of(tenant, firstTemplate, 0);
    for (int attempt = 1; byId.containsKey(id); attempt++) {
      id = PatternIds.of(tenant, firstTemplate, attempt);
    }
    MinedPattern pattern = new MinedPattern(id, tenant, tokens, tokens.clone(), config.samples());
    place(pattern);
    return pattern;
  }

  /**
   * When the leaf a new pattern of these tokens would go to already holds {@code maxChildren}
   * patterns, the most similar of them, however little alike: a leaf is bounded like a node, so a
   * stream of lines that match nothing (every line its own pattern) costs a bounded scan a line
   * instead of one growing with every line, and folds into a general pattern. Null when the leaf
   * has room.
   */
  private MinedPattern mostSimilarInFullLeaf(String tenant, String[] tokens) {
    Map<Integer, Node> byLength = roots.get(tenant);
    Node node = byLength == null ? null : byLength.get(tokens.length);
    for (int depth = 0; node != null && depth < routeDepth(tokens); depth++) {
      Node child = node.children.get(routeKey(tokens[depth]));
      if (child == null && node.children.size() >= config.maxChildren() - 1) {
        child = node.children.get(TokenMasker.WILDCARD);
      }
      node = child;
    }
    if (node == null || node.patterns.size() < config.maxChildren()) {
      return null;
    }
    MinedPattern best = null;
    int bestSame = -1;
    for (MinedPattern candidate : node.patterns) {
      String[] template = candidate.template();
      int same = 0;
      for (int index = 0; index < template.length; index++) {
        String token = template[index];
        if (!token.equals(TokenMasker.WILDCARD) && TemplateTokens.covers(token, tokens[index])) {
          same++;
        }
      }
      if (same > bestSame) {
        best = candidate;
        bestSame = same;
      }
    }
    return best;
  }

  /** Adds a pattern to the tree (by its first tokens), the id map and the list. */
  private void place(MinedPattern pattern) {
    String[] route = pattern.firstTokens;
    Node node =
        roots
            .computeIfAbsent(pattern.tenant, tenant -> new HashMap<>())
            .computeIfAbsent(route.length, length -> new Node());
    for (int depth = 0; depth < routeDepth(route); depth++) {
      String key = routeKey(route[depth]);
      Node child = node.children.get(key);
      if (child == null) {
        boolean full = node.children.size() >= config.maxChildren() - 1;
        String placed = full ? TokenMasker.WILDCARD : key;
        child = node.children.computeIfAbsent(placed, ignored -> new Node());
      }
      node = child;
    }
    node.patterns.add(pattern);
    pattern.leaf = node;
    pattern.index = all.size();
    all.add(pattern);
    byId.put(pattern.id, pattern);
  }

  private void evictOne() {
    MinedPattern victim = null;
    for (int sample = 0; sample < AnalyticsLimits.EVICTION_SAMPLES; sample++) {
      MinedPattern candidate = all.get(random.nextInt(all.size()));
      if (victim == null || candidate.lastUsedTick() < victim.lastUsedTick()) {
        victim = candidate;
      }
    }
    remove(victim);
    evictions++;
    evictionListener.evicted(victim);
  }

  private void remove(MinedPattern pattern) {
    pattern.leaf.patterns.remove(pattern);
    MinedPattern last = all.remove(all.size() - 1);
    if (last != pattern) {
      all.set(pattern.index, last);
      last.index = pattern.index;
    }
    byId.remove(pattern.id);
    pattern.index = -1;
  }

  /**
   * The branch a prefix token routes to: itself when it looks like a word, else the wildcard (see
   * the class note). Returns {@link TokenMasker#WILDCARD} itself, so callers may compare by
   * identity.
   */
  static String routeKey(String fullToken) {
    // a quoted string of several words routes by its first word: "GET <*> HTTP/<*>" by "GET
    int space = fullToken.indexOf(' ');
    String token = space < 0 ? fullToken : fullToken.substring(0, space);
    int length = token.length();
    int start = 0;
    while (start < length && isBracket(token.charAt(start))) {
      start++;
    }
    int end = length;
    while (end > start && isTrailing(token.charAt(end - 1))) {
      end--;
    }
    if (end == start) {
      return length == 0 ? TokenMasker.WILDCARD : token;
    }
    for (int index = start; index < end; index++) {
      char c = token.charAt(index);
      boolean wordLike =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-' || c > 0x7f;
      if (!wordLike) {
        return TokenMasker.WILDCARD;
      }
    }
    return token;
  }

  private static boolean isBracket(char c) {
    return c == '[' || c == '(' || c == '{' || c == '<' || c == '"' || c == '\'';
  }

  private static boolean isTrailing(char c) {
    return c == ']' || c == ')' || c == '}' || c == '>' || c == '"' || c == '\'' || c == ':'
        || c == ',' || c == ';' || c == '.' || c == '!' || c == '?';
  }
}
