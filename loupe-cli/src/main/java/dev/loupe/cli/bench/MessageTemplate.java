package dev.loupe.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A message with variables, such as {@code order {order} placed with {count} items}: parsed once
 * into literal byte segments and variables, then written many times with fresh values. Gives the
 * data set what real logs have and pattern miners look for: a few dozen shapes, values varying
 * inside them. Immutable, thread-safe.
 */
final class MessageTemplate {
  /** What a {@code {name}} in a template stands for; each writes its own kind of value. */
  enum Variable {
    USER,
    SERVICE,
    ADDRESS,
    PORT,
    COUNT,
    MILLIS,
    AMOUNT,
    PERCENT,
    ORDER,
    PAYMENT,
    SESSION,
    SKU,
    KEY,
    JOB,
    NOTIFICATION,
    SHIPMENT,
    MESSAGE,
    WORD,
    TABLE,
    FLAG,
    BOOLEAN,
    TOPIC,
    CLIENT,
    CLASS,
    ATTEMPT,
    SYSTEM_USER,
    BAD_USER,
    UNIT,
    UPTIME,
    PID,
    FINGERPRINT,
    NUMBER,
    UID,
    DRIFT,
    TTY,
    NEEDLE
  }

  private static final byte[][] SERVICES = bytes(Vocabulary.SERVICE_NAMES);
  private static final byte[][] ADDRESSES = bytes(Vocabulary.ADDRESSES);
  private static final byte[][] WORDS = bytes(Vocabulary.SEARCH_WORDS);
  private static final byte[][] TABLES = bytes(Vocabulary.TABLES);
  private static final byte[][] FLAGS = bytes(Vocabulary.FLAGS);
  private static final byte[][] TOPICS = bytes(Vocabulary.TOPICS);
  private static final byte[][] CLIENTS = bytes(Vocabulary.CLIENTS);
  private static final byte[][] CLASSES = bytes(Vocabulary.CLASSES);
  private static final byte[][] JOBS = bytes(Vocabulary.JOBS);
  private static final byte[][] CACHE_KEYS = bytes(Vocabulary.CACHE_KEYS);
  private static final byte[][] SYSTEM_USERS = bytes(Vocabulary.SYSTEM_USERS);
  private static final byte[][] BAD_USERS = bytes(Vocabulary.BAD_USERS);
  private static final byte[][] UNITS = bytes(Vocabulary.UNITS);

  /** Users of the imaginary shop: enough that a user id is a selective filter. */
  static final int USERS = 50_000;

  private final String text;
  private final byte[][] literals;
  private final Variable[] variables;

  private MessageTemplate(String text, byte[][] literals, Variable[] variables) {
    this.text = text;
    this.literals = literals;
    this.variables = variables;
  }

  /** Parses {@code text}; {@code {name}} is a variable (see {@link Variable}), the rest literal. */
  static MessageTemplate parse(String text) {
    List<byte[]> literals = new ArrayList<>();
    List<Variable> variables = new ArrayList<>();
    int position = 0;
    while (true) {
      int open = text.indexOf('{', position);
      if (open < 0) {
        literals.add(AsciiBuffer.ascii(text.substring(position)));
        break;
      }
      int close = text.indexOf('}', open);
      if (close < 0) {
        throw new IllegalArgumentException("unclosed { at " + open + " in template: " + text);
      }
      literals.add(AsciiBuffer.ascii(text.substring(position, open)));
      String name = text.substring(open + 1, close);
      try {
        variables.add(Variable.valueOf(name.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException unknown) {
        throw new IllegalArgumentException("unknown variable {" + name + "} in template: " + text);
      }
      position = close + 1;
    }
    return new MessageTemplate(
        text, literals.toArray(byte[][]::new), variables.toArray(Variable[]::new));
  }

  static byte[][] bytes(List<String> texts) {
    return texts.stream().map(AsciiBuffer::ascii).toArray(byte[][]::new);
  }

  String text() {
    return text;
  }

  boolean uses(Variable variable) {
    for (Variable used : variables) {
      if (used == variable) {
        return true;
      }
    }
    return false;
  }

  void write(AsciiBuffer out, LineState state) {
    for (int index = 0; index < variables.length; index++) {
      out.append(literals[index]);
      writeVariable(variables[index], out, state);
    }
    out.append(literals[variables.length]);
  }

  private static void writeVariable(Variable variable, AsciiBuffer out, LineState state) {
    var random = state.random;
    switch (variable) {
      case USER -> out.append("u_").appendPadded(state.userNumber, 6);
      case SERVICE -> out.append(state.pick(SERVICES));
      case ADDRESS -> out.append(state.pick(ADDRESSES));
      case PORT -> out.append(1024 + random.nextInt(64_000));
      case COUNT -> out.append(1 + random.nextInt(200));
      case MILLIS -> out.append(state.latencyMillis());
      case AMOUNT ->
          out.append(5 + random.nextInt(500)).append('.').appendPadded(random.nextInt(100), 2);
      case PERCENT -> out.append(random.nextInt(101));
      case ORDER -> out.append("o_").appendPadded(random.nextInt(1_000_000_000), 9);
      case PAYMENT -> out.append("pay_").appendHex(random.nextLong(), 12);
      case SESSION -> out.appendHex(random.nextLong(), 16);
      case SKU -> out.append("sku_").appendPadded(random.nextInt(100_000), 5);
      case KEY -> out.append(state.pick(CACHE_KEYS)).append(':').append(random.nextInt(USERS));
      case JOB -> out.append(state.pick(JOBS));
      case NOTIFICATION -> out.append("ntf_").appendHex(random.nextLong(), 10);
      case SHIPMENT -> out.append("shp_").appendPadded(random.nextInt(100_000_000), 8);
      case MESSAGE -> out.append("msg_").appendHex(random.nextLong(), 12);
      case WORD -> out.append(state.pick(WORDS));
      case TABLE -> out.append(state.pick(TABLES));
      case FLAG -> out.append(state.pick(FLAGS));
      case BOOLEAN -> out.append(random.nextBoolean() ? "true" : "false");
      case TOPIC -> out.append(state.pick(TOPICS));
      case CLIENT -> out.append(state.pick(CLIENTS));
      case CLASS -> out.append(state.pick(CLASSES));
      case ATTEMPT -> out.append(2 + random.nextInt(4));
      case SYSTEM_USER -> out.append(state.pick(SYSTEM_USERS));
      case BAD_USER -> out.append(state.pick(BAD_USERS));
      case UNIT -> out.append(state.pick(UNITS));
      case UPTIME ->
          out.append(random.nextInt(2_000_000))
              .append('.')
              .appendPadded(random.nextInt(1_000_000), 6);
      case PID -> out.append(1_000 + random.nextInt(60_000));
      case FINGERPRINT -> state.appendToken(out, 43);
      case NUMBER -> out.append(1 + random.nextInt(9_999));
      case UID -> out.append(1_000 + random.nextInt(20));
      case DRIFT -> out.append("0.00").appendPadded(random.nextInt(1_000), 3);
      case TTY -> out.append(random.nextInt(10));
      case NEEDLE -> {
        if (state.needle == null) {
          throw new IllegalStateException("a needle template was used on a line without needle");
        }
        out.append(state.needle);
      }
    }
  }

  @Override
  public String toString() {
    return text;
  }
}
