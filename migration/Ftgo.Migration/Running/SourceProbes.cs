using System.Data.Common;
using Ftgo.Hosting.Storage;
using Ftgo.Hosting.Sync;
using Ftgo.Migration.Applying;
using Ftgo.Migration.Cdc;
using Ftgo.Migration.Transport.Kafka;

namespace Ftgo.Migration.Running;

/// <summary>
/// The heartbeat's probes of the monolith's stream (see <see cref="CdcHeartbeat"/>): where the stream was
/// at each beat, until every target has applied that far. A target's lag is the age of its oldest probe
/// not applied yet. Probes are kept for at most an hour of beats; an older backlog reads as an hour.
/// </summary>
internal sealed class SourceProbes(CdcSettings settings)
{
    private const int MaxProbes = 3600;
    private readonly List<(long Position, DateTimeOffset At)> _probes = [];
    private bool _unavailable = settings.Source == CdcSettings.KafkaDebezium;

    /// <summary>Reads (on PostgreSQL, emits) the stream's position now; a failed read is skipped.</summary>
    public async Task ProbeAsync(DateTimeOffset now, CancellationToken ct)
    {
        if (_unavailable)
        {
            return;
        }
        try
        {
            var engine = settings.Source == CdcSettings.PgOutput ? StorageKind.Postgres : StorageKind.Sqlite;
            await using var connection = Sql.Connect(engine, settings.LegacyConnectionString);
            await connection.OpenAsync(ct);
            await using var command = Sql.Command(connection, null, ChangeStream.PositionQuery(engine == StorageKind.Postgres));
            if (await command.ExecuteScalarAsync(ct) is { } value and not DBNull)
            {
                _probes.Add((Convert.ToInt64(value), now));
                if (_probes.Count > MaxProbes)
                {
                    _probes.RemoveAt(0);
                }
            }
        }
        catch (DbException)
        {
            // The source is unreachable this beat: the probes already taken keep ageing.
        }
    }

    /// <summary>The target's lag: the age of the oldest probe it has not applied (0 when all are); null when nothing can be probed.</summary>
    public async Task<TimeSpan?> LagAsync(TargetOptions target, DateTimeOffset now, CancellationToken ct)
    {
        if (_unavailable || _probes.Count == 0)
        {
            return _unavailable ? null : TimeSpan.Zero;
        }
        var checkpoints = await new TargetStore(target).ReadAllCheckpointsAsync(ct);
        var applied = ChangeStream.Applied(checkpoints);
        if (applied is null && ChangeStream.Unmarked(checkpoints))
        {
            _unavailable = true; // a transport without marks: the heartbeat cannot follow the stream through it
            return null;
        }
        var oldest = _probes.FirstOrDefault(p => p.Position > (applied ?? 0));
        _applied[target.Side] = applied ?? 0;
        if (_applied.Count == settings.Targets.Count)
        {
            // Every target has applied these: they tell nothing more.
            var everywhere = _applied.Values.Min();
            _probes.RemoveAll(p => p.Position <= everywhere);
        }
        return oldest == default ? TimeSpan.Zero : now - oldest.At;
    }

    private readonly Dictionary<string, long> _applied = new(StringComparer.Ordinal);
    private DateTimeOffset _backlogMeasured;

    /// <summary>
    /// For the runner's metrics, at most every <see cref="BacklogEvery"/>: the WAL the slot holds back (pgoutput) and
    /// the applier group's consumer lag (Kafka). A failed read keeps the last value.
    /// </summary>
    public async Task MeasureBacklogAsync(CdcStatistics statistics, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        if (now - _backlogMeasured < BacklogEvery)
        {
            return;
        }
        _backlogMeasured = now;
        try
        {
            if (settings.Source == CdcSettings.PgOutput && await CdcStatusProbe.RetainedWalAsync(settings, ct) is { } bytes)
            {
                statistics.RecordRetainedWal(bytes);
            }
            if (settings.Source == CdcSettings.KafkaDebezium || settings.Transport == CdcSettings.Kafka)
            {
                statistics.RecordKafkaLag((await KafkaConsumerLag.ReadAsync(settings.KafkaOptions, ct)).Sum(p => p.Lag));
            }
        }
        catch (Exception e) when (e is DbException or Confluent.Kafka.KafkaException or InvalidOperationException)
        {
            // Unreachable this time: the metric keeps its last value.
        }
    }

    private static readonly TimeSpan BacklogEvery = TimeSpan.FromSeconds(5);
}
