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
    /// Applies <paramref name="change"/> to the group's current flags, validates the result, stores it and
    /// returns it once it is in force. Throws <see cref="FlagsValidationException"/> for an invalid result.
    /// </summary>
    Task<GroupFlags> UpdateAsync(string group, Func<GroupFlags, GroupFlags> change, CancellationToken ct = default);
}
