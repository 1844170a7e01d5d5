using System.CommandLine;
using System.Globalization;
using Ftgo.Cli.Gateway;
using Ftgo.Migration.Running;
using Microsoft.Extensions.Configuration;
using Spectre.Console;

namespace Ftgo.Cli;

/// <summary>
/// <c>ftgo status [group]</c>: a table of the route groups — stage, percent, the share each side
/// answered, mismatch rate (with the differences that converged after replication lag), the live window, CDC (running and lag, or not running), the last stage change
/// with its reason (a <c>ftgo rollback</c> or a runbook's rollback shows here) and the gateway's last auto-rollback.
/// </summary>
internal static class StatusCommand
{
    public static Command Create(IConfiguration configuration)
    {
        var group = new Argument<string?>("group") { Description = "Only this group.", Arity = ArgumentArity.ZeroOrOne };
        var url = GatewayCommand.UrlOption();
        var token = GatewayCommand.TokenOption();
        var command = new Command("status", "The route groups at a glance: stage, who answers, mismatches, CDC lag, last rollback.")
        {
            group, url, token,
        };
        command.SetAction((parse, ct) => GatewayCommand.Guard(async () =>
        {
            using var client = GatewayCommand.Client(configuration, parse, url, token);
            var only = parse.GetValue(group);
            var groups = only is null ? await client.GetGroupsAsync(ct) : [await client.GetGroupAsync(only, ct)];
            var cdc = new Dictionary<string, string>();
            foreach (var side in groups.Select(g => g.Service).Distinct())
            {
                cdc[side] = await CdcAsync(configuration, side, ct);
            }
            var table = new Table().AddColumns("group", "stage", "answered legacy / new", "compared", "mismatch", "new-side window",
                "CDC", "last change", "last auto-rollback");
            foreach (var g in groups)
            {
                var (legacy, fresh) = g.Answered;
                var total = legacy + fresh;
                table.AddRow(
                    Markup.Escape(g.Group),
                    Markup.Escape(Runbooks.RunbookEngine.Position(g) + (g.Partitions is { } p ? $" ({p})" : "")),
                    total == 0 ? "-" : $"{Share(legacy, total)} / {Share(fresh, total)} ({total})",
                    $"{g.Compared}",
                    Markup.Escape(Mismatch(g)),
                    g.Window.Requests == 0 ? "-" : $"errors {(g.Window.ErrorRate * 100).ToString("0.#", CultureInfo.InvariantCulture)} %, p99 {g.Window.P99Ms:0} ms",
                    Markup.Escape(cdc[g.Service]),
                    Markup.Escape(g.ChangedAt is { } at ? $"{at:u} {g.Reason}" : "-"),
                    Markup.Escape(g.LastRollback is { } r ? $"{r.At:u} from {r.From}: {r.Reason}" : "-"));
            }
            // Wide enough for every column even when stdout is not a terminal (tests, pipes, logs).
            AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 240);
            AnsiConsole.Write(table);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static string Share(long part, long total) => $"{part * 100.0 / total:0} %";

    /// <summary>
    /// "0.133 % (2 of 1,500; 37 converged after lag, 12 noise only)": the rate the gate judges, and the lag and the learned
    /// noise it no longer counts (noise only when there is some).
    /// </summary>
    internal static string Mismatch(GroupStatus g) => g.Compared == 0
        ? "-"
        : string.Create(CultureInfo.InvariantCulture,
            $"{g.MismatchRate * 100:0.###} % ({g.Mismatched:N0} of {g.Compared:N0}; {g.Converged:N0} converged after lag{NoiseOnly(g)})");

    private static string NoiseOnly(GroupStatus g) =>
        g.NoiseOnly > 0 ? string.Create(CultureInfo.InvariantCulture, $", {g.NoiseOnly:N0} noise only") : "";

    // CDC is optional for status: a missing setting or an unreachable database is shown, not fatal.
    private static async Task<string> CdcAsync(IConfiguration configuration, string side, CancellationToken ct)
    {
        try
        {
            var settings = CdcSettings.FromConfiguration(configuration);
            return (await CdcStatusProbe.ReadAsync(settings, side, ct)).Describe();
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or System.Data.Common.DbException)
        {
            return $"unknown: {e.Message}";
        }
    }
}
