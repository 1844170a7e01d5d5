using Ftgo.Migration.Catalog;
using Ftgo.Migration.Cdc;

namespace Ftgo.Migration.Applying;

/// <summary>
/// The sink that applies change events to the new schemas through the ACL: each batch goes to every
/// target (kitchen, delivery) side by side, each in one transaction of its own database
/// (<see cref="BatchApplier"/>), tickets and deliveries merged forward only (<see cref="Ftgo.Glue.Acl.ForwardOnly"/>).
/// Records of a captured table that no target projects (menu items) are counted as captured, not
/// projected (<see cref="CdcStatistics.NotProjected"/>).
/// </summary>
public sealed class ChangeApplier : IChangeSink
{
    private readonly IReadOnlyList<BatchApplier> _targets;
    private readonly HashSet<string> _projected;
    private readonly CdcStatistics? _statistics;
    private bool _prepared;

    /// <param name="targets">The sides to write (kitchen, delivery).</param>
    /// <param name="statistics">Where to count the records of captured tables that no target projects.</param>
    public ChangeApplier(IEnumerable<TargetOptions> targets, CdcStatistics? statistics = null)
    {
        _targets = targets.Select(target => new BatchApplier(target)).ToList();
        if (_targets.Count == 0)
        {
            throw new ArgumentException("The applier needs at least one target (kitchen or delivery).", nameof(targets));
        }
        _projected = _targets.SelectMany(t => t.Projection.MirroredTables).ToHashSet(StringComparer.Ordinal);
        _statistics = statistics;
    }

    /// <summary>The applier of each target, which the backfill writes its snapshot batches through.</summary>
    internal IReadOnlyList<BatchApplier> Targets => _targets;

    /// <summary>Creates the applier's tables and checks the services' tables have what the ACL writes.</summary>
    public async Task PrepareAsync(CancellationToken ct)
    {
        if (_prepared)
        {
            return;
        }
        foreach (var target in _targets)
        {
            await target.PrepareAsync(ct);
        }
        _prepared = true;
    }

    public async Task WriteAsync(IReadOnlyList<SourceRecord> batch, CancellationToken ct)
    {
        await PrepareAsync(ct);
        using var spans = new ApplySpans(batch, _targets.Count);
        // The targets are independent (own transaction, own checkpoint): apply them side by side.
        await Task.WhenAll(_targets.Select(target => target.ApplyAsync(batch, snapshot: false, ct)));
        if (_statistics is not null)
        {
            // Captured but needed by no target (menu items): said, not skipped silently.
            foreach (var table in batch.Select(NotProjectedTable).OfType<string>().GroupBy(t => t))
            {
                _statistics.RecordNotProjected(table.Key, table.Count());
            }
        }
    }

    /// <summary>The table of a readable record of a captured table that no target of this applier projects, else null.</summary>
    private string? NotProjectedTable(SourceRecord record) =>
        record.Change is { } change && change.Source.Schema == LegacyCatalog.Schema
        && LegacyCatalog.Find(change.Source.Table) is not null && !_projected.Contains(change.Source.Table)
            ? change.Source.Table
            : null;
}
