namespace Ftgo.Cli.ThroughApi;

/// <summary>One aggregate whose two answers differ (by JSON path), or could not be compared (<see cref="Error"/>).</summary>
internal sealed record ApiDifference(string Kind, long Id, string Path, IReadOnlyList<string> Paths, string? Error);

/// <summary>How one kind of aggregate came out: how many the legacy database holds, how many were compared.</summary>
internal sealed record ApiVerifiedKind(LegacyCompatibleRead Read, int LegacyCount, int Compared, IReadOnlyList<ApiDifference> Differences)
{
    public IEnumerable<ApiDifference> Different => Differences.Where(d => d.Error is null);

    public IEnumerable<ApiDifference> NotCompared => Differences.Where(d => d.Error is not null);
}

/// <summary>The outcome of <c>ftgo verify --through-api</c>.</summary>
internal sealed record ApiVerifyReport(string Group, IReadOnlyList<ApiVerifiedKind> Kinds)
{
    public bool Clean => Kinds.All(k => k.Differences.Count == 0);
}

/// <summary>Progress of one kind: <paramref name="Done"/> of <paramref name="Total"/> aggregates compared.</summary>
internal sealed record ApiVerifyProgress(string Kind, int Done, int Total);

/// <summary>A run that cannot go on: a side unreachable (the message names its URL) or a setting missing.</summary>
internal sealed class ApiVerifyException(string message) : Exception(message);
