package dev.loupe.cli.simulate;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The world's source of chance: one seeded {@link SplittableRandom} and the kinds of random values
 * logs are made of (hex ids, UUIDs, latencies, fingerprints). Every draw goes through here, in a
 * fixed order, so the same seed always tells the same story. Gaussian draws use Box-Muller written
 * out here rather than {@code nextGaussian()}, whose algorithm the JDK does not promise to keep.
 * Not thread-safe: the simulation runs on one thread.
 */
final class Dice {
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final char[] BASE64 =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();

  private final SplittableRandom random;

  Dice(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** True with probability {@code probability}. */
  boolean chance(double probability) {
    return random.nextDouble() < probability;
  }

  /** A uniform integer in {@code [from, to]}. */
  int between(int from, int to) {
    return from + random.nextInt(to - from + 1);
  }

  double uniform() {
    return random.nextDouble();
  }

  <T> T pick(List<T> items) {
    return items.get(random.nextInt(items.size()));
  }

  <T> T pick(Weighted<T> items) {
    return items.pick(random);
  }

  int pick(Zipf zipf) {
    return zipf.pick(random);
  }

  /** A standard normal value (Box-Muller). */
  double gaussian() {
    double uniform = 1.0 - random.nextDouble();
    return Math.sqrt(-2 * Math.log(uniform)) * Math.cos(2 * Math.PI * random.nextDouble());
  }

  /** An exponential value of mean 1: the gap between events of a Poisson process. */
  double exponential() {
    return -Math.log(1.0 - random.nextDouble());
  }

  /**
   * A service latency in microseconds: log-normal around {@code medianMillis} (sigma 0.5), with one
   * call in a hundred ten times slower, as real latency tails look.
   */
  long latencyMicros(double medianMillis) {
    double millis = medianMillis * Math.exp(0.5 * gaussian());
    if (random.nextInt(100) == 0) {
      millis *= 10;
    }
    return Math.max(50, Math.round(millis * 1_000));
  }

  String hex(int digits) {
    char[] text = new char[digits];
    for (int index = 0; index < digits; index++) {
      text[index] = HEX[random.nextInt(16)];
    }
    return new String(text);
  }

  /** A random (version 4) UUID in its usual text form. */
  String uuid() {
    String hex = hex(32);
    return hex.substring(0, 8)
        + "-"
        + hex.substring(8, 12)
        + "-4"
        + hex.substring(13, 16)
        + "-"
        + HEX[8 + random.nextInt(4)]
        + hex.substring(17, 20)
        + "-"
        + hex.substring(20);
  }

  /** {@code length} base64 characters, as in an ssh key fingerprint. */
  String base64(int length) {
    char[] text = new char[length];
    for (int index = 0; index < length; index++) {
      text[index] = BASE64[random.nextInt(BASE64.length)];
    }
    return new String(text);
  }

  /** A decimal with {@code decimals} digits after the point, uniform in {@code [from, to)}. */
  String decimal(double from, double to, int decimals) {
    return fixed(from + (to - from) * random.nextDouble(), decimals);
  }

  /** {@code value} with exactly {@code decimals} digits after the point. */
  static String fixed(double value, int decimals) {
    long scale = (long) Math.pow(10, decimals);
    long scaled = Math.round(value * scale);
    StringBuilder text = new StringBuilder().append(scaled / scale);
    if (decimals > 0) {
      text.append('.');
      TimeText.appendPadded(text, Math.abs(scaled % scale), decimals);
    }
    return text.toString();
  }
}
