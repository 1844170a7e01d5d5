namespace Ftgo.Cli.ThroughApi;

/// <summary>How one kind of aggregate came out: how many the legacy database holds, how many were compared.</summary>
internal sealed record ApiVerifiedKind(LegacyCompatibleRead Read, int LegacyCount, int Compared, IReadOnlyList<ApiDifference> Differences)
{
    public IEnumerable<ApiDifference> Different => Differences.Where(d => d.Error is null);

    public IEnumerable<ApiDifference> NotCompared => Differences.Where(d => d.Error is not null);
}
