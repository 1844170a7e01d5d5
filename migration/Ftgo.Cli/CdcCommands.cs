using Ftgo.Hosting.Processes;
using System.CommandLine;
using Ftgo.Migration.Backfill;
using Ftgo.Migration.Cdc;
using Ftgo.Migration.Hosting;
using Ftgo.Migration.Verification;
using Microsoft.Extensions.Configuration;
using Spectre.Console;

namespace Ftgo.Cli;

/// <summary><c>ftgo cdc run</c>, <c>ftgo backfill &lt;group&gt;</c>, <c>ftgo verify &lt;group&gt;</c>.</summary>
internal static class CdcCommands
{
    private static readonly string[] Groups = ["kitchen", "delivery", "all"];

    public static Command Cdc(IConfiguration configuration)
    {
        var interval = new Option<double>("--status-every")
        {
            Description = "Seconds between two status lines (records applied, dead letters, captured but not projected, lag).",
            DefaultValueFactory = _ => 5,
        };
        var run = new Command("run", "Stream legacy changes into the new schemas until interrupted (Ctrl-C); resumes from its checkpoints.") { interval };
        run.SetAction((parse, interrupted) => Guard(async () =>
        {
            // Started by `ftgo demo`: its end (the closed stdin pipe) is a stop request, as SIGTERM is.
            using var parentGone = CancellationTokenSource.CreateLinkedTokenSource(interrupted);
            if (ParentWatch.Enabled(configuration))
            {
                ParentWatch.Start(parentGone.Cancel);
            }
            var ct = parentGone.Token;
            var settings = CdcSettings.FromConfiguration(configuration);
            var statistics = new CdcStatistics();
            var leading = false;
            using var metrics = new CdcMetrics(statistics, () => Volatile.Read(ref leading));
            using var telemetry = CliTelemetry.Start(configuration, "ftgo-cdc", [CdcMetrics.MeterName], [ApplySpans.SourceName]);
            AnsiConsole.MarkupLineInterpolated(
                $"cdc: source [bold]{settings.Source}[/], transport [bold]{settings.Transport}[/], targets [bold]{string.Join(", ", settings.Targets.Select(t => t.Side))}[/]");
            using var status = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(0.2, parse.GetValue(interval))));
            // Any number of runners may start on one source: one leads and streams, the others stand by; on Debezium
            // topics all of them consume, the consumer group splitting the partitions (CdcLeadership).
            await using var leadership = CdcLeadership.For(settings);
            // Tried once before the first beat, so that the first row already says what this runner is.
            leading = await leadership.TryLeadAsync(ct);
            // The heartbeat lets `ftgo status` and the runbook gates, in other processes, see this runner, its role and its lag.
            using var stopHeartbeat = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var heartbeat = CdcHeartbeat.RunAsync(settings, statistics,
                () => Volatile.Read(ref leading) ? leadership.Role : CdcHeartbeat.Standby, stopHeartbeat.Token);
            Task? reporter = null;
            try
            {
                await leadership.LeadAsync(() => Console.WriteLine(
                    $"cdc: standing by as {CdcHeartbeat.Runner}: another runner leads ({leadership.Describe()}); taking over when it ends"), ct);
                Volatile.Write(ref leading, true);
                Console.WriteLine(leadership.Role == CdcHeartbeat.Member
                    ? $"cdc: consuming as {CdcHeartbeat.Runner} ({leadership.Describe()})"
                    : $"cdc: leading as {CdcHeartbeat.Runner} ({leadership.Describe()})");
                reporter = Task.Run(async () =>
                {
                    try
                    {
                        while (await status.WaitForNextTickAsync(ct))
                        {
                            var lag = statistics.LastLag is { } l ? $"{l.TotalMilliseconds:N0} ms" : "-";
                            Console.WriteLine($"cdc: {statistics.Records} records applied, {statistics.Malformed} dead letters, {NotProjected(statistics)}, last lag {lag}");
                        }
                    }
                    catch (OperationCanceledException)
                    {
                    }
                }, CancellationToken.None);
                // A leader that can no longer prove it holds the lead stops streaming: another runner may take it.
                using var lost = CancellationTokenSource.CreateLinkedTokenSource(ct);
                var watch = leadership.WatchAsync(lost.Token);
                var running = CdcRunner.RunAsync(settings, statistics, lost.Token, Console.WriteLine);
                if (await Task.WhenAny(running, watch) == watch && !ct.IsCancellationRequested)
                {
                    await lost.CancelAsync();
                    await running.ContinueWith(_ => { }, TaskScheduler.Default);
                    throw new InvalidOperationException($"lost the lead ({leadership.Describe()} is no longer held): stopped streaming; start 'ftgo cdc run' again to stand by.");
                }
                await lost.CancelAsync();
                await running;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Stopped while standing by.
            }
            finally
            {
                await stopHeartbeat.CancelAsync();
                try
                {
                    await heartbeat;
                }
                catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or OperationCanceledException)
                {
                    // The heartbeat is advisory; the runner's own outcome is what counts.
                }
            }
            status.Dispose();
            if (reporter is not null)
            {
                await reporter;
            }
            Console.WriteLine($"cdc: stopped after {statistics.Records} records ({NotProjected(statistics)}); the next run resumes from the checkpoints.");
            return ExitCodes.Ok;
        }));
        return new Command("cdc", "Change data capture from the legacy database (Debezium envelope).") { run };
    }

    public static Command Backfill(IConfiguration configuration)
    {
        var group = GroupArgument();
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
        command.SetAction((parse, ct) => Guard(async () =>
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

    public static Command Verify(IConfiguration configuration)
    {
        var group = GroupArgument();
        var batch = new Option<int>("--batch-size") { Description = "Aggregates compared per batch.", DefaultValueFactory = _ => 1000 };
        var command = new Command("verify", "Compare a group's legacy rows (through the ACL) with its new schema: counts and a checksum per row.")
        {
            group, batch,
        };
        command.SetAction((parse, ct) => Guard(async () =>
        {
            var settings = CdcSettings.FromConfiguration(configuration);
            var report = await Verifier.RunAsync(settings, parse.GetValue(group)!, Math.Max(1, parse.GetValue(batch)), ct);
            var table = new Table().AddColumns("kind", "legacy", "new", "missing", "extra", "different", "differing ids");
            foreach (var kind in report.Kinds)
            {
                var ids = kind.DifferingIds.Take(20).ToList();
                table.AddRow(kind.Kind, $"{kind.LegacyCount}", $"{kind.TargetCount}", $"{kind.Missing.Count}", $"{kind.Extra.Count}",
                    $"{kind.Different.Count}", ids.Count == 0 ? "-" : string.Join(" ", ids) + (kind.DifferingIds.Count() > 20 ? " …" : ""));
            }
            AnsiConsole.Write(table);
            foreach (var kind in report.Kinds.Where(k => !k.Clean))
            {
                Console.WriteLine($"differ {kind.Kind}: {string.Join(" ", kind.DifferingIds)}");
            }
            Console.WriteLine(report.Clean ? $"verify {report.Group}: clean" : $"verify {report.Group}: DIFFERENCES");
            return report.Clean ? ExitCodes.Ok : ExitCodes.Differences;
        }));
        return command;
    }

    /// <summary>"12 captured, not projected (restaurant_menu_items 12)": tables CDC reads that no target needs.</summary>
    private static string NotProjected(CdcStatistics statistics)
    {
        var tables = statistics.NotProjected;
        return tables.Count == 0
            ? "0 captured, not projected"
            : $"{tables.Values.Sum()} captured, not projected ({string.Join(", ", tables.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key} {t.Value}"))})";
    }

    private static Argument<string> GroupArgument()
    {
        var group = new Argument<string>("group") { Description = "kitchen, delivery, or all." };
        group.AcceptOnlyFromAmong(Groups);
        return group;
    }

    /// <summary>Turns failures into one plain sentence on stderr and an exit code.</summary>
    private static async Task<int> Guard(Func<Task<int>> action, int interruptedCode = ExitCodes.Ok)
    {
        try
        {
            return await action();
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine(interruptedCode == ExitCodes.Ok ? "stopped." : "interrupted: run the same command again to resume.");
            return interruptedCode;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            Console.Error.WriteLine($"ftgo: {e.Message}");
            return ExitCodes.Failed;
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or Microsoft.Data.Sqlite.SqliteException or System.Net.Sockets.SocketException)
        {
            Console.Error.WriteLine($"ftgo: the database could not be used: {e.Message}");
            return ExitCodes.Failed;
        }
        catch (Confluent.Kafka.KafkaException e)
        {
            Console.Error.WriteLine($"ftgo: Kafka failed: {e.Error.Reason}");
            return ExitCodes.Failed;
        }
    }
}

/// <summary>Reports on the calling thread, in order (the backfill reports between batches).</summary>
internal sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
