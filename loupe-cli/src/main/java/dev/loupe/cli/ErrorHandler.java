package dev.loupe.cli;

import dev.loupe.core.LoupeException;
import java.net.ConnectException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Prints a failure as one line a person can act on, instead of a stack trace. */
final class ErrorHandler implements IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(
      Exception failure, CommandLine commandLine, ParseResult parseResult) {
    String message =
        switch (failure) {
          case LoupeException loupe -> loupe.getMessage();
          case ConnectException refused ->
              "cannot reach the Loupe server (connection refused); start it with ./loupe serve"
                  + " or pass --server URL";
          // Settings records refuse nonsense values with a message naming the setting.
          case IllegalArgumentException invalid ->
              "invalid setting: " + invalid.getMessage() + " (see --help)";
          default -> failure.toString();
        };
    commandLine.getErr().println("loupe: " + message);
    if (Boolean.getBoolean("loupe.debug")) {
      failure.printStackTrace(commandLine.getErr());
    }
    return 1;
  }
}
