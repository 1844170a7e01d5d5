using System.Data.Common;
using Ftgo.Hosting.Storage;
using Ftgo.Migration.Applying;
using Confluent.Kafka;
using Ftgo.Migration.Sources.Sqlite;
using Ftgo.Migration.Transport.Kafka;
using Npgsql;

namespace Ftgo.Migration.Running;

/// <summary>Whether CDC into a target is running, as another process sees it.</summary>
public enum CdcState
{
    /// <summary>No heartbeat was ever written to this target: <c>ftgo cdc run</c> never ran against it.</summary>
    NeverRan,

    /// <summary>The runner stopped cleanly (Ctrl-C, SIGTERM).</summary>
    Stopped,

    /// <summary>The last heartbeat is too old: the runner was killed or cannot reach the target.</summary>
    Stale,

    /// <summary>Heartbeats arrive.</summary>
    Running,
}

/// <summary>
/// CDC as seen from outside the runner: its heartbeat and, where the source tells it, what is still waiting.
/// <see cref="Lag"/> is known only while <see cref="State"/> is <see cref="CdcState.Running"/>: a stopped
/// pump has no lag, it has a backlog that grows.
/// </summary>
public sealed record CdcStatus(
    string Side,
    CdcState State,
    TimeSpan? HeartbeatAge,
    TimeSpan? Lag,
    long Records,
    long DeadLetters,
    long? PendingChanges,
    TimeSpan? OldestPendingAge,
    bool? SlotActive,
    long? RetainedWalBytes,
    TimeSpan? OldestUnacknowledged = null,
    IReadOnlyList<PartitionLag>? KafkaLag = null,
    IReadOnlyList<CdcRunnerBeat>? Runners = null)
{
    public bool IsRunning => State == CdcState.Running;

    /// <summary>The applier's consumer lag summed over the change topics' partitions (Kafka transport only).</summary>
    public long? KafkaLagTotal => KafkaLag?.Sum(p => p.Lag);

    /// <summary>One line for a person: "running, lag 12 ms" or "not running (last heartbeat 3 min ago)".</summary>
    public string Describe() => State switch
    {
        CdcState.Running => $"running, lag {Lag!.Value.TotalMilliseconds:N0} ms",
        CdcState.NeverRan => "not running (never started against this database)",
        CdcState.Stopped => $"not running (stopped {Ago(HeartbeatAge)})",
        _ => $"not running (last heartbeat {Ago(HeartbeatAge)})",
    } + (PendingChanges is > 0 ? $", {PendingChanges} changes waiting" : "")
      + (RetainedWalBytes is { } wal ? $", slot retains {Bytes(wal)} of WAL" : "")
      + (OldestUnacknowledged is { } unacked ? $", oldest unacknowledged change {unacked.TotalMilliseconds:N0} ms old" : "")
      + (KafkaLag is { } partitions ? $", Kafka consumer lag {KafkaLagTotal:N0} over {partitions.Count} partitions" : "")
      + RunnersText();

    /// <summary>
    /// ", led by host:411; standby host:412" when more than one runner beats (or any stands by), and "; consumers
    /// host:413, host:414" for the members of a Kafka consumer group (which need no leader: Debezium publishes).
    /// </summary>
    private string RunnersText()
    {
        var live = (Runners ?? []).Where(r => r.Live).ToList();
        var leader = live.FirstOrDefault(r => r.Role == CdcHeartbeat.Leader);
        var standbys = live.Where(r => r.Role == CdcHeartbeat.Standby).Select(r => r.Runner).ToList();
        var members = live.Where(r => r.Role == CdcHeartbeat.Member).Select(r => r.Runner).ToList();
        if (standbys.Count == 0 && members.Count == 0)
        {
            return "";
        }
        var parts = new List<string>();
        if (leader is not null || standbys.Count > 0)
        {
            parts.Add(leader is null ? "no leader beating" : $"led by {leader.Runner}");
        }
        if (standbys.Count > 0)
        {
            parts.Add($"standby {string.Join(", ", standbys)}");
        }
        if (members.Count > 0)
        {
            parts.Add($"consumers {string.Join(", ", members)}");
        }
        return ", " + string.Join("; ", parts);
    }

    private static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:N1} KiB",
        _ => $"{bytes / (1024.0 * 1024):N1} MiB",
    };

    private static string Ago(TimeSpan? age) => age switch
    {
        null => "never",
        { TotalSeconds: < 90 } a => $"{a.TotalSeconds:N0} s ago",
        { TotalMinutes: < 90 } a => $"{a.TotalMinutes:N0} min ago",
        var a => $"{a.Value.TotalHours:N0} h ago",
    };
}

