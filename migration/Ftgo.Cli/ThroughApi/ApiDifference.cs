namespace Ftgo.Cli.ThroughApi;

/// <summary>One aggregate whose two answers differ (by JSON path), or could not be compared (<see cref="Error"/>).</summary>
internal sealed record ApiDifference(string Kind, long Id, string Path, IReadOnlyList<string> Paths, string? Error);
