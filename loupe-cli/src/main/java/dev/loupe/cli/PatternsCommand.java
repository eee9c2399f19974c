package dev.loupe.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code loupe patterns}: tools for the patterns mined at ingest. */
@Command(
    name = "patterns",
    mixinStandardHelpOptions = true,
    description = "Pattern mining tools.",
    subcommands = {PatternsEvalCommand.class})
final class PatternsCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
