using Ftgo.Gateway.Resilience;
using Ftgo.Stages.Control;
using Npgsql;

namespace Ftgo.Gateway.Decommission;

/// <summary>One replica's legacy answers to one route since a time, as the control store holds them.</summary>
internal sealed record ReplicaLegacyCount(string Replica, string Route, long Answers, DateTimeOffset LastAt);

/// <summary>
/// The fleet's legacy answers, in the control store (<c>control.legacy_answers</c>): each replica writes its per-second
/// counts there once a second (a second's row is rewritten with its whole count, so a write sent twice counts once), and
/// any replica reads the others' rows beside its own counts. Rows older than <see cref="LegacyAnswers.Retention"/> go.
/// </summary>
internal sealed class FleetLegacyAnswers(ControlStore store, FleetWindows fleet, LegacyAnswers answers, TimeProvider clock,
    ILogger<FleetLegacyAnswers> log) : BackgroundService
{
    private static readonly TimeSpan Beat = TimeSpan.FromSeconds(1);

    public string Replica => fleet.Replica;

    /// <summary>Every other replica's answers to <paramref name="group"/>'s routes after <paramref name="since"/>, per replica and route.</summary>
    public async Task<IReadOnlyList<ReplicaLegacyCount>> OthersSinceAsync(string group, DateTimeOffset since, CancellationToken ct)
    {
        await using var connection = store.Connect();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"""
            SELECT replica, route, sum(answers)::bigint, max(last_at) FROM {ControlStore.Schema}.legacy_answers
            WHERE group_name = @g AND last_at > @since AND replica <> @self GROUP BY replica, route
            """, connection);
        command.Parameters.AddWithValue("g", group);
        command.Parameters.AddWithValue("since", since);
        command.Parameters.AddWithValue("self", Replica);
        var counts = new List<ReplicaLegacyCount>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            counts.Add(new ReplicaLegacyCount(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetFieldValue<DateTimeOffset>(3)));
        }
        return counts;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Beat, clock);
        var from = DateTimeOffset.MinValue;
        try
        {
            do
            {
                var now = clock.GetUtcNow();
                try
                {
                    await WriteAsync(from, now, stoppingToken);
                    from = now - Beat; // the second still open at this write is written again at the next
                }
                catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException && !stoppingToken.IsCancellationRequested)
                {
                    log.LogWarning("Replica {Replica} could not write its legacy answers to the control store ({Message}); they are written at the next beat",
                        Replica, e.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task WriteAsync(DateTimeOffset from, DateTimeOffset now, CancellationToken ct)
    {
        var seconds = answers.SecondsFrom(from);
        await using var connection = store.Connect();
        await connection.OpenAsync(ct);
        await using var batch = new NpgsqlBatch(connection);
        foreach (var (group, route, second, count, lastAt) in seconds)
        {
            var upsert = new NpgsqlBatchCommand($"""
                INSERT INTO {ControlStore.Schema}.legacy_answers (replica, group_name, route, second, answers, last_at) VALUES (@r, @g, @route, @s, @n, @last)
                ON CONFLICT (replica, group_name, route, second) DO UPDATE SET answers = excluded.answers, last_at = excluded.last_at
                """);
            upsert.Parameters.AddWithValue("r", Replica);
            upsert.Parameters.AddWithValue("g", group);
            upsert.Parameters.AddWithValue("route", route);
            upsert.Parameters.AddWithValue("s", second);
            upsert.Parameters.AddWithValue("n", count);
            upsert.Parameters.AddWithValue("last", lastAt);
            batch.BatchCommands.Add(upsert);
        }
        var trim = new NpgsqlBatchCommand($"DELETE FROM {ControlStore.Schema}.legacy_answers WHERE second < @oldest");
        trim.Parameters.AddWithValue("oldest", now - LegacyAnswers.Retention);
        batch.BatchCommands.Add(trim);
        await batch.ExecuteNonQueryAsync(ct);
    }
}
