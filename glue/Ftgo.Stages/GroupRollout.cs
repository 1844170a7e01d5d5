using System.Collections.Frozen;
using System.Text;

namespace Ftgo.Stages;

/// <summary>
/// One group's flags, prepared once per snapshot so that deciding a request costs at most one hash:
/// the stage a cohort is at and therefore the side that answers it.
/// </summary>
public sealed class GroupRollout
{
    private readonly byte[] _newlineAndSeed;
    private readonly FrozenSet<string>? _allow;
    private readonly FrozenSet<string>? _deny;

    internal GroupRollout(string group, GroupFlags flags)
    {
        Group = group;
        Flags = flags;
        _newlineAndSeed = Encoding.UTF8.GetBytes("\n" + flags.SeedFor(group));
        Percent = flags.Stage == MigrationStage.Live ? Math.Clamp(flags.Percent, 0, 100) : 0;
        _allow = flags.Partitions?.Allow?.ToFrozenSet(StringComparer.Ordinal);
        _deny = flags.Partitions?.Deny is { Count: > 0 } deny ? deny.ToFrozenSet(StringComparer.Ordinal) : null;
    }

    /// <summary>The data partition the cohorts are (<c>restaurant</c>); null: the order id or the consumer.</summary>
    public string? PartitionBy => Flags.Partitions?.By;

    public string Group { get; }

    public GroupFlags Flags { get; }

    public MigrationStage Stage => Flags.Stage;

    /// <summary>At <c>live</c>, the share of cohorts on the new side; 0 at other stages.</summary>
    public double Percent { get; }

    /// <summary>Whether the answer depends on the cohort (live with a percent strictly between 0 and 100, or partition lists).</summary>
    public bool SplitsCohorts => Stage == MigrationStage.Live && (Percent is > 0 and < 100 || _allow is not null || _deny is not null);

    /// <summary>
    /// The stage a cohort is at. As in a LaunchDarkly migration flag rolled out by percentage, at
    /// <c>live</c> the cohorts inside the percent are <c>live</c> and the others stay at <c>shadow</c>
    /// (legacy answers, reads compared). A request without a cohort key gets the allocation's default:
    /// <c>shadow</c>, or <c>live</c> at 100 %. A group split by partition with lists: a denied partition is at
    /// <c>shadow</c>; with an allow list, the listed partitions are <c>live</c> and every other is at <c>shadow</c>.
    /// </summary>
    public MigrationStage StageFor(string? cohortKey)
    {
        if (Stage != MigrationStage.Live)
        {
            return Stage;
        }
        if (_deny is not null && cohortKey is not null && _deny.Contains(cohortKey))
        {
            return MigrationStage.Shadow;
        }
        if (_allow is not null)
        {
            return cohortKey is not null && _allow.Contains(cohortKey) ? MigrationStage.Live : MigrationStage.Shadow;
        }
        if (Percent >= 100)
        {
            return MigrationStage.Live;
        }
        if (Percent <= 0 || cohortKey is null)
        {
            return MigrationStage.Shadow;
        }
        return Cohorts.InRange(Cohorts.Percentile(cohortKey, _newlineAndSeed), 0, Percent)
            ? MigrationStage.Live
            : MigrationStage.Shadow;
    }

    /// <summary>
    /// The stage of a request about one aggregate whose creator is known (the two sides number it from
    /// disjoint ranges, as couriers are). At <c>live</c> it goes to the side that created it, whatever the
    /// percent: the other side may not hold it yet, and a client must never be told it does not exist.
    /// The percent then splits creations. Every other stage is the group's.
    /// </summary>
    public MigrationStage StageForCreator(Side creator) =>
        Stage != MigrationStage.Live ? Stage : creator == Side.New ? MigrationStage.Live : MigrationStage.Shadow;

    /// <summary>The side that answers a cohort (what the monolith's seams ask too).</summary>
    public Side SideFor(string? cohortKey) => StageFor(cohortKey).Answering();
}
