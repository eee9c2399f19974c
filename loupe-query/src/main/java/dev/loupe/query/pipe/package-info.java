/**
 * The pipes that follow a query's filters ({@code | fields a, b | head 10 | stats count() by
 * (service)}): one immutable class per pipe, {@code Pipe*}, under the sealed {@link
 * dev.loupe.query.pipe.Pipe}. They say what to compute; {@code exec} runs them. Uses {@code stats}
 * (the functions of {@code stats}) and nothing of {@code lang} or {@code exec}.
 */
package dev.loupe.query.pipe;
