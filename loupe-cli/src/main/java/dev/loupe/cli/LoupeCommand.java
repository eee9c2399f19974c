package dev.loupe.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code loupe} command. */
@Command(
    name = "loupe",
    mixinStandardHelpOptions = true,
    version = "loupe 0.1.0",
    description = "Self-hosted log platform: ingest, store, search.",
    subcommands = {
      ServeCommand.class,
      IngestCommand.class,
      SearchCommand.class,
      ExplainCommand.class,
      TailCommand.class,
      dev.loupe.cli.agent.AgentCommand.class,
      BenchCommand.class,
      PatternsCommand.class,
      SimulateCommand.class,
      MetricsCommand.class,
      AlertsCommand.class,
      CommandLine.HelpCommand.class
    })
public final class LoupeCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] arguments) {
    System.exit(commandLine().execute(arguments));
  }

  /** The command line with Loupe's converters and error handler; public for subcommand tests. */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new LoupeCommand());
    commandLine.registerConverter(java.time.Duration.class, new DurationConverter());
    commandLine.setExecutionExceptionHandler(new ErrorHandler());
    return commandLine;
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
