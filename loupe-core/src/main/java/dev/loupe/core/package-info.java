/**
 * The vocabulary every layer shares: {@link dev.loupe.core.LogRecord}, stream labels and ids,
 * tenants, {@link dev.loupe.core.TimeRange}, text {@link dev.loupe.core.Tokens}, and the one error
 * family {@link dev.loupe.core.LoupeException}. Nothing here does I/O.
 */
package dev.loupe.core;
