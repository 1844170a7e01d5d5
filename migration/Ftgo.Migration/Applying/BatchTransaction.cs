using System.Data.Common;
using Ftgo.Hosting.Sync;
using Ftgo.Migration.Cdc;

namespace Ftgo.Migration.Applying;

/// <summary>
/// One target's transaction of one batch, begun by <see cref="BatchApplier.BeginAsync"/> under the target's
/// apply lock: the records above their stream's checkpoint (<see cref="Fresh"/>), and at
/// <see cref="CommitAsync"/> the checkpoints moved to the batch's last positions, with the rows they cover.
/// </summary>
internal sealed class BatchTransaction(TargetStore store, DbConnection connection, DbTransaction transaction, IReadOnlyList<SourceRecord> fresh,
    bool notify) : IAsyncDisposable
{
    public DbConnection Connection => connection;
    public DbTransaction Transaction => transaction;

    /// <summary>The batch's records above their stream's checkpoint: what the transaction applies.</summary>
    public IReadOnlyList<SourceRecord> Fresh => fresh;

    /// <summary>A projection in this transaction, with the mirror rows the batch holds in memory (see <see cref="ProjectionBatch"/>).</summary>
    public ProjectionBatch Projecting(IReadOnlyDictionary<(string Table, string Pk), MirrorRow> known,
        IReadOnlySet<long>? completeAggs = null, IReadOnlySet<string>? completeTables = null) =>
        new(store.Mirror, connection, transaction, known, completeAggs, completeTables);

    public async Task CommitAsync(CancellationToken ct)
    {
        await store.Checkpoints.WriteAsync(connection, transaction, Positions(Fresh), ct);
        if (notify && store.Sql.IsPostgres && Fresh.Count > 0)
        {
            // Wakes the service's requests waiting for these positions (delivered at the commit).
            await Sql.ExecuteAsync(connection, transaction, "SELECT pg_notify(@c, @s)", ct, ("@c", ChangeStream.NotifyChannel), ("@s", store.Options.Schema));
        }
        await transaction.CommitAsync(ct);
    }

    /// <summary>
    /// Each stream's last position, and for a transport's marks (Kafka) the monolith's position they
    /// stand for under <see cref="SourceRecord.MarkStream"/>: a service reads how far the monolith's
    /// stream is applied from the lowest of these (every partition carries every mark).
    /// </summary>
    private static Dictionary<string, long> Positions(IReadOnlyList<SourceRecord> records)
    {
        var positions = records.GroupBy(r => r.Stream).ToDictionary(g => g.Key, g => g.Max(r => r.Position));
        foreach (var marks in records.Where(r => r.MarkedPosition is not null).GroupBy(r => r.Stream))
        {
            positions[SourceRecord.MarkStream(marks.Key)] = marks.Max(r => r.MarkedPosition!.Value);
        }
        return positions;
    }

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }
}
