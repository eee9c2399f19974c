/**
 * The pipes that follow a query's filters ({@code | fields a, b | head 10 | stats count() by
 * (service)}): one immutable class per pipe, {@code Pipe*}, under the sealed {@link
 * dev.loupe.query.pipe.Pipe}, and {@link dev.loupe.query.pipe.Extraction}, the field-naming
 * patterns {@code extract_regexp} and {@code parse} share. They say what to compute; {@code exec}
 * runs them (the value-level parts, such as unpacking JSON or logfmt and evaluating {@code math},
 * live with the pipe). Uses {@code stats} (its functions and number format), {@code filter} (the
 * condition of {@code where}) and jackson-core, and nothing of {@code lang} or {@code exec}.
 */
package dev.loupe.query.pipe;
