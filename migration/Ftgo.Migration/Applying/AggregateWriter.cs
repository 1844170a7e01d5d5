using System.Data.Common;

namespace Ftgo.Migration.Applying;

/// <summary>One aggregate as the ACL projects it: the parent row (null: it must not exist) and its children.</summary>
internal sealed record ProjectedAggregate(long Id, object?[]? Parent, IReadOnlyList<object?[]> Children);

/// <summary>
/// Writes projected aggregates into a side's tables: the parent is upserted (only when a value
/// differs) or deleted; the children are compared as a set and re-written only when they differ.
/// The same canonical form gives <see cref="ChecksumAsync"/> for verify.
/// </summary>
internal sealed class AggregateWriter(TargetTable parent, TargetTable? child = null, string? childParentColumn = null)
{
    public TargetTable Parent => parent;
    public TargetTable? Child => child;

    public async Task PrepareAsync(DbConnection connection, CancellationToken ct)
    {
        await parent.PrepareAsync(connection, ct);
        if (child is not null)
        {
            await child.PrepareAsync(connection, ct);
        }
    }

    public async Task WriteAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<ProjectedAggregate> aggregates, CancellationToken ct)
    {
        var gone = aggregates.Where(a => a.Parent is null).Select(a => a.Id).ToList();
        var live = aggregates.Where(a => a.Parent is not null).ToList();
        if (child is not null && gone.Count > 0)
        {
            await child.DeleteAsync(connection, transaction, childParentColumn!, gone, ct);
        }
        await parent.DeleteAsync(connection, transaction, parent.Keys[0], gone, ct);
        await parent.UpsertAsync(connection, transaction, live.Select(a => a.Parent!).ToList(), ct);
        if (child is null || live.Count == 0)
        {
            return;
        }
        var ids = live.Select(a => a.Id).ToList();
        var existing = (await child.ReadAsync(connection, transaction, childParentColumn!, ids, child.Values, child.Values[0], ct))
            .ToLookup(r => Convert.ToInt64(r[0]));
        var stale = live.Where(a => existing[a.Id] is var stored && (stored.Any()
            ? ChildSet(a.Children) != ChildSet(stored)
            : a.Children.Count > 0)).ToList();
        if (stale.Count == 0)
        {
            return;
        }
        await child.DeleteAsync(connection, transaction, childParentColumn!, stale.Select(a => a.Id).ToList(), ct);
        await child.InsertAsync(connection, transaction, stale.SelectMany(a => a.Children).ToList(), ct);
    }

    /// <summary>The checksum of an aggregate as the ACL projects it.</summary>
    public string Checksum(ProjectedAggregate aggregate) =>
        Canonical.Checksum([Canonical.Row(parent.AllColumns, aggregate.Parent!), ChildSet(aggregate.Children)]);

    /// <summary>The checksum of each stored aggregate whose id is in <paramref name="ids"/>.</summary>
    public async Task<Dictionary<long, string>> ChecksumAsync(DbConnection connection, IReadOnlyList<long> ids, CancellationToken ct)
    {
        var parents = await parent.ReadAsync(connection, null, parent.Keys[0], ids, parent.AllColumns.Select(c => c.Name).ToList(), Sql.Quote(parent.Keys[0]), ct);
        var children = child is null
            ? null
            : (await child.ReadAsync(connection, null, childParentColumn!, ids, child.Values, child.Values[0], ct)).ToLookup(r => Convert.ToInt64(r[0]));
        var result = new Dictionary<long, string>();
        foreach (var row in parents)
        {
            var id = Convert.ToInt64(row[0]);
            result[id] = Canonical.Checksum([Canonical.Row(parent.AllColumns, row), children is null ? "" : ChildSet(children[id])]);
        }
        return result;
    }

    private string ChildSet(IEnumerable<object?[]> rows) =>
        child is null ? "" : string.Join("\u001d", rows.Select(r => Canonical.Row(child.ValueColumns, r)).Order(StringComparer.Ordinal));
}
