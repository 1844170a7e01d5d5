using Ftgo.Testing.Processes;
using Microsoft.Data.Sqlite;

namespace Ftgo.Startup.Benchmarks;

/// <summary>What one deployable measured in one run.</summary>
public sealed record Sample(string Deployable, string Environment, double ReadySeconds, long RssStarted, long RssLoaded, long PeakLoaded,
    double RestartSeconds, double FirstOrderSeconds);

/// <summary>
/// One run: the five deployables started one after another on a fresh embedded data folder (each
/// timed from its process start to healthy, CDC to its first heartbeat row), memory read once all are
/// up, then orders taken from placed to delivered through the gateway (the first one timed: its messages
/// are the first each handler sees), and memory read again. Last,
/// all five are stopped and started again on the same data (schemas there: no migration), timed again.
/// </summary>
public static class ClusterRun
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    /// <summary>How many readings in a row (polled by <see cref="Ftgo.Testing.Eventually"/>) the resident memory must hold still.</summary>
    private const int SteadyReadings = 20;

    public static async Task<IReadOnlyList<Sample>> RunAsync(string environment, int orders)
    {
        await using var cluster = new EmbeddedCluster(environment);
        await cluster.WriteFlagsAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var first = await StartAllAsync(cluster, http);

        await SettledAsync(first.Select(p => p.Process));
        var started = first.ToDictionary(p => p.Process.Name, p => p.Process.Memory());
        var firstOrder = TimeSpan.Zero;
        using (var journey = new OrderJourney(cluster.Url(Deployable.Gateway)))
        {
            await journey.PrepareAsync();
            for (var i = 0; i < orders; i++)
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                await journey.DeliverOrderAsync();
                firstOrder = i == 0 ? clock.Elapsed : firstOrder;
            }
        }
        await SettledAsync(first.Select(p => p.Process));
        var loaded = first.ToDictionary(p => p.Process.Name, p => p.Process.Memory());

        foreach (var (process, _) in Enumerable.Reverse(first))
        {
            await process.StopAsync(TimeSpan.FromSeconds(10));
        }
        var again = (await StartAllAsync(cluster, http)).ToDictionary(p => p.Process.Name, p => p.Ready);
        SqliteConnection.ClearAllPools();

        return [.. first.Select(p => new Sample(p.Process.Name, environment, p.Ready.TotalSeconds,
            started[p.Process.Name].Rss, loaded[p.Process.Name].Rss, loaded[p.Process.Name].Peak, again[p.Process.Name].TotalSeconds,
            firstOrder.TotalSeconds))];
    }

    /// <summary>Starts the five one after another, each once the one before is ready, as the demo does.</summary>
    private static async Task<List<(ChildProcess Process, TimeSpan Ready)>> StartAllAsync(EmbeddedCluster cluster, HttpClient http)
    {
        var started = new List<(ChildProcess, TimeSpan)>();
        foreach (var deployable in new[] { Deployable.Legacy, Deployable.Kitchen, Deployable.Delivery, Deployable.Gateway })
        {
            var process = cluster.Start(deployable);
            started.Add((process, await process.WaitHealthyAsync(http, new Uri(cluster.Url(deployable), "/healthz"), StartTimeout)));
        }
        var cdc = cluster.StartCdc();
        started.Add((cdc, await cdc.WaitReadyAsync(() => HeartbeatWrittenAsync(cluster.DatabaseFile, cdc.Id), StartTimeout)));
        return started;
    }

    /// <summary>`ftgo cdc run` writes its heartbeat row (kitchen_cdc_status on SQLite, with its pid) as soon as its pump runs.</summary>
    private static async Task<bool> HeartbeatWrittenAsync(string database, int pid)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM kitchen_cdc_status WHERE pid = $pid AND stopped = 0";
        command.Parameters.AddWithValue("$pid", pid);
        try
        {
            return Convert.ToInt64(await command.ExecuteScalarAsync()) > 0;
        }
        catch (SqliteException)
        {
            return false; // the table is created by the first beat
        }
    }

    /// <summary>
    /// Waits until what a start or the last order set going (a flush, a poll) has settled: the processes'
    /// total resident memory within 1 MiB over <see cref="SteadyReadings"/> readings in a row.
    /// </summary>
    private static Task SettledAsync(IEnumerable<ChildProcess> processes)
    {
        var all = processes.ToList();
        long last = -1;
        var steady = 0;
        return Ftgo.Testing.Eventually.UntilAsync(() =>
        {
            var rss = all.Sum(p => p.Memory().Rss);
            steady = Math.Abs(rss - last) <= 1 << 20 ? steady + 1 : 0;
            last = rss;
            return Task.FromResult(steady >= SteadyReadings);
        }, "the deployables' memory to settle", TimeSpan.FromSeconds(30));
    }
}
