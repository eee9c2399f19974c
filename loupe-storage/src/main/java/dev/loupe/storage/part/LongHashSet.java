package dev.loupe.storage.part;

import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * A set of longs (token hashes) without boxing: open addressing with linear probing, at most half
 * full. Zero, the empty-slot marker, is tracked by a flag. The writer reuses one set for the tokens
 * of every column it encodes. Not thread-safe.
 *
 * <p>Besides the table, the distinct values are kept densely in insertion order with their slots.
 * The table grows to the largest column's token count (a message column: tens of thousands) and is
 * then reused for every small column (a level, a status): with the dense list, {@link #forEach} and
 * {@link #clear} cost the values present, not the capacity, where a scan of the table cost hundreds
 * of KB of memory traffic per small column.
 */
final class LongHashSet implements LongConsumer {
  private long[] slots = new long[1 << 10];
  private long[] values = new long[(1 << 9) + 1];
  private int[] valueSlots = new int[(1 << 9) + 1];
  private int valueCount;
  private boolean containsZero;

  /** Adds {@code value}; the method {@link dev.loupe.core.Tokens#forEachHash} calls. */
  @Override
  public void accept(long value) {
    add(value);
  }

  void add(long value) {
    if (value == 0) {
      containsZero = true;
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
        insert(value, slot);
        return;
      }
      slot = (slot + 1) & mask;
    }
  }

  int size() {
    return valueCount + (containsZero ? 1 : 0);
  }

  void clear() {
    if (valueCount * 4 < slots.length) {
      for (int i = 0; i < valueCount; i++) {
        slots[valueSlots[i]] = 0;
      }
    } else {
      Arrays.fill(slots, 0);
    }
    valueCount = 0;
    containsZero = false;
  }

  /**
   * Calls {@code consumer} with each value once, zero first when present, then in insertion order.
   */
  void forEach(LongConsumer consumer) {
    if (containsZero) {
      consumer.accept(0);
    }
    for (int i = 0; i < valueCount; i++) {
      consumer.accept(values[i]);
    }
  }

  private void insert(long value, int slot) {
    slots[slot] = value;
    values[valueCount] = value;
    valueSlots[valueCount] = slot;
    valueCount++;
    if (valueCount * 2 > slots.length) {
      grow();
    }
  }

  /**
   * Doubles the table; the dense lists keep room for half the table plus the value that fills it.
   */
  private void grow() {
    slots = new long[slots.length * 2];
    values = Arrays.copyOf(values, slots.length / 2 + 1);
    valueSlots = Arrays.copyOf(valueSlots, slots.length / 2 + 1);
    int mask = slots.length - 1;
    for (int i = 0; i < valueCount; i++) {
      int slot = spread(values[i]) & mask;
      while (slots[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      slots[slot] = values[i];
      valueSlots[i] = slot;
    }
  }

  /** Token hashes are already mixed; folding the high half in guards against other inputs. */
  private static int spread(long value) {
    return (int) (value ^ (value >>> 32)) * 0x9E3779B9;
  }
}
