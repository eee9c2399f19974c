package dev.loupe.storage.part;

import java.util.Arrays;

/**
 * Assigns ids 0, 1, 2, ... to distinct strings in order of first appearance, up to a limit, for
 * {@link StringCodec#writeDictionary}. An open-addressing table of Strings and ints: no boxing, and
 * reused by the writer from column to column. Not thread-safe.
 */
final class StringDictionary {
  private String[] slots = new String[16];
  private int[] slotIds = new int[16];
  private String[] entries = new String[16];
  private int size;
  private int limit;

  /** Empties the dictionary and sets the most entries {@link #idOf} may add. */
  void reset(int maxEntries) {
    int capacity = Integer.highestOneBit(Math.max(8, maxEntries) * 2 - 1) << 1;
    if (slots.length < capacity) {
      slots = new String[capacity];
      slotIds = new int[capacity];
    } else {
      Arrays.fill(slots, null);
    }
    if (entries.length < maxEntries) {
      entries = new String[maxEntries];
    } else {
      Arrays.fill(entries, 0, size, null);
    }
    size = 0;
    limit = maxEntries;
  }

  /** The id of {@code value}, adding it when new; -1 when it is new and the dictionary is full. */
  int idOf(String value) {
    int mask = slots.length - 1;
    int slot = spread(value.hashCode()) & mask;
    while (true) {
      String present = slots[slot];
      if (present == null) {
        return add(value, slot);
      }
      if (present == value || present.equals(value)) {
        return slotIds[slot];
      }
      slot = (slot + 1) & mask;
    }
  }

  private int add(String value, int slot) {
    if (size == limit) {
      return -1;
    }
    slots[slot] = value;
    slotIds[slot] = size;
    entries[size] = value;
    return size++;
  }

  int size() {
    return size;
  }

  String entry(int id) {
    return entries[id];
  }

  /** String hashes of similar texts differ in few low bits; the multiply spreads them. */
  private static int spread(int hash) {
    return (hash ^ (hash >>> 16)) * 0x9E3779B9;
  }
}
