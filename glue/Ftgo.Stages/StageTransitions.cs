namespace Ftgo.Stages;

/// <summary>
/// The moves a group may make without <c>force</c>: one stage forward, any move back (a rollback), and
/// a new percent within <c>live</c> (or the same stage again). Skipping stages forward (<c>off →
/// complete</c>, <c>shadow → rampdown</c>) would skip the evidence each stage gathers, so it needs
/// <c>force</c> and a reason, which the history keeps.
/// </summary>
public static class StageTransitions
{
    /// <summary>Why <paramref name="from"/> → <paramref name="to"/> is not a legal move, or null when it is.</summary>
    public static string? Refusal(string group, MigrationStage from, MigrationStage to)
    {
        if (to <= from.Next())
        {
            return null;
        }
        var skipped = MigrationStages.All.Where(s => s > from && s < to).Select(s => s.ToWire());
        return $"{group}: {from.ToWire()} → {to.ToWire()} skips {string.Join(", ", skipped)}. A group moves one stage forward at a time " +
               $"(next: {from.Next().ToWire()}), or back to any stage; give force and a reason to move it anyway.";
    }
}
