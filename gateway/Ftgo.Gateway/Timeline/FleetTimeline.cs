using Ftgo.Gateway.Resilience;
using Ftgo.Stages.Control;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Ftgo.Gateway.Timeline;

/// <summary>
/// The fleet's timeline, in the control store (<c>control.timeline_samples</c>): each replica writes its samples there as it
/// takes them (rows older than the span go at each write), and any replica reads every replica's, added up per interval
/// (by the interval the sample's end falls in, so replicas that sample at different moments of an interval meet).
/// </summary>
internal sealed class FleetTimeline(ControlStore store, FleetWindows fleet, IOptions<TimelineOptions> options, TimeProvider clock)
{
    public async Task WriteAsync(IReadOnlyList<(string Group, TimelineSample Sample)> samples, CancellationToken ct)
    {
        await using var connection = store.Connect();
        await connection.OpenAsync(ct);
        await using var batch = new NpgsqlBatch(connection);
        foreach (var (group, sample) in samples)
        {
            var insert = new NpgsqlBatchCommand($"""
                INSERT INTO {ControlStore.Schema}.timeline_samples (replica, group_name, at, seconds, stage, percent, legacy_requests, legacy_errors,
                    legacy_latencies, new_requests, new_errors, new_latencies, compared, mismatched, fallbacks, cdc_lag_seconds)
                VALUES (@r, @g, @at, @s, @stage, @p, @lr, @le, @ll, @nr, @ne, @nl, @c, @m, @f, @lag) ON CONFLICT DO NOTHING
                """);
            insert.Parameters.AddWithValue("r", fleet.Replica);
            insert.Parameters.AddWithValue("g", group);
            insert.Parameters.AddWithValue("at", sample.At);
            insert.Parameters.AddWithValue("s", sample.Seconds);
            insert.Parameters.AddWithValue("stage", sample.Stage);
            insert.Parameters.AddWithValue("p", sample.Percent);
            insert.Parameters.AddWithValue("lr", sample.Legacy.Requests);
            insert.Parameters.AddWithValue("le", sample.Legacy.ServerErrors);
            insert.Parameters.AddWithValue("ll", sample.Legacy.Latencies);
            insert.Parameters.AddWithValue("nr", sample.New.Requests);
            insert.Parameters.AddWithValue("ne", sample.New.ServerErrors);
            insert.Parameters.AddWithValue("nl", sample.New.Latencies);
            insert.Parameters.AddWithValue("c", sample.Compared);
            insert.Parameters.AddWithValue("m", sample.Mismatched);
            insert.Parameters.AddWithValue("f", sample.Fallbacks);
            insert.Parameters.AddWithValue("lag", NpgsqlTypes.NpgsqlDbType.Double, (object?)sample.CdcLagSeconds ?? DBNull.Value);
            batch.BatchCommands.Add(insert);
        }
        var trim = new NpgsqlBatchCommand($"DELETE FROM {ControlStore.Schema}.timeline_samples WHERE at <= @oldest");
        trim.Parameters.AddWithValue("oldest", clock.GetUtcNow() - options.Value.Span);
        batch.BatchCommands.Add(trim);
        await batch.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Per group (one, or all when null), the fleet's samples after <paramref name="since"/>, one per interval, oldest first.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<TimelineSample>>> ReadAsync(string? group, DateTimeOffset since, CancellationToken ct)
    {
        await using var connection = store.Connect();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"""
            SELECT group_name, at, seconds, stage, percent, legacy_requests, legacy_errors, legacy_latencies, new_requests, new_errors, new_latencies,
                compared, mismatched, fallbacks, replica, cdc_lag_seconds
            FROM {ControlStore.Schema}.timeline_samples WHERE at > @since AND (@g::text IS NULL OR group_name = @g) ORDER BY at
            """, connection);
        command.Parameters.AddWithValue("since", since);
        command.Parameters.AddWithValue("g", NpgsqlTypes.NpgsqlDbType.Text, (object?)group ?? DBNull.Value);
        var rows = new List<(string Group, string Replica, TimelineSample Sample)>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var compared = reader.GetInt64(11);
                var mismatched = reader.GetInt64(12);
                rows.Add((reader.GetString(0), reader.GetString(14), new TimelineSample(reader.GetFieldValue<DateTimeOffset>(1), reader.GetDouble(2), reader.GetString(3),
                    reader.GetDouble(4),
                    SideSample.Of(reader.GetInt64(5), reader.GetInt64(6), reader.GetFieldValue<long[]>(7)),
                    SideSample.Of(reader.GetInt64(8), reader.GetInt64(9), reader.GetFieldValue<long[]>(10)),
                    compared, mismatched, compared == 0 ? null : (double)mismatched / compared, reader.GetInt64(13),
                    CdcLagSeconds: reader.IsDBNull(15) ? null : reader.GetDouble(15))));
            }
        }
        var interval = options.Value.Interval.Ticks;
        return rows.GroupBy(r => r.Group, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (IReadOnlyList<TimelineSample>)g
            .GroupBy(r => r.Sample.At.UtcTicks / interval)
            .OrderBy(b => b.Key)
            .Select(b => TimelineSample.Sum(b.Select(r => r.Sample).ToList()) with { Replicas = b.Select(r => r.Replica).Distinct().Count() })
            .ToList(), StringComparer.Ordinal);
    }
}
