using System.CommandLine;
using Ftgo.Cli;

// ftgo — the strangler's command line. This project holds `cdc run`, `backfill` and `verify`;
// the CLI issue adds demo, status, stage, rollback and runbook beside them.
var (configuration, arguments) = CliConfiguration.Build(args);
var root = new RootCommand(
    "ftgo — move FTGO off its monolith, one route group at a time.\n" +
    "Configuration: appsettings.json, environment (Ftgo__Storage=postgres) or --Ftgo:Storage=postgres --ConnectionStrings:Legacy=… on the command line.\n" +
    "Exit codes: 0 done · 1 failed (the message says why) · 2 wrong command line · 3 verify found differences · 130 interrupted.")
{
    CdcCommands.Cdc(configuration),
    CdcCommands.Backfill(configuration),
    CdcCommands.Verify(configuration),
};
var parse = root.Parse(arguments);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors)
    {
        Console.Error.WriteLine($"ftgo: {error.Message}");
    }
    Console.Error.WriteLine("Try 'ftgo --help'.");
    return ExitCodes.Usage;
}
// System.CommandLine turns Ctrl-C and SIGTERM into the cancellation of the running command's token:
// `cdc run` stops cleanly (exit 0), a backfill stops after its current batch (exit 130, resumable).
return await parse.InvokeAsync();
