package dev.loupe.query.filter;

import static java.util.Objects.requireNonNull;

import dev.loupe.core.Tokens;
import dev.loupe.storage.Block;
import dev.loupe.storage.BlockRef;
import java.util.Arrays;
import java.util.Set;

/**
 * The value is an IP address in a network: {@code client_ip:ip(10.0.0.0/8)}, {@code
 * ip(2001:db8::/32)}, or one address without a length, {@code ip(192.168.1.7)}, for exactly that
 * address. Bits of the address beyond the prefix length are ignored ({@code 10.1.2.3/8} is {@code
 * 10.0.0.0/8}).
 *
 * <p>Values: an IPv4 network matches values written as dotted quads ({@code 10.1.2.3}; no leading
 * zeros, as {@code 010.1.2.3} is ambiguous between decimal and octal); an IPv6 network matches IPv6
 * literals in any of their textual forms ({@code 2001:db8::1}, {@code 2001:0db8:0:0:0:0:0:1}).
 * IPv4-mapped IPv6 values ({@code ::ffff:10.0.0.1}) match neither: the two families are kept apart,
 * which keeps the bloom skipping below sound. A value that is not an address does not match. Both
 * are parsed here, never through {@code InetAddress}, which may resolve names.
 *
 * <p>Block skipping: a block without the column is skipped; for IPv4, every whole octet of the
 * prefix ({@code 10} for {@code /8}, {@code 192} and {@code 168} for {@code /16}) is a token of any
 * matching value, so a block whose bloom filter lacks one is skipped. IPv6 text has too many forms
 * for that ({@code ::} elides zeros), so it only skips blocks without the column. Compares by field
 * and network text. Immutable and thread-safe.
 */
public final class FilterIp implements Filter {
  private static final int IPV4_BITS = 32;
  private static final int IPV6_BITS = 128;

  private final String field;
  private final String network;
  private final boolean ipv6;
  private final long networkHigh;
  private final long networkLow;
  private final long maskHigh;
  private final long maskLow;
  private final long[] tokenHashes;

  /**
   * @param field the field name
   * @param network an address with an optional {@code /length}, as written
   * @throws IllegalArgumentException when {@code network} is not that
   */
  public FilterIp(String field, String network) {
    this.field = requireNonNull(field, "field is null");
    this.network = requireNonNull(network, "network is null");
    FieldAccess.requireFieldName(field);
    int slash = network.indexOf('/');
    String addressText = slash < 0 ? network : network.substring(0, slash);
    long[] address = new long[2];
    long ipv4 = parseIpv4(addressText);
    if (ipv4 >= 0) {
      this.ipv6 = false;
      address[1] = ipv4;
    } else if (parseIpv6(addressText, address)) {
      this.ipv6 = true;
    } else {
      throw new IllegalArgumentException("not an IPv4 or IPv6 address: '" + addressText + "'");
    }
    int bits = ipv6 ? IPV6_BITS : IPV4_BITS;
    int prefixLength = slash < 0 ? bits : parsePrefixLength(network.substring(slash + 1), bits);
    long[] mask = mask(prefixLength, bits);
    this.maskHigh = mask[0];
    this.maskLow = mask[1];
    this.networkHigh = address[0] & maskHigh;
    this.networkLow = address[1] & maskLow;
    this.tokenHashes = ipv6 ? new long[0] : octetTokenHashes(networkLow, prefixLength / 8);
  }

  public String field() {
    return field;
  }

  /** The network as written: {@code 10.0.0.0/8}. */
  public String network() {
    return network;
  }

  @Override
  public BlockVerdict verdict(BlockRef block) {
    // A formatted time is never an address, hence NO_ROWS for _time.
    BlockVerdict header =
        FieldAccess.headerVerdict(
            field, block, this::matchesValue, BlockVerdict.NO_ROWS, BlockVerdict.NO_ROWS);
    if (header != null) {
      return header;
    }
    for (long tokenHash : tokenHashes) {
      if (!block.mayContainToken(field, tokenHash)) {
        return BlockVerdict.NO_ROWS;
      }
    }
    return BlockVerdict.SOME_ROWS;
  }

  @Override
  public boolean matches(Block block, int row) {
    return matchesValue(FieldAccess.value(field, block, row));
  }

  private boolean matchesValue(String value) {
    if (value == null) {
      return false;
    }
    if (!ipv6) {
      long address = parseIpv4(value);
      return address >= 0 && (address & maskLow) == networkLow;
    }
    long[] address = new long[2];
    return parseIpv6(value, address)
        && (address[0] & maskHigh) == networkHigh
        && (address[1] & maskLow) == networkLow;
  }

  @Override
  public void collectColumns(Set<String> columns) {
    FieldAccess.collectColumn(field, columns);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FilterIp that
        && field.equals(that.field)
        && network.equals(that.network);
  }

  @Override
  public int hashCode() {
    return 31 * field.hashCode() + network.hashCode();
  }

  @Override
  public String toString() {
    return "FilterIp[field=" + field + ", network=" + network + "]";
  }

