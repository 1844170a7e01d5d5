using System.Text.Json.Serialization;

namespace Ftgo.Stages;

/// <summary>
/// When the gateway rolls a group back by itself, and to where. At <c>live</c>, <c>rampdown</c> and
/// <c>complete</c>: the new side's error rate or p99 latency over a sliding window passes a bound. At
/// <c>shadow</c> and <c>live</c>: the share of compared reads with a confirmed difference passes its
/// bound. Each needs the window to hold enough requests. Each stage has its own target, one step or
/// more back: by default <c>complete → rampdown</c> (reads can fall back to legacy again) and every
/// other stage straight to <c>dualwrite</c> (legacy answers, CDC keeps the new side current). No target
/// loses a write: the new side's events keep the monolith in sync at every stage past <c>shadow</c>.
/// </summary>
public sealed record RollbackBounds
{
    public bool Enabled { get; init; } = true;

    /// <summary>Highest tolerated share of failed new-side requests (5xx, timeouts, refused connections), 0–1.</summary>
    public double MaxErrorRate { get; init; } = 0.05;

    /// <summary>Highest tolerated p99 latency of the new side, in milliseconds.</summary>
    public double MaxP99Ms { get; init; } = 1000;

    /// <summary>Highest tolerated share of compared reads whose difference was confirmed (re-read), 0–1; at shadow and live.</summary>
    public double MaxMismatchRate { get; init; } = 0.05;

    /// <summary>Where a breach at <c>shadow</c> moves the group.</summary>
    [JsonConverter(typeof(MigrationStageJsonConverter))]
    public MigrationStage ShadowTo { get; init; } = MigrationStage.DualWrite;

    /// <summary>Where a breach at <c>live</c> moves the group (a target of <c>live</c> is not allowed).</summary>
    [JsonConverter(typeof(MigrationStageJsonConverter))]
    public MigrationStage LiveTo { get; init; } = MigrationStage.DualWrite;

    /// <summary>Where a breach at <c>rampdown</c> moves the group; <c>live</c> means live at 100 %, reads compared and falling back.</summary>
    [JsonConverter(typeof(MigrationStageJsonConverter))]
    public MigrationStage RampdownTo { get; init; } = MigrationStage.DualWrite;

    /// <summary>Where a breach at <c>complete</c> moves the group.</summary>
    [JsonConverter(typeof(MigrationStageJsonConverter))]
    public MigrationStage CompleteTo { get; init; } = MigrationStage.RampDown;

    /// <summary>Length of the sliding window, in seconds.</summary>
    public int WindowSeconds { get; init; } = 30;

    /// <summary>No decision is taken on fewer requests than this in the window.</summary>
    public int MinRequests { get; init; } = 20;

    public static RollbackBounds Default { get; } = new();

    /// <summary>The stage a breach at <paramref name="stage"/> moves the group to; the stage itself where nothing is watched.</summary>
    public MigrationStage TargetFrom(MigrationStage stage) => stage switch
    {
        MigrationStage.Shadow => ShadowTo,
        MigrationStage.Live => LiveTo,
        MigrationStage.RampDown => RampdownTo,
        MigrationStage.Complete => CompleteTo,
        _ => stage,
    };

    internal IEnumerable<string> Validate(string group)
    {
        if (!(MaxErrorRate > 0 && MaxErrorRate <= 1))
        {
            yield return $"{group}: rollback.max_error_rate must be in (0, 1], not {MaxErrorRate}.";
        }
        if (!(MaxMismatchRate > 0 && MaxMismatchRate <= 1))
        {
            yield return $"{group}: rollback.max_mismatch_rate must be in (0, 1], not {MaxMismatchRate}.";
        }
        foreach (var from in new[] { MigrationStage.Shadow, MigrationStage.Live, MigrationStage.RampDown, MigrationStage.Complete })
        {
            var to = TargetFrom(from);
            if (to < MigrationStage.DualWrite || to >= from)
            {
                yield return $"{group}: rollback.{from.ToWire()}_to must be a stage from dualwrite up to before {from.ToWire()}, not {to.ToWire()} " +
                             "(off would stop CDC, and a rollback goes back).";
            }
        }
        if (!(MaxP99Ms > 0))
        {
            yield return $"{group}: rollback.max_p99_ms must be positive, not {MaxP99Ms}.";
        }
        if (WindowSeconds is < 1 or > 3600)
        {
            yield return $"{group}: rollback.window_seconds must be 1–3600, not {WindowSeconds}.";
        }
        if (MinRequests < 1)
        {
            yield return $"{group}: rollback.min_requests must be at least 1, not {MinRequests}.";
        }
    }
}
