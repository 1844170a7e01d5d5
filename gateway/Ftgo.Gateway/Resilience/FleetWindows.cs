using Ftgo.Gateway.Routing;
using Ftgo.Stages;
using Ftgo.Stages.Control;
using Npgsql;

namespace Ftgo.Gateway.Resilience;

/// <summary>One replica's last beat for a group: its windows as they stood, and when.</summary>
public sealed record ReplicaBeat(string Replica, string Group, string Kind, string Stage, DateTimeOffset At, long Requests, long Failures);

/// <summary>The fleet's windows of a group: the sum of the live replicas' beats, and how many replicas made it.</summary>
internal sealed record FleetWindow(WindowCounts NewSide, WindowCounts Comparisons, int Replicas);

/// <summary>
/// The gateway replicas' windows, shared through the control store. Each replica beats once a second: per
/// group past <c>dualwrite</c>, its new-side and comparison windows (counts and latency histogram) with
/// the stage and the flags change they were filled under. The fleet's window is the sum of the beats
/// younger than <see cref="Staleness"/> filled under the flags in force: a replica that stops beating
/// leaves the sum within three beats, and a replica still on older flags is not counted until it follows.
/// The auto-rollback decides on that sum, on one replica at a time (<see cref="LeadAsync"/>).
/// </summary>
internal sealed class FleetWindows(ControlStore store, RoutingTableSource tables, NewSideWindows windows, ComparisonWindows comparisons,
    TimeProvider clock, ILogger<FleetWindows> log) : BackgroundService
{
    public const string NewSideKind = "new";
    public const string ComparisonKind = "comparison";

    /// <summary>A beat older than this is a replica gone: three beats.</summary>
    public static readonly TimeSpan Staleness = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan Beat = TimeSpan.FromSeconds(1);

    /// <summary>This replica in the beats: host, process and a per-start suffix.</summary>
    public string Replica { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";

    private NpgsqlConnection? _leader;
    private readonly SemaphoreSlim _leading = new(1, 1);

    /// <summary>Whether this replica held the auto-rollback's lock at its last check.</summary>
    public bool Leading => _leader is not null;

    /// <summary>Whether this replica holds the auto-rollback's advisory lock, taking it when free.</summary>
    public async Task<bool> LeadAsync(CancellationToken ct)
    {
        await _leading.WaitAsync(ct);
        try
        {
            if (_leader is { State: System.Data.ConnectionState.Open })
            {
                // Still ours while the session lives: a cheap round trip says whether it does.
                await using var alive = new NpgsqlCommand("SELECT 1", _leader);
                await alive.ExecuteScalarAsync(ct);
                return true;
            }
            await DropLeaderAsync();
            var connection = store.ConnectUnpooled();
            await connection.OpenAsync(ct);
            await using var take = new NpgsqlCommand("SELECT pg_try_advisory_lock(hashtext('ftgo.control.auto-rollback'))", connection);
            if (await take.ExecuteScalarAsync(ct) is true)
            {
                _leader = connection;
                log.LogInformation("Replica {Replica} now decides the auto-rollback for the fleet", Replica);
                return true;
            }
            await connection.DisposeAsync();
            return false;
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            // The store unreachable: no replica can prove it alone decides, so none does until it answers.
            await DropLeaderAsync();
            log.LogWarning("The auto-rollback's lock cannot be checked ({Message}); no rollback is decided until the control store answers", e.Message);
            return false;
        }
        finally
        {
            _leading.Release();
        }
    }

    /// <summary>The fleet's windows of a group at its stage in force, from the beats of the live replicas.</summary>
    public async Task<FleetWindow> SumAsync(string group, GroupFlags flags, CancellationToken ct)
    {
        await using var connection = store.Connect();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"""
            SELECT kind, requests, failures, histogram FROM {ControlStore.Schema}.window_beats
            WHERE group_name = @g AND stage = @stage AND stage_changed_at IS NOT DISTINCT FROM @changed AND beat_at > @fresh
            """, connection);
        command.Parameters.AddWithValue("g", group);
        command.Parameters.AddWithValue("stage", flags.Stage.ToWire());
        command.Parameters.AddWithValue("changed", NpgsqlTypes.NpgsqlDbType.TimestampTz, (object?)flags.ChangedAt ?? DBNull.Value);
        command.Parameters.AddWithValue("fresh", clock.GetUtcNow() - Staleness);
        WindowCounts newSide = WindowCounts.Empty, compared = WindowCounts.Empty;
        var replicas = 0;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var counts = new WindowCounts(reader.GetInt64(1), reader.GetInt64(2), reader.GetFieldValue<long[]>(3));
            if (reader.GetString(0) == NewSideKind)
            {
                newSide = newSide.Add(counts);
                replicas++;
            }
            else
            {
                compared = compared.Add(counts);
            }
        }
        return new FleetWindow(newSide, compared, replicas);
    }

    /// <summary>Every replica's last beats (the admin API's fleet view), stale ones included with their age.</summary>
    public async Task<IReadOnlyList<ReplicaBeat>> BeatsAsync(CancellationToken ct)
    {
        await using var connection = store.Connect();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            $"SELECT replica, group_name, kind, stage, beat_at, requests, failures FROM {ControlStore.Schema}.window_beats ORDER BY replica, group_name, kind",
            connection);
        var beats = new List<ReplicaBeat>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            beats.Add(new ReplicaBeat(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetFieldValue<DateTimeOffset>(4), reader.GetInt64(5), reader.GetInt64(6)));
        }
        return beats;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Beat, clock);
        try
        {
            do
            {
                try
                {
                    await BeatAsync(stoppingToken);
                }
                catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException && !stoppingToken.IsCancellationRequested)
                {
                    log.LogWarning("Replica {Replica} could not beat to the control store ({Message}); its windows are not in the fleet's sum meanwhile",
                        Replica, e.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            // Gone at once from the fleet's sum rather than after three beats.
            await using var connection = store.Connect();
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"DELETE FROM {ControlStore.Schema}.window_beats WHERE replica = @r", connection);
            command.Parameters.AddWithValue("r", Replica);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException or OperationCanceledException)
        {
            // Left to go stale.
        }
        await DropLeaderAsync();
    }

    private async Task BeatAsync(CancellationToken ct)
    {
        var groups = tables.Current.Groups.Values.Where(g => g.Rollout.Flags.Stage >= MigrationStage.Shadow).ToList();
        if (groups.Count == 0)
        {
            return;
        }
        var now = clock.GetUtcNow();
        await using var connection = store.Connect();
        await connection.OpenAsync(ct);
        await using var batch = new NpgsqlBatch(connection);
        foreach (var group in groups)
        {
            foreach (var (kind, counts) in new[] { (NewSideKind, windows.Counts(group.Name)), (ComparisonKind, comparisons.Counts(group.Name)) })
            {
                var command = new NpgsqlBatchCommand($"""
                    INSERT INTO {ControlStore.Schema}.window_beats (replica, group_name, kind, stage, stage_changed_at, beat_at, requests, failures, histogram)
                    VALUES (@r, @g, @k, @s, @c, @at, @n, @f, @h)
                    ON CONFLICT (replica, group_name, kind) DO UPDATE SET stage = excluded.stage, stage_changed_at = excluded.stage_changed_at,
                        beat_at = excluded.beat_at, requests = excluded.requests, failures = excluded.failures, histogram = excluded.histogram
                    """);
                command.Parameters.AddWithValue("r", Replica);
                command.Parameters.AddWithValue("g", group.Name);
                command.Parameters.AddWithValue("k", kind);
                command.Parameters.AddWithValue("s", group.Rollout.Flags.Stage.ToWire());
                command.Parameters.AddWithValue("c", NpgsqlTypes.NpgsqlDbType.TimestampTz, (object?)group.Rollout.Flags.ChangedAt ?? DBNull.Value);
                command.Parameters.AddWithValue("at", now);
                command.Parameters.AddWithValue("n", counts.Requests);
                command.Parameters.AddWithValue("f", counts.Failures);
                command.Parameters.AddWithValue("h", counts.Histogram);
                batch.BatchCommands.Add(command);
            }
        }
        await batch.ExecuteNonQueryAsync(ct);
    }

    private async Task DropLeaderAsync()
    {
        if (_leader is not null)
        {
            await _leader.DisposeAsync();
            _leader = null;
        }
    }
}