/// <summary>One runner's row: who, its role, how old its last beat is, and whether it still beats (fresh and not stopped).</summary>
public sealed record CdcRunnerBeat(string Runner, string Role, TimeSpan Age, bool Live);

/// <summary>
/// Reads the heartbeat <see cref="CdcHeartbeat"/> writes, and the source's backlog: on SQLite the
/// change rows not yet applied and the age of the oldest (the effective lag is the larger of that
/// and the runner's reported lag); on PostgreSQL the slot's <c>active</c> flag and the WAL it retains
/// (<c>pg_current_wal_lsn() - confirmed_flush_lsn</c>, in bytes: WAL is cluster-wide, so other
/// databases' writes count too, which is why it is not turned into a time) and, when CDC applies in
/// process, the age of the oldest change the slot has not been told is applied: the runner acknowledges
/// a position once every target has applied it, so that is the largest of the targets' lags. Through
/// Kafka, the applier's consumer lag per partition.
/// </summary>
public static class CdcStatusProbe
{
    /// <summary>A heartbeat older than this means the runner is not running.</summary>
    public static readonly TimeSpan DefaultStaleAfter = Ftgo.Hosting.Sync.CdcReport.StaleAfter;

    /// <summary>The status of CDC into <paramref name="side"/> (<c>kitchen</c> or <c>delivery</c>).</summary>
    public static async Task<CdcStatus> ReadAsync(CdcSettings settings, string side, CancellationToken ct, TimeSpan? staleAfter = null)
    {
        var target = settings.TargetsOf(side).Single();
        var now = DateTimeOffset.UtcNow;
        var (state, age, lag, records, dead, runners) = await HeartbeatAsync(target, now, staleAfter ?? DefaultStaleAfter, ct);
        long? pending = null;
        TimeSpan? oldest = null;
        bool? active = null;
        long? retained = null;
        if (settings.Source == CdcSettings.SqliteTriggers)
        {
            (pending, oldest) = await SqliteBacklogAsync(settings.LegacyConnectionString, now, ct);
        }
        else if (settings.Source == CdcSettings.PgOutput)
        {
            (active, retained) = await SlotAsync(settings, ct);
        }
        if (lag is { } l && oldest is { } o && o > l)
        {
            lag = o;
        }
        TimeSpan? unacknowledged = null;
        if (settings.Source == CdcSettings.PgOutput && settings.Transport != CdcSettings.Kafka && state == CdcState.Running)
        {
            foreach (var other in settings.Targets)
            {
                var (otherState, otherLag) = other == target ? (state, lag) : await StateAndLagAsync(other);
                if (otherState == CdcState.Running && otherLag is { } t && (unacknowledged is null || t > unacknowledged))
                {
                    unacknowledged = t;
                }
            }
        }
        IReadOnlyList<PartitionLag>? kafka = null;
        if (settings.Transport == CdcSettings.Kafka || settings.Source == CdcSettings.KafkaDebezium)
        {
            try
            {
                kafka = await KafkaConsumerLag.ReadAsync(settings.KafkaOptions, ct);
            }
            catch (KafkaException)
            {
                // The broker is unreachable: the status says what it can without it.
            }
        }
        return new CdcStatus(side, state, age, state == CdcState.Running ? lag : null, records, dead, pending, oldest, active, retained,
            unacknowledged, kafka, runners);

        async Task<(CdcState, TimeSpan?)> StateAndLagAsync(TargetOptions other)
        {
            var beat = await HeartbeatAsync(other, now, staleAfter ?? DefaultStaleAfter, ct);
            return (beat.State, beat.Lag);
        }
    }

