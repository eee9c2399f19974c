package dev.loupe.query.stats;

import static java.util.Objects.requireNonNull;

import dev.loupe.query.QueryLimits;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * {@code quantile(phi, field)} and its short forms {@code p50(field)} .. {@code p99(field)}: the
 * value at rank {@code phi} among the numeric values of the field (nearest rank, no interpolation).
 * Values that are not numbers are ignored.
 *
 * <p>Design note. Exact while a group has at most {@link QueryLimits#QUANTILE_SAMPLE_SIZE} values:
 * they are all kept and sorted once at the end. Past that, each state keeps a uniform random sample
 * of that size (reservoir sampling, Vitter's algorithm R), and two samples merge into a uniform
 * sample of their union by drawing from each in proportion to how many values it stands for. The
 * quantile of a uniform sample of k values has a rank error with standard deviation {@code sqrt(phi
 * * (1 - phi) / k)}: at k = 100,000 that is 0.16 % of the rank for p50 and 0.03 % for p99. A
 * t-digest or KLL sketch would use less memory per group; this is simpler, exact for the common
 * case, and bounded (800 KB per group at most). The random source is seeded, and partial states
 * merge in block order, so the same query over the same data gives the same answer.
 *
 * @param phi the rank, from 0 to 1
 * @param field the field
 * @param percentile true when written {@code pNN(field)}, which is how it prints back
 */
public record StatsQuantile(double phi, String field, boolean percentile) implements StatsFunction {
  private static final long SEED = 0x5DEECE66DL;

  public StatsQuantile {
    requireNonNull(field, "field is null");
    if (!(phi >= 0 && phi <= 1)) {
      throw new IllegalArgumentException("phi must be from 0 to 1: " + phi);
    }
    if (percentile && Math.rint(phi * 100) != phi * 100) {
      throw new IllegalArgumentException("a pNN form needs a whole percent: " + phi);
    }
  }

  @Override
  public List<String> fields() {
    return List.of(field);
  }

  @Override
  public StatsState newState() {
    return new State(phi, QueryLimits.QUANTILE_SAMPLE_SIZE);
  }

  @Override
  public String print(Function<String, String> fieldText) {
    if (percentile) {
      return "p" + Math.round(phi * 100) + "(" + fieldText.apply(field) + ")";
    }
    String phiText = BigDecimal.valueOf(phi).stripTrailingZeros().toPlainString();
    return "quantile(" + phiText + ", " + fieldText.apply(field) + ")";
  }

  /** A bounded uniform sample; package-private for its test. */
  static final class State implements StatsState {
    private final double phi;
    private final int capacity;
    private final SplittableRandom random = new SplittableRandom(SEED);
    private double[] sample = new double[16];
    private int size;
    private long seen;

    State(double phi, int capacity) {
      this.phi = phi;
      this.capacity = capacity;
    }

    @Override
    public void add(String[] values) {
      double value = StatsNumbers.parse(values[0]);
      if (!Double.isNaN(value)) {
        addValue(value);
      }
    }

    void addValue(double value) {
      seen++;
      if (size < capacity) {
        append(value);
        return;
      }
      long slot = random.nextLong(seen);
      if (slot < capacity) {
        sample[(int) slot] = value;
      }
    }

    @Override
    public void merge(StatsState other) {
      State state = (State) other;
      if (state.seen == 0) {
        return;
      }
      if (seen == size && state.seen == state.size && size + state.size <= capacity) {
        for (int index = 0; index < state.size; index++) {
          append(state.sample[index]);
        }
        seen += state.seen;
        return;
      }
      mergeSampled(state);
    }

    /** Draws {@code capacity} values, each from one side with odds in proportion to its count. */
    private void mergeSampled(State other) {
      double[] mine = Arrays.copyOf(sample, size);
      double[] theirs = Arrays.copyOf(other.sample, other.size);
      int mineLeft = mine.length;
      int theirsLeft = theirs.length;
      long total = seen + other.seen;
      int target = Math.min(capacity, mineLeft + theirsLeft);
      double[] merged = new double[target];
      for (int index = 0; index < target; index++) {
        boolean fromMine = theirsLeft == 0 || (mineLeft > 0 && random.nextLong(total) < seen);
        merged[index] = fromMine ? takeRandom(mine, mineLeft--) : takeRandom(theirs, theirsLeft--);
      }
      sample = merged;
      size = target;
      seen = total;
    }

    /**
     * Removes a random one of the first {@code live} values (swapping in the last) and returns it.
     */
    private double takeRandom(double[] values, int live) {
      int index = random.nextInt(live);
      double taken = values[index];
      values[index] = values[live - 1];
      return taken;
    }

    private void append(double value) {
      if (size == sample.length) {
        sample = Arrays.copyOf(sample, Math.min(capacity, size * 2));
      }
      sample[size++] = value;
    }

    @Override
    public long retainedBytes() {
      return FIXED_STATE_BYTES + 16 + 8L * sample.length;
    }

    @Override
    public String result() {
      if (size == 0) {
        return "";
      }
      double[] sorted = Arrays.copyOf(sample, size);
      Arrays.sort(sorted);
      int rank = (int) Math.ceil(phi * size) - 1;
      return StatsNumbers.format(sorted[Math.max(0, Math.min(size - 1, rank))]);
    }
  }
}
