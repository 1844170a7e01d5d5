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

    /// <summary>Pause before a memory reading, so that what a start or the last order set going (a flush, a poll) has settled.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    public static async Task<IReadOnlyList<Sample>> RunAsync(string environment, int orders)
    {
        await using var cluster = new EmbeddedCluster(environment);
        await cluster.WriteFlagsAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var first = await StartAllAsync(cluster, http);

        await Task.Delay(Settle);
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
        await Task.Delay(Settle);
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
}
