using Ftgo.Testing.Processes;
using Microsoft.Data.Sqlite;

namespace Ftgo.Startup.Benchmarks;

/// <summary>What one deployable measured in one run.</summary>
public sealed record Sample(string Deployable, string Environment, double ReadySeconds, long RssStarted, long RssLoaded, long PeakLoaded);

/// <summary>
/// One run: the five deployables started one after another on a fresh embedded data folder (each
/// timed from its process start to healthy, CDC to its first heartbeat row), memory read once all are
/// up, then orders taken from placed to delivered through the gateway, and memory read again.
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
        var ready = new Dictionary<string, TimeSpan>();
        foreach (var deployable in new[] { Deployable.Legacy, Deployable.Kitchen, Deployable.Delivery, Deployable.Gateway })
        {
            var process = cluster.Start(deployable);
            ready[deployable.Name] = await process.WaitHealthyAsync(http, new Uri(cluster.Url(deployable), "/healthz"), StartTimeout);
        }
        var cdc = cluster.StartCdc();
        ready["cdc"] = await cdc.WaitReadyAsync(() => HeartbeatWrittenAsync(cluster.DatabaseFile), StartTimeout);

        await Task.Delay(Settle);
        var started = cluster.Started.ToDictionary(p => p.Name, p => p.Memory());

        using (var journey = new OrderJourney(cluster.Url(Deployable.Gateway)))
        {
            await journey.PrepareAsync();
            for (var i = 0; i < orders; i++)
            {
                await journey.DeliverOrderAsync();
            }
        }
        await Task.Delay(Settle);
        var loaded = cluster.Started.ToDictionary(p => p.Name, p => p.Memory());
        SqliteConnection.ClearAllPools();

        return [.. cluster.Started.Select(p => new Sample(p.Name, environment, ready[p.Name].TotalSeconds,
            started[p.Name].Rss, loaded[p.Name].Rss, loaded[p.Name].Peak))];
    }

    /// <summary>`ftgo cdc run` writes its first heartbeat row (kitchen_cdc_status on SQLite) as soon as its pump runs.</summary>
    private static async Task<bool> HeartbeatWrittenAsync(string database)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM kitchen_cdc_status";
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
