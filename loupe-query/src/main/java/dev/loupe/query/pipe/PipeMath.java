package dev.loupe.query.pipe;

import static java.util.Objects.requireNonNull;

import dev.loupe.query.stats.StatsNumbers;
import java.util.List;
import java.util.function.Function;

/**
 * {@code | math x = a * 1000 / b, y = (c + 1) % 7} (also {@code | eval}): computes numeric fields
 * from fields and number literals with {@code + - * / %} and parentheses ({@code * / %} bind
 * tighter; all are left-associative), left to right, so a later assignment may use an earlier
 * result. Values are read as comparisons read numbers; when one is missing or not a number, or the
 * result is not finite (division by zero), the field is left out of the row (and an old field of
 * that name removed). Results print as {@code stats} results do: {@code 42}, not {@code 42.0}.
 *
 * @param assignments at least one, applied in order
 */
public record PipeMath(List<Assignment> assignments) implements Pipe {

  public PipeMath {
    requireNonNull(assignments, "assignments is null");
    assignments = List.copyOf(assignments);
    if (assignments.isEmpty()) {
      throw new IllegalArgumentException("assignments is empty");
    }
  }

  /** {@code field = expression}. */
  public record Assignment(String field, Expression expression) {

    public Assignment {
      requireNonNull(field, "field is null");
      requireNonNull(expression, "expression is null");
      if (field.isEmpty()) {
        throw new IllegalArgumentException("field is empty");
      }
    }
  }

  /** A node of an arithmetic expression. */
  public sealed interface Expression {
    /** The value, reading fields through {@code fields}; NaN when it has none. */
    double evaluate(Function<String, String> fields);
  }

  /** A number as written. */
  public record Literal(String text) implements Expression {

    public Literal {
      if (Double.isNaN(StatsNumbers.parse(text))) {
        throw new IllegalArgumentException("not a number: " + text);
      }
    }

    @Override
    public double evaluate(Function<String, String> fields) {
      return StatsNumbers.parse(text);
    }
  }

  /** The value of a field. */
  public record FieldValue(String field) implements Expression {

    public FieldValue {
      requireNonNull(field, "field is null");
    }

    @Override
    public double evaluate(Function<String, String> fields) {
      return StatsNumbers.parse(fields.apply(field));
    }
  }

  /** {@code left operator right}. */
  public record Operation(char operator, Expression left, Expression right) implements Expression {

    public Operation {
      requireNonNull(left, "left is null");
      requireNonNull(right, "right is null");
      if ("+-*/%".indexOf(operator) < 0) {
        throw new IllegalArgumentException("unknown operator: " + operator);
      }
    }

    /** 1 for {@code + -}, 2 for {@code * / %}. */
    public int precedence() {
      return operator == '+' || operator == '-' ? 1 : 2;
    }

    @Override
    public double evaluate(Function<String, String> fields) {
      double a = left.evaluate(fields);
      double b = right.evaluate(fields);
      return switch (operator) {
        case '+' -> a + b;
        case '-' -> a - b;
        case '*' -> a * b;
        case '/' -> a / b;
        default -> a % b;
      };
    }
  }
}