  /** A strict dotted quad as an unsigned 32-bit number, or -1 when {@code text} is not one. */
  static long parseIpv4(String text) {
    int length = text.length();
    if (length < 7 || length > 15) {
      return -1;
    }
    long address = 0;
    int index = 0;
    for (int octet = 0; octet < 4; octet++) {
      if (octet > 0) {
        if (index >= length || text.charAt(index) != '.') {
          return -1;
        }
        index++;
      }
      int start = index;
      int value = 0;
      while (index < length && index - start < 3 && Character.isDigit(text.charAt(index))) {
        value = value * 10 + (text.charAt(index) - '0');
        index++;
      }
      boolean leadingZero = index - start > 1 && text.charAt(start) == '0';
      if (index == start || leadingZero || value > 255) {
        return -1;
      }
      address = (address << 8) | value;
    }
    return index == length ? address : -1;
  }

  /** A cheap check before the exception-throwing literal parser: hex digits, ':' and '.'. */
  private static boolean looksLikeIpv6(String text) {
    if (text.length() < 2 || text.length() > 45 || text.indexOf(':') < 0) {
      return false;
    }
    for (int index = 0; index < text.length(); index++) {
      char c = text.charAt(index);
      if (Character.digit(c, 16) < 0 && c != ':' && c != '.') {
        return false;
      }
    }
    return true;
  }

  /**
   * Parses an IPv6 literal (RFC 4291 section 2.2: hex groups, one {@code ::}, an optional dotted
   * quad in the last 32 bits) into two longs, high and low bits; false when it is not one. A {@code
   * ::ffff:a.b.c.d} form is an IPv6 address here, see the class note. Allocates nothing.
   */
  static boolean parseIpv6(String text, long[] destination) {
    if (!looksLikeIpv6(text)) {
      return false;
    }
    int[] groups = new int[8];
    int count = 0;
    int elidedAt = -1;
    int index = 0;
    int length = text.length();
    if (text.startsWith("::")) {
      elidedAt = 0;
      index = 2;
    } else if (text.charAt(0) == ':') {
      return false;
    }
    while (index < length) {
      if (count == 8) {
        return false;
      }
      int groupEnd = index;
      while (groupEnd < length && Character.digit(text.charAt(groupEnd), 16) >= 0) {
        groupEnd++;
      }
      if (groupEnd < length && text.charAt(groupEnd) == '.') {
        long ipv4 = parseIpv4(text.substring(index));
        if (ipv4 < 0 || count > 6) {
          return false;
        }
        groups[count++] = (int) (ipv4 >>> 16);
        groups[count++] = (int) (ipv4 & 0xffff);
        index = length;
        break;
      }
      if (groupEnd == index || groupEnd - index > 4) {
        return false;
      }
      groups[count++] = Integer.parseInt(text, index, groupEnd, 16);
      index = groupEnd;
      if (index == length) {
        break;
      }
      if (text.startsWith("::", index)) {
        if (elidedAt >= 0) {
          return false;
        }
        elidedAt = count;
        index += 2;
      } else {
        index++; // a single ':' (looksLikeIpv6 allows only ':' and '.' besides hex digits)
        if (index == length) {
          return false;
        }
      }
    }
    if (elidedAt < 0 ? count != 8 : count > 7) {
      return false;
    }
    int[] full = new int[8];
    int tail = elidedAt < 0 ? 0 : count - elidedAt;
    int head = count - tail;
    System.arraycopy(groups, 0, full, 0, head);
    System.arraycopy(groups, head, full, 8 - tail, tail);
    destination[0] = toLong(full, 0);
    destination[1] = toLong(full, 4);
    return true;
  }

  private static long toLong(int[] groups, int offset) {
    long value = 0;
    for (int index = offset; index < offset + 4; index++) {
      value = (value << 16) | groups[index];
    }
    return value;
  }

  private static int parsePrefixLength(String text, int bits) {
    if (text.isEmpty() || text.length() > 3 || !text.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException("prefix length '" + text + "' is not a number");
    }
    int length = Integer.parseInt(text);
    if (length > bits) {
      throw new IllegalArgumentException(
          "prefix length " + length + " is longer than the " + bits + " bits of the address");
    }
    return length;
  }

  /** The network mask as (high, low) for an address of {@code bits} bits held right-aligned. */
  private static long[] mask(int prefixLength, int bits) {
    if (bits == IPV4_BITS) {
      long low = prefixLength == 0 ? 0 : (0xffffffffL << (IPV4_BITS - prefixLength)) & 0xffffffffL;
      return new long[] {0, low};
    }
    long high = prefixLength >= 64 ? -1L : prefixLength == 0 ? 0 : -1L << (64 - prefixLength);
    int lowBits = Math.max(0, prefixLength - 64);
    long low = lowBits == 0 ? 0 : lowBits == 64 ? -1L : -1L << (64 - lowBits);
    return new long[] {high, low};
  }

  private static long[] octetTokenHashes(long address, int wholeOctets) {
    long[] hashes = new long[wholeOctets];
    for (int octet = 0; octet < wholeOctets; octet++) {
      long value = (address >>> (24 - 8 * octet)) & 0xff;
      hashes[octet] = Tokens.hash(Long.toString(value));
    }
    return Arrays.stream(hashes).distinct().toArray();
  }
}
