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
using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    interrupt.Cancel();
};
using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(
    System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
    {
        context.Cancel = true;
        interrupt.Cancel();
    });
return await parse.InvokeAsync(cancellationToken: interrupt.Token);
