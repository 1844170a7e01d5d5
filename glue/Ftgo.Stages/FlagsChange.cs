using System.Text.Json.Serialization;

namespace Ftgo.Stages;

/// <summary>
/// One line of the flags history, appended with every write and never changed: the version it made, when,
/// who (the admin token's name, or the auto-rollback) and what kind of writer, the group's stage and percent
/// before and after, why, and whether the move was forced past the transition rules.
/// </summary>
public sealed record FlagsChange(
    long Version,
    DateTimeOffset At,
    string Group,
    string By,
    string Kind,
    string From,
    double FromPercent,
    string To,
    double ToPercent,
    string? Reason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Forced = false);

/// <summary>Reads the flags history (the admin API's <c>/history</c>, <c>ftgo history</c>).</summary>
public interface IFlagsHistory
{
    /// <summary>The changes of <paramref name="group"/> (all groups when null) at or after <paramref name="since"/>, oldest first, at most the last <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<FlagsChange>> ReadAsync(string? group, DateTimeOffset? since, int limit, CancellationToken ct = default);
}
