using System.Data.Common;
using Ftgo.Glue.Acl;
using Npgsql;

namespace Ftgo.Migration.Applying;

/// <summary>
/// One aggregate as the ACL projects it: the parent row (null: legacy deleted it, so it must not exist) and its
/// children. <paramref name="ParentChanged"/> false: legacy changed only the children, so the stored parent is kept
/// (written only when missing) — legacy's image of it may be older than the service's own write.
/// </summary>
internal sealed record ProjectedAggregate(long Id, object?[]? Parent, IReadOnlyList<object?[]> Children, bool ParentChanged = true);

/// <summary>A child row as stored in the side's table, with the origin of its last writer.</summary>
internal sealed record StoredChild(object?[] Values, string? Origin);

/// <summary>
/// How the stored children of live aggregates meet the projected ones (a set rule of the ACL, e.g.
/// <see cref="Ftgo.Glue.Acl.PlanMerge"/>): for each aggregate, the rows it should hold, each with the
/// origin it is written with. Without one, the projected children replace the stored ones.
/// </summary>
internal delegate Task<IReadOnlyDictionary<long, IReadOnlyList<(object?[] Row, string Origin)>>> ChildMerge(ProjectionBatch batch,
    IReadOnlyList<ProjectedAggregate> aggregates, ILookup<long, StoredChild> stored, CancellationToken ct);

