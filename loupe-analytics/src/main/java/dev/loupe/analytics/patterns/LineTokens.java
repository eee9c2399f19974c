package dev.loupe.analytics.patterns;

import java.util.Arrays;

/**
 * Splits a message into whitespace-separated tokens and masks each ({@link TokenMasker}): what the
 * miner compares. A JSON object's members are tokens of their own ({@link #spaceJsonMembers}). A
 * double-quoted string of several words is one token, its words masked one by one ({@code "GET <*>
 * HTTP/1.1"}); a lone {@code [} or {@code (} padded from the value it encloses ({@code [ 0.004]})
 * is one token with it. At most {@code maxTokens} tokens and {@code maxChars} characters are read;
 * a longer line ends in one {@code <*>} token that stands for the rest. Stateless apart from its
 * settings; thread-safe.
 */
final class LineTokens {
  private static final String[] EMPTY = new String[0];

  /** Words a double-quoted string may span and still be one token. */
  private static final int MAX_QUOTED_WORDS = 32;

  private final int maxTokens;
  private final int maxChars;

  LineTokens(int maxTokens, int maxChars) {
    if (maxTokens < 2) {
      throw new IllegalArgumentException("maxTokens must be at least 2: " + maxTokens);
    }
    if (maxChars < 1) {
      throw new IllegalArgumentException("maxChars must be positive: " + maxChars);
    }
    this.maxTokens = maxTokens;
    this.maxChars = maxChars;
  }

  /** The masked tokens of {@code message}, values joined ({@link ValueRuns}); empty when blank. */
  String[] tokens(String message) {
    return ValueRuns.join(split(isJsonObject(message) ? spaceJsonMembers(message) : message));
  }

  /**
   * Whether the message is a JSON object ({@code {"key":...}}), as applications write to syslog,
   * journald and OTLP bodies: without spaces between its members it would be one token (or one
   * quoted run), so lines of one message would differ in that one token whenever any member's value
   * differs.
   */
  static boolean isJsonObject(String message) {
    int length = message.length();
    return length > 3
        && message.charAt(0) == '{'
        && message.charAt(1) == '"'
        && message.charAt(length - 1) == '}';
  }

