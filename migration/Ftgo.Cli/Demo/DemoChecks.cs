namespace Ftgo.Cli.Demo;

/// <summary>
/// The report's checks of issue 18's capabilities: each group's decommission check before complete, the through-api verify
/// run before delivery's complete, and each group's noise-cancelled shadow (shown, not judged).
/// </summary>
internal sealed record DemoChecks(IReadOnlyList<DemoDecommissionCheck> Decommission, DemoThroughApi? ThroughApi, IReadOnlyList<DemoNoise> Noise)
{
    /// <summary>No group reached complete without a decommission check passing before it, and the through-api verify ran clean.</summary>
    public bool Passed => Decommission.All(d => !d.Unchecked) && ThroughApi is { Clean: true };
}
