namespace Ftgo.Stages;

/// <summary>The flag state of one route group (<c>kitchen</c>, <c>delivery</c>, …).</summary>
public sealed record GroupFlags
{
    public MigrationStage Stage { get; init; } = MigrationStage.Off;

    /// <summary>At <c>live</c>: the share of cohorts, 0–100, that the new side answers. Ignored at other stages.</summary>
    public double Percent { get; init; }

    /// <summary>The share of reads, 0–1, copied to the other side and compared at <c>shadow</c> and <c>live</c>.</summary>
    public double ShadowSampleRatio { get; init; } = 1.0;

    /// <summary>The seed of the cohort hash; changing it reshuffles the cohorts. Null: <c>ftgo:{group}</c>.</summary>
    public string? Seed { get; init; }

    public RollbackBounds Rollback { get; init; } = RollbackBounds.Default;

    /// <summary>
    /// The data partition the group's cohorts are (with its allow and deny lists at live); null, as in every flags
    /// file written before partitions: the order id or the consumer, as the group's cohort keys say.
    /// </summary>
    public PartitionRules? Partitions { get; init; }

    /// <summary>When, by whom and why the stage was last set (kept in the file for the dashboard and the log).</summary>
    public DateTimeOffset? ChangedAt { get; init; }

    public string? ChangedBy { get; init; }

    public string? Reason { get; init; }

    /// <summary>A runbook step waiting for a person's approval at this stage, or approved at it; null when none.</summary>
    public Approval? Approval { get; init; }

    public static GroupFlags Default { get; } = new();

    public static string DefaultSeed(string group) => "ftgo:" + group;

    public string SeedFor(string group) => Seed is { Length: > 0 } seed ? seed : DefaultSeed(group);

    /// <summary>Every rule this state breaks, each as a sentence naming the group; empty when valid.</summary>
    public IReadOnlyList<string> Validate(string group)
    {
        var errors = new List<string>();
        if (!GroupNames.IsValid(group))
        {
            errors.Add($"'{group}' is not a valid group name (lower-case letters, digits and '-').");
        }
        if (!Enum.IsDefined(Stage))
        {
            errors.Add($"{group}: unknown stage {Stage}.");
        }
        if (!(Percent >= 0 && Percent <= 100))
        {
            errors.Add($"{group}: percent must be 0–100, not {Percent}.");
        }
        if (!(ShadowSampleRatio >= 0 && ShadowSampleRatio <= 1))
        {
            errors.Add($"{group}: shadow_sample_ratio must be 0–1, not {ShadowSampleRatio}.");
        }
        errors.AddRange(Rollback.Validate(group));
        if (Partitions is not null)
        {
            errors.AddRange(Partitions.Validate(group));
        }
        return errors;
    }
}
