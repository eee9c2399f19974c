package dev.loupe.cli.agent;

import static java.util.Objects.requireNonNull;

/**
 * One event read from a file: a line, or several lines joined by {@code \n}.
 *
 * @param text the event's text
 * @param endOffset the file offset just after its last line: once the event is in a sealed batch,
 *     the file may be read from here on after a restart
 */
record FileEvent(String text, long endOffset) {
  FileEvent {
    requireNonNull(text, "text is null");
  }
}
