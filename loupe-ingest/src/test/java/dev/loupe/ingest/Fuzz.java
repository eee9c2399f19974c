package dev.loupe.ingest;

import java.io.ByteArrayOutputStream;
import java.util.Random;

/**
 * Runs seeded random cases for the fuzz tests, for a bounded time: {@value #DEFAULT_SECONDS}
 * seconds a test by default (what CI runs), longer with {@code -Dloupe.fuzz.seconds=600}. Each case
 * gets a {@link Random} from its own seed; a failing case is reported with that seed, and {@code
 * -Dloupe.fuzz.seed=N} runs exactly that case again. Not a Jazzer harness: no coverage guidance,
 * but no native agent either, and it runs in plain JUnit offline.
 *
 * <p>The time bound only decides how many cases run; no assertion depends on time.
 */
public final class Fuzz {
  public static final String SECONDS_PROPERTY = "loupe.fuzz.seconds";
  public static final String SEED_PROPERTY = "loupe.fuzz.seed";
  static final double DEFAULT_SECONDS = 3;

  /** One case: throw (an AssertionError) to fail. */
  @FunctionalInterface
  public interface Case {
    void run(Random random) throws Exception;
  }

  private Fuzz() {}

  /**
   * Runs cases until the time is up, or only the case of {@code -Dloupe.fuzz.seed}; returns how
   * many ran. Prints the count, so that a long run shows what it covered.
   */
  public static long run(String name, Case fuzzCase) {
    String replaySeed = System.getProperty(SEED_PROPERTY);
    if (replaySeed != null) {
      runOne(name, Long.parseLong(replaySeed.strip()), fuzzCase);
      return 1;
    }
    double seconds = Double.parseDouble(System.getProperty(SECONDS_PROPERTY, "" + DEFAULT_SECONDS));
    long budgetNanos = (long) (seconds * 1e9);
    long firstSeed = new Random().nextLong();
    long start = System.nanoTime();
    long cases = 0;
    do {
      // Successive seeds spread by the golden ratio, as SplittableRandom does.
      runOne(name, firstSeed + cases * 0x9E3779B97F4A7C15L, fuzzCase);
      cases++;
    } while (System.nanoTime() - start < budgetNanos);
    System.out.printf("%s: %,d fuzz cases in %.1f s%n", name, cases, seconds);
    return cases;
  }

  private static void runOne(String name, long seed, Case fuzzCase) {
    try {
      fuzzCase.run(new Random(seed));
    } catch (Throwable failure) {
      throw new AssertionError(
          name
              + " failed for seed "
              + seed
              + "; replay it with -D"
              + SEED_PROPERTY
              + "="
              + seed
              + ": "
              + failure,
          failure);
    }
  }

  /**
   * A copy of the line damaged in one of the ways a broken client damages lines: a byte deleted,
   * replaced or inserted (from {@code pieces}, or an invalid UTF-8 byte), the line cut short, or
   * text appended. Never adds a {@code \n}: the line stays one line.
   */
  public static byte[] damage(Random random, byte[] line, byte[] pieces) {
    if (line.length == 0) {
      return line;
    }
    int at = random.nextInt(line.length);
    byte piece = random.nextInt(10) == 0 ? (byte) 0xFF : pieces[random.nextInt(pieces.length)];
    ByteArrayOutputStream damaged = new ByteArrayOutputStream();
    switch (random.nextInt(5)) {
      case 0 -> {
        damaged.write(line, 0, at);
        damaged.write(line, at + 1, line.length - at - 1);
      }
      case 1 -> {
        damaged.write(line, 0, at);
        damaged.write(piece);
        damaged.write(line, at + 1, line.length - at - 1);
      }
      case 2 -> {
        damaged.write(line, 0, at);
        damaged.write(piece);
        damaged.write(line, at, line.length - at);
      }
      case 3 -> damaged.write(line, 0, at);
      default -> {
        damaged.writeBytes(line);
        damaged.write(piece);
      }
    }
    return damaged.toByteArray();
  }

  /** Random bytes without {@code \n}, mostly ASCII, some invalid UTF-8. */
  public static byte[] garbage(Random random, int maxLength) {
    byte[] bytes = new byte[random.nextInt(maxLength + 1)];
    for (int index = 0; index < bytes.length; index++) {
      int kind = random.nextInt(20);
      int value = kind == 0 ? 0x80 + random.nextInt(0x80) : 0x20 + random.nextInt(0x5F);
      bytes[index] = (byte) (kind == 1 ? '\t' : kind == 2 ? '\r' : value);
    }
    return bytes;
  }

  /** Text for values: ASCII, quotes, backslashes, controls, accents, emoji; no line breaks. */
  public static String text(Random random, int maxLength) {
    String[] pieces = {
      "a", "b", "z", "0", "9", " ", "=", "\"", "\\", "\t", "é", "ü", "中", "😀", "-", "/", ":", "{",
      "}", "[", "]", ",", "\u0001", "x y"
    };
    StringBuilder text = new StringBuilder();
    int length = random.nextInt(maxLength + 1);
    for (int index = 0; index < length; index++) {
      text.append(pieces[random.nextInt(pieces.length)]);
    }
    return text.toString();
  }

  /** True when the bytes hold nothing but spaces, tabs, carriage returns and byte order marks. */
  public static boolean isBlank(byte[] line) {
    int index = 0;
    while (index < line.length) {
      byte b = line[index];
      boolean byteOrderMark =
          index + 2 < line.length
              && b == (byte) 0xEF
              && line[index + 1] == (byte) 0xBB
              && line[index + 2] == (byte) 0xBF;
      if (byteOrderMark) {
        index += 3;
      } else if (b == ' ' || b == '\t' || b == '\r') {
        index++;
      } else {
        return false;
      }
    }
    return true;
  }
}
