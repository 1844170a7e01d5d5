using System.CommandLine;
using Ftgo.Hosting.Processes;
using Ftgo.Migration.Cdc;
using Ftgo.Migration.Running;
using Microsoft.Extensions.Configuration;
using Spectre.Console;

namespace Ftgo.Cli;

/// <summary><c>ftgo cdc run</c>: the change stream from the monolith into the new schemas, until interrupted.</summary>
internal static class CdcCommand
{
    public static Command Create(IConfiguration configuration)
    {
        var interval = new Option<double>("--status-every")
        {
            Description = "Seconds between two status lines (records applied, dead letters, captured but not projected, lag).",
            DefaultValueFactory = _ => 5,
        };
        var run = new Command("run", "Stream legacy changes into the new schemas until interrupted (Ctrl-C); resumes from its checkpoints.") { interval };
        run.SetAction((parse, interrupted) => DataCommands.Guard(async () =>
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

    /// <summary>"12 captured, not projected (restaurant_menu_items 12)": tables CDC reads that no target needs.</summary>
    private static string NotProjected(CdcStatistics statistics)
    {
        var tables = statistics.NotProjected;
        return tables.Count == 0
            ? "0 captured, not projected"
            : $"{tables.Values.Sum()} captured, not projected ({string.Join(", ", tables.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key} {t.Value}"))})";
    }
}
