using System.Data.Common;
using Ftgo.Migration.Applying;
using Ftgo.Migration.Cdc;

namespace Ftgo.Migration.Hosting;

/// <summary>
/// What a running <c>ftgo cdc run</c> tells other processes (<c>ftgo status</c>, the runbook gates):
/// once a second it writes one row per target database into <c>cdc_status</c> (schema of the side
/// on PostgreSQL, <c>kitchen_cdc_status</c> on SQLite) — the time of the beat, records applied,
/// dead letters and the lag of the last applied change. A reader that finds the row older than a
/// few beats knows the pump is not running; an absent row means it never ran against this target.
/// The row lives in the target because that is the database every reader of a group already has.
/// </summary>
public static class CdcHeartbeat
{
    /// <summary>How often the row is written.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>The key of the row: one CDC runner per target database.</summary>
    public const string Runner = "cdc";

    /// <summary>
    /// Writes the heartbeat until <paramref name="ct"/> is cancelled. A failed write (a locked SQLite
    /// file, a database restart) is skipped: the next beat tries again, and readers see a stale row meanwhile.
    /// </summary>
    public static async Task RunAsync(CdcSettings settings, CdcStatistics statistics, CancellationToken ct, TimeSpan? interval = null)
    {
        try
        {
            await BeatAsync(settings, statistics, interval ?? Interval, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        // A clean stop says so at once, instead of waiting for readers to find the row stale.
        foreach (var target in settings.Targets)
        {
            try
            {
                await MarkStoppedAsync(target, CancellationToken.None);
            }
            catch (Exception e) when (e is DbException or InvalidOperationException)
            {
            }
        }
    }

    private static async Task BeatAsync(CdcSettings settings, CdcStatistics statistics, TimeSpan every, CancellationToken ct)
    {
        var started = DateTimeOffset.UtcNow;
        foreach (var target in settings.Targets)
        {
            await EnsureCreatedAsync(target, ct);
        }
        using var timer = new PeriodicTimer(every);
        long lastRecords = -1;
        var lastProgress = DateTimeOffset.UtcNow;
        do
        {
            var now = DateTimeOffset.UtcNow;
            var records = statistics.Records;
            if (records != lastRecords)
            {
                lastRecords = records;
                lastProgress = now;
            }
            // While changes keep arriving the lag is that of the last one applied; a pump that has seen
            // nothing new for two beats is caught up as far as its source tells it (a stuck source with
            // changes waiting shows in CdcStatusProbe's source backlog).
            var lag = now - lastProgress > 2 * every ? TimeSpan.Zero : statistics.LastLag ?? TimeSpan.Zero;
            foreach (var target in settings.Targets)
            {
                try
                {
                    await WriteAsync(target, started, now, records, statistics.Malformed, lag, ct);
                }
                catch (Exception e) when (e is DbException or InvalidOperationException)
                {
                    // Skipped beat; see the summary.
                }
            }
        }
        while (await timer.WaitForNextTickAsync(ct));
    }

    internal static string Table(TargetOptions target) => new Sql(target.Engine, target.Schema, prefixOnSqlite: true).Table("cdc_status");

    internal static async Task EnsureCreatedAsync(TargetOptions target, CancellationToken ct)
    {
        await using var connection = Sql.Connect(target.Engine, target.ConnectionString);
        await connection.OpenAsync(ct);
        var (big, text) = target.Engine == Ftgo.Hosting.Storage.StorageKind.Postgres ? ("bigint", "text") : ("INTEGER", "TEXT");
        var schema = target.Engine == Ftgo.Hosting.Storage.StorageKind.Postgres
            ? $"CREATE SCHEMA IF NOT EXISTS {Sql.Quote(target.Schema)};"
            : "";
        await Sql.ExecuteAsync(connection, null, $"""
            {schema}
            CREATE TABLE IF NOT EXISTS {Table(target)} (
              runner {text} PRIMARY KEY, started_at_ms {big} NOT NULL, heartbeat_at_ms {big} NOT NULL, stopped {big} NOT NULL,
              records {big} NOT NULL, dead_letters {big} NOT NULL, lag_ms {big} NOT NULL, host {text} NOT NULL, pid {big} NOT NULL);
            """, ct);
    }

    private static async Task WriteAsync(TargetOptions target, DateTimeOffset started, DateTimeOffset now, long records, long deadLetters,
        TimeSpan lag, CancellationToken ct)
    {
        await using var connection = Sql.Connect(target.Engine, target.ConnectionString);
        await connection.OpenAsync(ct);
        await Sql.ExecuteAsync(connection, null, $"""
            INSERT INTO {Table(target)} (runner, started_at_ms, heartbeat_at_ms, stopped, records, dead_letters, lag_ms, host, pid)
            VALUES (@runner, @started, @now, 0, @records, @dead, @lag, @host, @pid)
            ON CONFLICT (runner) DO UPDATE SET started_at_ms = excluded.started_at_ms, heartbeat_at_ms = excluded.heartbeat_at_ms,
              stopped = 0, records = excluded.records, dead_letters = excluded.dead_letters, lag_ms = excluded.lag_ms,
              host = excluded.host, pid = excluded.pid
            """, ct,
            ("@runner", Runner), ("@started", started.ToUnixTimeMilliseconds()), ("@now", now.ToUnixTimeMilliseconds()),
            ("@records", records), ("@dead", deadLetters), ("@lag", (long)lag.TotalMilliseconds),
            ("@host", Environment.MachineName), ("@pid", (long)Environment.ProcessId));
    }

    private static async Task MarkStoppedAsync(TargetOptions target, CancellationToken ct)
    {
        await using var connection = Sql.Connect(target.Engine, target.ConnectionString);
        await connection.OpenAsync(ct);
        await Sql.ExecuteAsync(connection, null, $"UPDATE {Table(target)} SET stopped = 1 WHERE runner = @runner", ct, ("@runner", Runner));
    }
}
