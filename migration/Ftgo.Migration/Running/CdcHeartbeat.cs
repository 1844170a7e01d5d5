using System.Data.Common;
using Ftgo.Migration.Applying;
using Ftgo.Migration.Cdc;

namespace Ftgo.Migration.Running;

/// <summary>
/// What a running <c>ftgo cdc run</c> tells other processes (<c>ftgo status</c>, the runbook gates):
/// once a second each runner writes its own row per target database into <c>cdc_status</c> (schema of
/// the side on PostgreSQL, <c>kitchen_cdc_status</c> on SQLite), keyed by host and pid, with its role
/// (<c>leader</c>, which streams, <c>standby</c>, or <c>member</c> of a Kafka consumer group, see <see cref="CdcLeadership"/>) — the time of the
/// beat, records applied, dead letters and the lag. A reader that finds the row older than a few beats knows the pump is not
/// running; an absent row means it never ran against this target. The row lives in the target because
/// that is the database every reader of a group already has.
/// <para>
/// The lag cannot lie: each beat probes the monolith's stream where it is now (on PostgreSQL it emits a
/// sync mark, which travels the slot, Kafka when used, and the applier like any change; on SQLite it reads
/// the change table's last id), and a target's lag is the age of the oldest probe its checkpoints have
/// not reached yet — 0 only once everything the monolith had written by then is applied. A stuck applier,
/// slot or transport shows as a lag that grows by a second each second, monolith idle or not. A source
/// it cannot probe (Debezium topics) falls back to the lag of the last applied change.
/// </para>
/// </summary>
public static class CdcHeartbeat
{
    /// <summary>How often the row is written.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>This runner's row: host and process.</summary>
    public static string Runner { get; } = $"{Environment.MachineName}:{Environment.ProcessId}";

    public const string Leader = "leader";
    public const string Standby = "standby";
    public const string Member = "member";

    /// <summary>
    /// Writes the heartbeat until <paramref name="ct"/> is cancelled. A failed write (a locked SQLite
    /// file, a database restart) is skipped: the next beat tries again, and readers see a stale row meanwhile.
    /// </summary>
    /// <param name="role">This runner's role now: a standby beats its role only, and probes nothing.</param>
    public static async Task RunAsync(CdcSettings settings, CdcStatistics statistics, Func<string> role, CancellationToken ct, TimeSpan? interval = null)
    {
        try
        {
            await BeatAsync(settings, statistics, role, interval ?? Interval, ct);
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

    private static async Task BeatAsync(CdcSettings settings, CdcStatistics statistics, Func<string> role, TimeSpan every, CancellationToken ct)
    {
        var started = DateTimeOffset.UtcNow;
        foreach (var target in settings.Targets)
        {
            await EnsureCreatedAsync(target, ct);
        }
        using var timer = new PeriodicTimer(every);
        var probes = new SourceProbes(settings);
        do
        {
            var now = DateTimeOffset.UtcNow;
            var records = statistics.Records;
            var current = role();
            var leads = current != Standby;
            if (leads)
            {
                await probes.ProbeAsync(now, ct);
                await probes.MeasureBacklogAsync(statistics, ct);
            }
            foreach (var target in settings.Targets)
            {
                try
                {
                    var lag = leads ? await probes.LagAsync(target, now, ct) ?? statistics.LastLag ?? TimeSpan.Zero : TimeSpan.Zero;
                    statistics.RecordLag(target.Side, lag);
                    await WriteAsync(target, started, now, records, statistics.Malformed, lag, current, ct);
                }
                catch (Exception e) when (e is DbException or InvalidOperationException)
                {
                    // Skipped beat; see the summary.
                }
            }
        }
        while (await timer.WaitForNextTickAsync(ct));
    }

    internal static string Table(TargetOptions target) => new Sql(target.Engine, target.Schema, prefixOnSqlite: true).Table(Ftgo.Hosting.Sync.ChangeStream.StatusTable);

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
              records {big} NOT NULL, dead_letters {big} NOT NULL, lag_ms {big} NOT NULL, host {text} NOT NULL, pid {big} NOT NULL,
              role {text} NOT NULL DEFAULT 'leader');
            """, ct);
        // A table from before the roles (one runner, row 'cdc'): its row was a leader's.
        if (target.Engine == Ftgo.Hosting.Storage.StorageKind.Postgres)
        {
            await Sql.ExecuteAsync(connection, null, $"ALTER TABLE {Table(target)} ADD COLUMN IF NOT EXISTS role text NOT NULL DEFAULT 'leader'", ct);
        }
        else
        {
            await using var columns = Sql.Command(connection, null, $"SELECT count(*) FROM pragma_table_info('{target.Schema}_cdc_status') WHERE name = 'role'");
            if (Convert.ToInt64(await columns.ExecuteScalarAsync(ct)) == 0)
            {
                await Sql.ExecuteAsync(connection, null, $"ALTER TABLE {Table(target)} ADD COLUMN role TEXT NOT NULL DEFAULT 'leader'", ct);
            }
        }
        // Runners gone for a week are forgotten (each start of a runner adds its row).
        await Sql.ExecuteAsync(connection, null, $"DELETE FROM {Table(target)} WHERE heartbeat_at_ms < @old", ct,
            ("@old", DateTimeOffset.UtcNow.AddDays(-7).ToUnixTimeMilliseconds()));
    }

    private static async Task WriteAsync(TargetOptions target, DateTimeOffset started, DateTimeOffset now, long records, long deadLetters,
        TimeSpan lag, string role, CancellationToken ct)
    {
        await using var connection = Sql.Connect(target.Engine, target.ConnectionString);
        await connection.OpenAsync(ct);
        await Sql.ExecuteAsync(connection, null, $"""
            INSERT INTO {Table(target)} (runner, started_at_ms, heartbeat_at_ms, stopped, records, dead_letters, lag_ms, host, pid, role)
            VALUES (@runner, @started, @now, 0, @records, @dead, @lag, @host, @pid, @role)
            ON CONFLICT (runner) DO UPDATE SET started_at_ms = excluded.started_at_ms, heartbeat_at_ms = excluded.heartbeat_at_ms,
              stopped = 0, records = excluded.records, dead_letters = excluded.dead_letters, lag_ms = excluded.lag_ms,
              host = excluded.host, pid = excluded.pid, role = excluded.role
            """, ct, ("@role", role),
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
