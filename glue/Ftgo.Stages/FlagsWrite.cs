namespace Ftgo.Stages;

/// <summary>Who or what changes the flags, as the history records it.</summary>
public enum FlagsWriter
{
    /// <summary>An operator, through the admin API, the dashboard or <c>ftgo stage</c>.</summary>
    Person,

    /// <summary>A runbook step (<c>ftgo runbook</c>).</summary>
    Runbook,

    /// <summary>The gateway's auto-rollback.</summary>
    AutoRollback,
}

/// <summary>
/// The terms of one write: who makes it (the admin token's name, or the auto-rollback), what kind of writer
/// that is, the version it read (<c>expectedVersion</c> or <c>If-Match</c>; null: apply to whatever is current),
/// and whether a move that skips stages is forced (with the reason the history keeps).
/// </summary>
public sealed record FlagsWrite(string By, FlagsWriter Kind, long? ExpectedVersion = null, bool Force = false)
{
    public static string ToWire(FlagsWriter kind) => kind switch
    {
        FlagsWriter.Person => "person",
        FlagsWriter.Runbook => "runbook",
        FlagsWriter.AutoRollback => "auto-rollback",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static bool TryParse(string? text, out FlagsWriter kind)
    {
        foreach (var candidate in Enum.GetValues<FlagsWriter>())
        {
            if (string.Equals(text, ToWire(candidate), StringComparison.OrdinalIgnoreCase))
            {
                kind = candidate;
                return true;
            }
        }
        kind = FlagsWriter.Person;
        return false;
    }
}

/// <summary>A group's flags as a write left them, and the flags version that write made.</summary>
public sealed record FlagsWriteResult(GroupFlags Flags, long Version);

/// <summary>A write that read an older version than the one in force: nothing was written.</summary>
public sealed class FlagsConflictException(long expected, FlagsSnapshot current)
    : Exception($"The flags are at version {current.Version}, not {expected}: someone changed them since they were read. Read them again and decide again.")
{
    public long Expected { get; } = expected;

    public FlagsSnapshot Current { get; } = current;
}

/// <summary>A move that skips stages, asked without force (or forced without a reason): nothing was written.</summary>
public sealed class StageTransitionException(string message) : Exception(message);