  /**
   * The object with a space after each comma that separates members or array items (outside
   * strings), so that each member is a token of its own ({@code "level":"info",}) and a string
   * value of several words is a quoted run of its member's token. Escapes inside strings are
   * honoured; the text is otherwise unchanged.
   */
  static String spaceJsonMembers(String message) {
    StringBuilder out = new StringBuilder(message.length() + 16);
    boolean inString = false;
    for (int index = 0; index < message.length(); index++) {
      char c = message.charAt(index);
      out.append(c);
      if (inString) {
        if (c == '\\' && index + 1 < message.length()) {
          out.append(message.charAt(++index));
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == ',') {
        out.append(' ');
      }
    }
    return out.toString();
  }

  private String[] split(String message) {
    int end = Math.min(message.length(), maxChars);
    boolean cut = end < message.length() && !Character.isWhitespace(message.charAt(end));
    String[] tokens = new String[Math.min(maxTokens, 16)];
    int count = 0;
    int index = 0;
    while (index < end) {
      while (index < end && isSpace(message.charAt(index))) {
        index++;
      }
      if (index >= end) {
        break;
      }
      int start = index;
      while (index < end && !isSpace(message.charAt(index))) {
        index++;
      }
      int wordEnd = index;
      int padded = paddedBracketEnd(message, start, index, end);
      index = padded > index ? padded : quotedEnd(message, start, index, end);
      boolean lastAllowed = count == maxTokens - 1;
      boolean moreFollows = hasMoreText(message, index);
      if (lastAllowed && moreFollows) {
        tokens = append(tokens, count++, TokenMasker.WILDCARD);
        return Arrays.copyOf(tokens, count);
      }
      if (index == end && cut) {
        tokens = append(tokens, count++, TokenMasker.WILDCARD);
        return Arrays.copyOf(tokens, count);
      }
      String token;
      if (index == wordEnd) {
        token = TokenMasker.mask(message.substring(start, index));
      } else if (padded == index) {
        // "[    0.004]": the bracket and its padded value are one token, "[0.004]"
        token =
            TokenMasker.mask(
                message.charAt(start)
                    + message.substring(index - wordLength(message, index), index));
      } else {
        token = maskQuoted(message, start, index);
      }
      tokens = append(tokens, count++, token);
    }
    if (end < message.length() && hasMoreText(message, end)) {
      tokens = append(tokens, count++, TokenMasker.WILDCARD);
    }
    return count == 0 ? EMPTY : Arrays.copyOf(tokens, count);
  }

  /**
   * A token that opens a double-quoted string ({@code tag="View Lock",}) runs to the token that
   * closes it, so that a quoted value is one token however many words it has; at most {@link
   * #MAX_QUOTED_WORDS} words, and an unclosed quote leaves the token as it was.
   */
  private static int quotedEnd(String message, int start, int tokenEnd, int end) {
    if (quotes(message, start, tokenEnd) % 2 == 0) {
      return tokenEnd;
    }
    int index = tokenEnd;
    for (int word = 0; word < MAX_QUOTED_WORDS && index < end; word++) {
      while (index < end && isSpace(message.charAt(index))) {
        index++;
      }
      int wordStart = index;
      while (index < end && !isSpace(message.charAt(index))) {
        index++;
      }
      if (quotes(message, wordStart, index) % 2 == 1) {
        return index;
      }
    }
    return tokenEnd;
  }

  /**
   * A quoted string of several words as one token: each word masked as a token of its own would be,
   * the words joined by one space ({@code "GET /a/b HTTP/1.1"} becomes {@code "GET <*> HTTP/<*>"}),
   * so that the values inside a quoted string vary as freely as outside one.
   */
  private static String maskQuoted(String message, int start, int end) {
    StringBuilder out = new StringBuilder(end - start);
    int index = start;
    while (index < end) {
      while (index < end && isSpace(message.charAt(index))) {
        index++;
      }
      int wordStart = index;
      while (index < end && !isSpace(message.charAt(index))) {
        index++;
      }
      if (index > wordStart) {
        if (!out.isEmpty()) {
          out.append(' ');
        }
        out.append(TokenMasker.mask(message.substring(wordStart, index)));
      }
    }
    return out.toString();
  }

  /**
   * For a lone {@code [} or {@code (} followed by a word that closes it ({@code [ 1234.5]}, as the
   * kernel pads its uptime), the end of that word; else {@code tokenEnd}. Padding inside brackets
   * is layout, not a separator: without this the token count would change with the value's width.
   */
  private static int paddedBracketEnd(String message, int start, int tokenEnd, int end) {
    char open = message.charAt(start);
    if (tokenEnd != start + 1 || (open != '[' && open != '(')) {
      return tokenEnd;
    }
    char close = open == '[' ? ']' : ')';
    int next = tokenEnd;
    while (next < end && isSpace(message.charAt(next))) {
      next++;
    }
    int nextEnd = next;
    while (nextEnd < end && !isSpace(message.charAt(nextEnd))) {
      char c = message.charAt(nextEnd);
      if (c == open) {
        return tokenEnd;
      }
      nextEnd++;
    }
    int closing = message.lastIndexOf(close, nextEnd - 1);
    return nextEnd > next && closing >= next + 1 ? nextEnd : tokenEnd;
  }

  /** Length of the word that ends at {@code end}. */
  private static int wordLength(String message, int end) {
    int start = end;
    while (start > 0 && !isSpace(message.charAt(start - 1))) {
      start--;
    }
    return end - start;
  }

  private static int quotes(String message, int start, int end) {
    int count = 0;
    for (int index = start; index < end; index++) {
      if (message.charAt(index) == '"') {
        count++;
      }
    }
    return count;
  }

  private static boolean hasMoreText(String message, int from) {
    for (int index = from; index < message.length(); index++) {
      if (!isSpace(message.charAt(index))) {
        return true;
      }
    }
    return false;
  }

  private static String[] append(String[] tokens, int count, String token) {
    String[] target = count == tokens.length ? Arrays.copyOf(tokens, count * 2) : tokens;
    target[count] = token;
    return target;
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b;
  }
}
