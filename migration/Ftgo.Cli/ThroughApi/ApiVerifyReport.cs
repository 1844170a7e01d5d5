namespace Ftgo.Cli.ThroughApi;

/// <summary>The outcome of <c>ftgo verify --through-api</c>.</summary>
internal sealed record ApiVerifyReport(string Group, IReadOnlyList<ApiVerifiedKind> Kinds)
{
    public bool Clean => Kinds.All(k => k.Differences.Count == 0);
}
