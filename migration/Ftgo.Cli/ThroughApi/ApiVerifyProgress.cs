namespace Ftgo.Cli.ThroughApi;

/// <summary>Progress of one kind: <paramref name="Done"/> of <paramref name="Total"/> aggregates compared.</summary>
internal sealed record ApiVerifyProgress(string Kind, int Done, int Total);
