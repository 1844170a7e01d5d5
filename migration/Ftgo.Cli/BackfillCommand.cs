using System.CommandLine;
using Ftgo.Migration.Backfill;
using Ftgo.Migration.Running;
using Microsoft.Extensions.Configuration;
using Spectre.Console;

namespace Ftgo.Cli;

/// <summary><c>ftgo backfill &lt;group&gt;</c>: the snapshot copy of a group's legacy rows into its new schema.</summary>
internal static class BackfillCommand
{
    public static Command Create(IConfiguration configuration)
    {
        var group = DataCommands.GroupArgument();
        var batch = new Option<int>("--batch-size")
        {
            Description = "Rows of the root table per batch.",
            DefaultValueFactory = _ => BackfillOptions.DefaultBatchSize, // the library's default: one source of truth
        };
        var throttle = new Option<double?>("--throttle") { Description = "At most this many rows per second (default: no limit)." };
        var restart = new Option<bool>("--restart") { Description = "Forget the previous snapshot's progress and copy everything again." };
        var command = new Command("backfill", "Copy the legacy rows of a group into its new schema (snapshot), resumable, alongside live CDC.")
        {
            group, batch, throttle, restart,
        };
        command.SetAction((parse, ct) => DataCommands.Guard(async () =>
        {
            var settings = CdcSettings.FromConfiguration(configuration);
            var options = new BackfillOptions
            {
                BatchSize = Math.Max(1, parse.GetValue(batch)),
                MaxRowsPerSecond = parse.GetValue(throttle),
                Restart = parse.GetValue(restart),
            };
            BackfillResult? result = null;
            await AnsiConsole.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RowsPerSecondColumn(),
                    new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(async context =>
                {
                    var tasks = new Dictionary<string, ProgressTask>();
                    var progress = new InlineProgress<BackfillProgress>(p =>
                    {
                        if (!tasks.TryGetValue(p.Table, out var task))
                        {
                            tasks[p.Table] = task = context.AddTask(p.Table, maxValue: Math.Max(1, p.Total));
                        }
                        task.MaxValue = Math.Max(1, p.Total);
                        task.Value = p.Finished ? task.MaxValue : p.Done;
                    });
                    result = await Backfiller.RunAsync(settings, parse.GetValue(group)!, options, progress, ct);
                });
            AnsiConsole.MarkupLineInterpolated(
                $"backfill: {result!.Rows.Values.Sum():N0} rows in {result.Elapsed.TotalSeconds:N1} s ({string.Join(", ", result.Rows.Select(r => $"{r.Key} {r.Value:N0}"))}); source position before the snapshot: {result.SnapshotPosition}");
            return ExitCodes.Ok;
        }, interruptedCode: ExitCodes.Interrupted));
        return command;
    }
}
