namespace Ftgo.Stages;

/// <summary>The wire names of the stages (<c>off</c> … <c>complete</c>) and what each stage means for a request.</summary>
public static class MigrationStages
{
    public static IReadOnlyList<MigrationStage> All { get; } = Enum.GetValues<MigrationStage>();

    public static string ToWire(this MigrationStage stage) => stage switch
    {
        MigrationStage.Off => "off",
        MigrationStage.DualWrite => "dualwrite",
        MigrationStage.Shadow => "shadow",
        MigrationStage.Live => "live",
        MigrationStage.RampDown => "rampdown",
        MigrationStage.Complete => "complete",
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, null),
    };

    /// <summary>Parses a wire name, case-insensitively; nothing else (no numbers, no enum member names with other spellings).</summary>
    public static bool TryParse(string? text, out MigrationStage stage)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(text?.Trim(), candidate.ToWire(), StringComparison.OrdinalIgnoreCase))
            {
                stage = candidate;
                return true;
            }
        }
        stage = MigrationStage.Off;
        return false;
    }

    /// <summary>
    /// Who answers a cohort that is at <paramref name="stage"/>. A group at <c>live</c> puts the cohorts
    /// outside its percent at <c>shadow</c> (see <see cref="GroupRollout.StageFor"/>), so per cohort the
    /// answer is a function of the stage alone.
    /// </summary>
    public static Side Answering(this MigrationStage stage) => stage >= MigrationStage.Live ? Side.New : Side.Legacy;

    /// <summary>Whether reads at this stage are copied to the other side and compared.</summary>
    public static bool ComparesReads(this MigrationStage stage) => stage is MigrationStage.Shadow or MigrationStage.Live;

    /// <summary>The next stage in promotion order (complete stays complete).</summary>
    public static MigrationStage Next(this MigrationStage stage) =>
        stage == MigrationStage.Complete ? stage : stage + 1;
}