    /// <summary>
    /// The state of CDC into a target, from its runners' rows: the leader's (the freshest row of a leader: a leader
    /// killed leaves its row, and the standby that took over writes a fresher one), and every runner for the status.
    /// Members of a Kafka consumer group all stream, each its share of the partitions: the freshest member's row
    /// says whether CDC runs, and the lag and counts are the live members' largest lag and their sums.
    /// </summary>
    private static async Task<(CdcState State, TimeSpan? Age, TimeSpan? Lag, long Records, long DeadLetters, IReadOnlyList<CdcRunnerBeat> Runners)>
        HeartbeatAsync(TargetOptions target, DateTimeOffset now, TimeSpan staleAfter, CancellationToken ct)
    {
        await using var connection = Sql.Connect(target.Engine, target.ConnectionString);
        await connection.OpenAsync(ct);
        if (!await TableExistsAsync(connection, target, ct))
        {
            return (CdcState.NeverRan, null, null, 0, 0, []);
        }
        // A table from before the roles (one runner) has no role column: its row was a leader's.
        var role = await HasRoleAsync(connection, target, ct) ? "role" : "'leader'";
        await using var command = Sql.Command(connection, null,
            $"SELECT heartbeat_at_ms, stopped, records, dead_letters, lag_ms, runner, {role} FROM {CdcHeartbeat.Table(target)} " +
            $"ORDER BY CASE WHEN {role} IN ('leader', 'member') THEN 0 ELSE 1 END, heartbeat_at_ms DESC");
        await using var reader = await command.ExecuteReaderAsync(ct);
        var runners = new List<CdcRunnerBeat>();
        (CdcState, TimeSpan?, TimeSpan?, long, long)? leader = null;
        while (await reader.ReadAsync(ct))
        {
            var age = now - DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0));
            age = age < TimeSpan.Zero ? TimeSpan.Zero : age;
            var state = reader.GetInt64(1) != 0 ? CdcState.Stopped : age > staleAfter ? CdcState.Stale : CdcState.Running;
            var (runner, runnerRole, lag) = (reader.GetString(5), reader.GetString(6), TimeSpan.FromMilliseconds(reader.GetInt64(4)));
            runners.Add(new CdcRunnerBeat(runner, runnerRole, age, state == CdcState.Running));
            if (leader is null)
            {
                leader = (state, age, lag, reader.GetInt64(2), reader.GetInt64(3));
            }
            else if (runnerRole == CdcHeartbeat.Member && state == CdcState.Running && leader.Value.Item1 == CdcState.Running)
            {
                var (s, a, l, records, dead) = leader.Value;
                leader = (s, a, lag > l ? lag : l, records + reader.GetInt64(2), dead + reader.GetInt64(3));
            }
        }
        if (leader is not { } found)
        {
            return (CdcState.NeverRan, null, null, 0, 0, runners);
        }
        return (found.Item1, found.Item2, found.Item3, found.Item4, found.Item5, runners);
    }

    private static async Task<bool> HasRoleAsync(DbConnection connection, TargetOptions target, CancellationToken ct)
    {
        await using var command = Sql.Command(connection, null, target.Engine == StorageKind.Postgres
            ? "SELECT count(*) FROM information_schema.columns WHERE table_schema = @schema AND table_name = 'cdc_status' AND column_name = 'role'"
            : $"SELECT count(*) FROM pragma_table_info('{target.Schema}_cdc_status') WHERE name = 'role'");
        if (target.Engine == StorageKind.Postgres)
        {
            Sql.Add(command, "@schema", target.Schema);
        }
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct)) > 0;
    }

    private static async Task<bool> TableExistsAsync(DbConnection connection, TargetOptions target, CancellationToken ct)
    {
        var postgres = target.Engine == StorageKind.Postgres;
        await using var command = Sql.Command(connection, null, postgres
            ? "SELECT count(*) FROM information_schema.tables WHERE table_schema = @schema AND table_name = 'cdc_status'"
            : "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = @name");
        Sql.Add(command, postgres ? "@schema" : "@name", postgres ? target.Schema : $"{target.Schema}_cdc_status");
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct)) > 0;
    }

    private static async Task<(long?, TimeSpan?)> SqliteBacklogAsync(string legacy, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = Sql.Connect(StorageKind.Sqlite, legacy);
        await connection.OpenAsync(ct);
        await using var exists = Sql.Command(connection, null, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = @name");
        Sql.Add(exists, "@name", SqliteCdcSetup.ChangeTable);
        if (Convert.ToInt64(await exists.ExecuteScalarAsync(ct)) == 0)
        {
            return (null, null);
        }
        await using var command = Sql.Command(connection, null, $"SELECT count(*), min(ts_ms) FROM {SqliteCdcSetup.ChangeTable}");
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var count = reader.GetInt64(0);
        TimeSpan? oldest = count == 0 || reader.IsDBNull(1) ? null : now - DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1));
        return (count, oldest is { } o && o < TimeSpan.Zero ? TimeSpan.Zero : oldest);
    }

    /// <summary>The WAL the slot holds back on the server (from its restart point), null when the slot does not exist.</summary>
    internal static async Task<long?> RetainedWalAsync(CdcSettings settings, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(settings.LegacyConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint FROM pg_replication_slots WHERE slot_name = @slot", connection);
        command.Parameters.AddWithValue("slot", settings.Slot);
        return await command.ExecuteScalarAsync(ct) is long bytes ? bytes : null;
    }

    private static async Task<(bool?, long?)> SlotAsync(CdcSettings settings, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(settings.LegacyConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            "SELECT active, pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::bigint FROM pg_replication_slots WHERE slot_name = @slot",
            connection);
        command.Parameters.AddWithValue("slot", settings.Slot);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? (reader.GetBoolean(0), reader.IsDBNull(1) ? null : reader.GetInt64(1))
            : (null, null);
    }
}
