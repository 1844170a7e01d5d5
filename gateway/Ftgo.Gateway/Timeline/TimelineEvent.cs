using Ftgo.Stages;

namespace Ftgo.Gateway.Timeline;

/// <summary>
/// A flags change drawn on the timeline: <c>stage</c> for a move forward or a new percent, <c>rollback</c> for a move
/// to an earlier stage or any write of the auto-rollback; who made it (<see cref="By"/>, <see cref="Writer"/>) and why.
/// </summary>
public sealed record TimelineEvent(DateTimeOffset At, string Kind, string From, double FromPercent, string To, double ToPercent,
    string By, string Writer, string? Reason)
{
    public const string StageChange = "stage";
    public const string Rollback = "rollback";

    /// <summary>The change as a marker, or null when it moved neither stage nor percent (an approval asked or given).</summary>
    public static TimelineEvent? Of(FlagsChange change)
    {
        if (change.From == change.To && change.FromPercent.Equals(change.ToPercent))
        {
            return null;
        }
        var backwards = MigrationStages.TryParse(change.From, out var from) && MigrationStages.TryParse(change.To, out var to) && to < from;
        var kind = backwards || change.Kind == FlagsWrite.ToWire(FlagsWriter.AutoRollback) ? Rollback : StageChange;
        return new TimelineEvent(change.At, kind, change.From, change.FromPercent, change.To, change.ToPercent, change.By, change.Kind, change.Reason);
    }
}
