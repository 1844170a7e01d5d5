namespace Ftgo.Stages;

/// <summary>
/// The one seam between the strangler and its flag provider. The file + FeatureManagement
/// implementation is the default; a LaunchDarkly one (its migration flags have the same six stages)
/// can replace it without touching the gateway or the monolith.
/// </summary>
public interface IMigrationFlags
{
    /// <summary>The last good snapshot; reading it costs a field read.</summary>
    FlagsSnapshot Current { get; }

    /// <summary>Why the last change was refused, or null when the last read was good.</summary>
    FlagsRefusal? LastRefusal { get; }

    /// <summary>Raised after a new snapshot is in force.</summary>
    event Action<FlagsSnapshot>? Changed;

    /// <summary>Reads the source now rather than waiting for its change notification.</summary>
    Task RefreshAsync(CancellationToken ct = default);
}

/// <summary>Changes one group's flags at the source (admin API, auto-rollback, CLI).</summary>
public interface IMigrationFlagsWriter
{
    /// <summary>
    /// Applies <paramref name="change"/> to the group's current flags on the terms of <paramref name="write"/>,
    /// validates the result, stores it with the next version, appends it to the history and returns it once it
    /// is in force. Throws <see cref="FlagsValidationException"/> for an invalid result,
    /// <see cref="FlagsConflictException"/> when the flags moved past the version the writer read, and
    /// <see cref="StageTransitionException"/> for a move that skips stages unforced.
    /// </summary>
    Task<FlagsWriteResult> UpdateAsync(string group, Func<GroupFlags, GroupFlags> change, FlagsWrite write, CancellationToken ct = default);
}