/// <summary>
/// Writes projected aggregates into a side's tables: the parent is upserted (only when a value
/// differs, and only when legacy changed it) or deleted; the children are compared as a set and re-written only when they differ.
/// The same canonical form gives <see cref="ChecksumAsync"/> for verify.
/// </summary>
internal sealed class AggregateWriter(TargetTable parent, TargetTable? child = null, string? childParentColumn = null, ChildMerge? mergeChildren = null)
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

    /// <summary>From this many new aggregates on, PostgreSQL gets them by binary COPY (a snapshot batch; CDC batches stay below).</summary>
    private const int CopyFrom = 256;

    public async Task WriteAsync(ProjectionBatch batch, IReadOnlyList<ProjectedAggregate> aggregates, CancellationToken ct)
    {
        var (connection, transaction) = (batch.Connection, batch.Transaction);
        var gone = aggregates.Where(a => a.Parent is null).Select(a => a.Id).ToList();
        var live = aggregates.Where(a => a.Parent is not null).ToList();
        if (gone.Count == 0 && live.Count >= CopyFrom && parent.CanCopy && child?.CanCopy != false
            && connection is NpgsqlConnection npgsql && transaction is NpgsqlTransaction npgsqlTransaction
            && await CopyNewAsync(npgsql, npgsqlTransaction, live, ct))
        {
            return;
        }
        if (child is not null && gone.Count > 0)
        {
            await child.DeleteAsync(connection, transaction, childParentColumn!, gone, ct);
        }
        await parent.DeleteAsync(connection, transaction, parent.Keys[0], gone, ct);
        await parent.UpsertAsync(connection, transaction, live.Where(a => a.ParentChanged).Select(a => a.Parent!).ToList(), ct);
        await parent.UpsertAsync(connection, transaction, live.Where(a => !a.ParentChanged).Select(a => a.Parent!).ToList(), ct, onlyIfMissing: true);
        if (child is null || live.Count == 0)
        {
            return;
        }
        var ids = live.Select(a => a.Id).ToList();
        // With a merge rule the origin of each stored row is read too (it decides what the rule keeps).
        var withOrigin = mergeChildren is not null && child.HasOrigin;
        IReadOnlyList<string> columns = withOrigin ? [.. child.Values, SyncOrigin.Column] : child.Values;
        var stored = (await child.ReadAsync(connection, transaction, childParentColumn!, ids, columns, child.Values[0], ct))
            .ToLookup(r => Convert.ToInt64(r[0]), r => withOrigin ? new StoredChild(r[..^1], r[^1] as string) : new StoredChild(r, null));
        var wanted = mergeChildren is null
            ? live.ToDictionary(a => a.Id, a => (IReadOnlyList<(object?[] Row, string Origin)>)a.Children.Select(c => (c, SyncOrigin.Legacy)).ToList())
            : await mergeChildren(batch, live, stored, ct);
        var stale = live.Where(a => stored[a.Id] is var rows && (rows.Any()
            ? ChildSet(wanted[a.Id].Select(w => w.Row)) != ChildSet(rows.Select(r => r.Values))
            : wanted[a.Id].Count > 0)).ToList();
        if (stale.Count == 0)
        {
            return;
        }
        // The parents' upsert above locked their rows (PostgreSQL locks a conflicting row even when its
        // WHERE writes nothing; SQLite has one writer): the service cannot change these children between
        // the read and this rewrite. A kept row keeps its origin.
        await child.DeleteAsync(connection, transaction, childParentColumn!, stale.Select(a => a.Id).ToList(), ct);
        var rewrite = stale.SelectMany(a => wanted[a.Id]).ToList();
        await child.InsertAsync(connection, transaction, rewrite.Select(w => w.Row).ToList(), ct, rewrite.Select(w => w.Origin).ToList());
    }

    /// <summary>
    /// When none of the aggregates exists yet (nothing stored in their id range, parents or
    /// children), they are inserted with binary COPY — what the upsert and the child rewrite would
    /// do, without their per-row conflict checks. A row the service inserted meanwhile fails the
    /// COPY; it is undone to a savepoint and the caller takes the upsert path (false).
    /// </summary>
    private async Task<bool> CopyNewAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<ProjectedAggregate> live, CancellationToken ct)
    {
        var (min, max) = (live.Min(a => a.Id), live.Max(a => a.Id));
        var probe = $"SELECT EXISTS (SELECT 1 FROM {parent.Qualified} WHERE {Sql.Quote(parent.Keys[0])} BETWEEN @min AND @max)";
        if (child is not null)
        {
            probe += $" OR EXISTS (SELECT 1 FROM {child.Qualified} WHERE {Sql.Quote(childParentColumn!)} BETWEEN @min AND @max)";
        }
        await using (var command = Sql.Command(connection, transaction, probe))
        {
            Sql.Add(command, "@min", min);
            Sql.Add(command, "@max", max);
            if (await command.ExecuteScalarAsync(ct) is true)
            {
                return false;
            }
        }
        await transaction.SaveAsync("aggregate_copy", ct);
        try
        {
            await parent.CopyAsync(connection, live.Select(a => a.Parent!).ToList(), asUpsert: true, ct);
            if (child is not null)
            {
                await child.CopyAsync(connection, live.SelectMany(a => a.Children).ToList(), asUpsert: false, ct);
            }
            await transaction.ReleaseAsync("aggregate_copy", ct);
            return true;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            await transaction.RollbackAsync("aggregate_copy", ct);
            return false;
        }
    }

    /// <summary>The checksum of an aggregate as the ACL projects it.</summary>
    public string Checksum(ProjectedAggregate aggregate) =>
        Canonical.Checksum([ParentRow(aggregate.Parent!), ChildSet(aggregate.Children)]);

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
            result[id] = Canonical.Checksum([ParentRow(row), children is null ? "" : ChildSet(children[id])]);
        }
        return result;
    }

    private IReadOnlyList<int>? _compared;

    /// <summary>A parent row in canonical form, over the columns verify compares (a filled-in column is the service's: left out).</summary>
    private string ParentRow(object?[] row)
    {
        _compared ??= Enumerable.Range(0, parent.AllColumns.Count).Where(i => parent.IsCompared(parent.AllColumns[i].Name)).ToList();
        return _compared.Count == parent.AllColumns.Count
            ? Canonical.Row(parent.AllColumns, row)
            : Canonical.Row(_compared.Select(i => parent.AllColumns[i]).ToList(), _compared.Select(i => row[i]).ToArray());
    }

    private string ChildSet(IEnumerable<object?[]> rows) =>
        child is null ? "" : string.Join("\u001d", rows.Select(r => Canonical.Row(child.ValueColumns, r)).Order(StringComparer.Ordinal));
}
