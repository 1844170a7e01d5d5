using System.CommandLine;
using Ftgo.Cli;

// ftgo — the strangler's command line: the data commands (cdc run, backfill, verify) and the
// operating commands that go through the gateway's admin API (status, stage, rollback, runbook).
var (configuration, arguments) = CliConfiguration.Build(args);
var root = new RootCommand(
    "ftgo — move FTGO off its monolith, one route group at a time.\n" +
    "Configuration: appsettings.json, environment (Ftgo__Storage=postgres) or --Ftgo:Storage=postgres --ConnectionStrings:Legacy=… on the command line.\n" +
    "Gateway commands read Ftgo:Gateway:Url (default http://127.0.0.1:5000) and Ftgo:Gateway:AdminToken, or --gateway and --token.\n" +
    "Exit codes: 0 done · 1 failed (the message says why) · 2 wrong command line (unknown stage, group, runbook, bad percent) · " +
    "3 verify found differences · 4 gateway unreachable · 5 admin token missing, refused or read-only · 6 a runbook step failed (group rolled back) · " +
    "7 a change refused as a conflict (the flags changed since they were read, the move skips stages, or the step named does not wait for approval) · 130 interrupted.")
{
    CdcCommand.Create(configuration),
    BackfillCommand.Create(configuration),
    VerifyCommand.Create(configuration),
    ReplayCommand.Create(),
    StatusCommand.Create(configuration),
    StageCommands.Stage(configuration),
    StageCommands.Rollback(configuration),
    PartitionsCommand.Create(configuration),
    HistoryCommand.Create(configuration),
    MismatchesCommand.Create(configuration),
    ShadowCommand.Create(),
    DecommissionCommand.Create(configuration),
    ApproveCommand.Create(configuration),
    RunbookCommand.Create(configuration),
    Ftgo.Cli.Demo.DemoCommand.Create(configuration),
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
