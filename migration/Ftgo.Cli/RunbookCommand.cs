using System.CommandLine;
using Ftgo.Cli.Runbooks;
using Ftgo.Migration.Running;
using Microsoft.Extensions.Configuration;

namespace Ftgo.Cli;

/// <summary>
/// <c>ftgo runbook &lt;name&gt; | --file PATH [--dry-run] [--from-step K] [--fast]</c>: runs a runbook of the
/// runbooks folder (<c>migration/runbooks</c>, shipped beside ftgo), or an edited copy given by path.
/// </summary>
internal static class RunbookCommand
{
    public static Command Create(IConfiguration configuration)
    {
        var name = new Argument<string?>("name") { Description = "The runbook: extract-kitchen, extract-delivery (a file <name>.yaml in the runbooks folder).", Arity = ArgumentArity.ZeroOrOne };
        var file = new Option<string?>("--file") { Description = "Run this runbook file instead of one of the folder's (e.g. an edited copy of extract-kitchen.yaml)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print what each step would do; change nothing." };
        var fromStep = new Option<int?>("--from-step") { Description = "Start at step K (e.g. after fixing what stopped a run)." };
        var fast = new Option<bool>("--fast") { Description = "Use the runbook's fast: values (short holds, small counts) — for the demo and CI." };
        var folder = new Option<string?>("--runbooks") { Description = $"The runbooks folder (default: {RunbookLibrary.FolderKey}, else migration/runbooks above the working directory, else beside ftgo)." };
        var url = GatewayCommand.UrlOption();
        var token = GatewayCommand.TokenOption();
        var command = new Command("runbook",
            "Run a runbook step by step: preflight, backfill, CDC, dualwrite, verify, shadow, live 5→100 %, rampdown, complete — each held until its gate. " +
            "A failed gate rolls the group back and stops with what failed and what to look at.")
        {
            name, file, dryRun, fromStep, fast, folder, url, token,
        };
        command.SetAction((parse, ct) => GatewayCommand.Guard(async () =>
        {
            var runbook = Load(configuration, parse.GetValue(name), parse.GetValue(file), parse.GetValue(folder));
            using var client = GatewayCommand.Client(configuration, parse, url, token);
            using var observer = new RunbookMetrics(new ConsoleRunbookObserver(Console.Out));
            using var telemetry = CliTelemetry.Start(configuration, "ftgo-runbook", [RunbookMetrics.MeterName], []);
            var engine = new RunbookEngine(client, () => CdcSettings.FromConfiguration(configuration), observer, RunbookStates.From(configuration),
                DecommissionCommand.MonolithUrls(null, configuration));
            var result = await engine.RunAsync(runbook, new RunbookOptions
            {
                DryRun = parse.GetValue(dryRun),
                FromStep = parse.GetValue(fromStep),
                Fast = parse.GetValue(fast),
            }, ct);
            (result.Outcome is RunbookOutcome.Failed or RunbookOutcome.Cancelled or RunbookOutcome.Busy ? Console.Error : Console.Out).WriteLine(
                result.Outcome is RunbookOutcome.Failed or RunbookOutcome.Busy ? $"ftgo: {result.Message}" : result.Message);
            return result switch
            {
                { Outcome: RunbookOutcome.Completed or RunbookOutcome.AlreadyFinished } => ExitCodes.Ok,
                { Outcome: RunbookOutcome.Cancelled } => ExitCodes.Interrupted,
                { Outcome: RunbookOutcome.Busy } => ExitCodes.Failed,
                { GatewayFailure: Gateway.GatewayFailure.Unreachable } => ExitCodes.GatewayUnreachable,
                { GatewayFailure: Gateway.GatewayFailure.Unauthorized } => ExitCodes.GatewayUnauthorized,
                { GatewayFailure: Gateway.GatewayFailure.UnknownGroup or Gateway.GatewayFailure.Invalid } => ExitCodes.Usage,
                { FailedStep: null } => ExitCodes.Usage,
                _ => ExitCodes.StepFailed,
            };
        }));
        return command;
    }

    private static Runbook Load(IConfiguration configuration, string? name, string? file, string? folder)
    {
        if ((name is null) == (file is null))
        {
            throw new RunbookFormatException("Name a runbook (ftgo runbook extract-kitchen) or give its file (ftgo runbook --file my-runbook.yaml), not both.", unknownName: true);
        }
        if (file is not null)
        {
            return File.Exists(file)
                ? RunbookLoader.Load(Path.GetFullPath(file))
                : throw new RunbookFormatException($"The runbook file '{file}' does not exist.", unknownName: true);
        }
        return RunbookLibrary.Locate(configuration, folder).Load(name!);
    }
}
