using Ftgo.Migration.Applying;
using Ftgo.Migration.Catalog;
using Ftgo.Migration.Running;

namespace Ftgo.Migration.Verification;

/// <summary>The comparison of one kind of aggregate (tickets, deliveries, couriers, restaurants).</summary>
public sealed record VerifiedDifference(string Kind, long LegacyCount, long TargetCount, IReadOnlyList<long> Missing, IReadOnlyList<long> Extra, IReadOnlyList<long> Different)
{
    public bool Clean => LegacyCount == TargetCount && Missing.Count == 0 && Extra.Count == 0 && Different.Count == 0;

    public IEnumerable<long> DifferingIds => Missing.Concat(Extra).Concat(Different).Order();
}

public sealed record VerifyReport(string Group, IReadOnlyList<VerifiedDifference> Kinds)
{
    public bool Clean => Kinds.All(k => k.Clean);
}

/// <summary>
/// Reconciliation: for each kind of aggregate of a group, projects every legacy row through the
/// ACL and compares it with what the new schema holds — counts, then a checksum per aggregate
/// (parent row and its children as a set), in batches of ids — and reports the ids that are
/// missing, extra or different.
/// </summary>
public static class Verifier
{
    public static async Task<VerifyReport> RunAsync(CdcSettings settings, string group, int batchSize, CancellationToken ct)
    {
        var legacy = new LegacySnapshot(settings.Storage, settings.LegacyConnectionString);
        var results = new List<VerifiedDifference>();
        await using var legacyConnection = legacy.Connect();
        await legacyConnection.OpenAsync(ct);
        foreach (var target in settings.TargetsOf(group))
        {
            var projection = ChangeApplier.Projection(target);
            await using var targetConnection = projection.Store.Connect();
            await targetConnection.OpenAsync(ct);
            await projection.PrepareAsync(targetConnection, ct);
            foreach (var kind in projection.Kinds)
            {
                var legacyIds = await AggregateIds.ReadAsync(legacyConnection, new Sql(settings.Storage, LegacyCatalog.Schema).Table(kind.LegacyTable), ct);
                var targetIds = await AggregateIds.ReadAsync(targetConnection, kind.Writer.Parent.Qualified, ct);
                var legacySet = legacyIds.ToHashSet();
                var targetSet = targetIds.ToHashSet();
                var missing = legacyIds.Where(id => !targetSet.Contains(id)).ToList();
                var extra = targetIds.Where(id => !legacySet.Contains(id)).ToList();
                var different = new List<long>();
                var common = legacyIds.Where(targetSet.Contains).ToList();
                for (var start = 0; start < common.Count; start += batchSize)
                {
                    var ids = common.Skip(start).Take(batchSize).ToList();
                    var expected = (await kind.ProjectLegacy(legacy, legacyConnection, ids, ct))
                        .ToDictionary(a => a.Id, a => kind.Writer.Checksum(a));
                    var actual = await kind.Writer.ChecksumAsync(targetConnection, ids, ct);
                    different.AddRange(ids.Where(id => expected.GetValueOrDefault(id) != actual.GetValueOrDefault(id)));
                }
                results.Add(new VerifiedDifference(kind.Name, legacyIds.Count, targetIds.Count, missing, extra, different));
            }
        }
        return new VerifyReport(group, results);
    }
}
