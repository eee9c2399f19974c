package dev.loupe.storage.part;

import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * A set of longs (token hashes) without boxing: open addressing with linear probing, at most half
 * full. Zero, the empty-slot marker, is tracked by a flag. The writer reuses one set for the tokens
 * of every column it encodes. Not thread-safe.
 */
final class LongHashSet implements LongConsumer {
  private long[] slots = new long[1 << 10];
  private int size;
  private boolean containsZero;

  /** Adds {@code value}; the method {@link dev.loupe.core.Tokens#forEachHash} calls. */
  @Override
  public void accept(long value) {
    add(value);
  }

  void add(long value) {
    if (value == 0) {
      if (!containsZero) {
        containsZero = true;
        size++;
      }
      return;
    }
    int mask = slots.length - 1;
    int slot = spread(value) & mask;
    while (true) {
      long present = slots[slot];
      if (present == value) {
        return;
      }
      if (present == 0) {
        slots[slot] = value;
        if (++size * 2 > slots.length) {
          grow();
        }
        return;
      }
      slot = (slot + 1) & mask;
    }
  }

  int size() {
    return size;
  }

  void clear() {
    if (size > 0) {
      Arrays.fill(slots, 0);
    }
    size = 0;
    containsZero = false;
  }

  void forEach(LongConsumer consumer) {
    if (containsZero) {
      consumer.accept(0);
    }
    for (long value : slots) {
      if (value != 0) {
        consumer.accept(value);
      }
    }
  }

  private void grow() {
    long[] previous = slots;
    slots = new long[previous.length * 2];
    int mask = slots.length - 1;
    for (long value : previous) {
      if (value == 0) {
        continue;
      }
      int slot = spread(value) & mask;
      while (slots[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      slots[slot] = value;
    }
  }

  /** Token hashes are already mixed; folding the high half in guards against other inputs. */
  private static int spread(long value) {
    return (int) (value ^ (value >>> 32)) * 0x9E3779B9;
  }
}
