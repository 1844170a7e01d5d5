using System.Collections.Frozen;

namespace Ftgo.Stages;

/// <summary>
/// An immutable, validated state of every group's flags. Readers take the current snapshot once per
/// request, so no request sees half of a change.
/// </summary>
public sealed class FlagsSnapshot
{
    private readonly FrozenDictionary<string, GroupRollout> _rollouts;

    public FlagsSnapshot(IReadOnlyDictionary<string, GroupFlags> groups, long version, DateTimeOffset loadedAt)
    {
        Groups = groups.ToFrozenDictionary(StringComparer.Ordinal);
        _rollouts = groups.ToFrozenDictionary(g => g.Key, g => new GroupRollout(g.Key, g.Value), StringComparer.Ordinal);
        Version = version;
        LoadedAt = loadedAt;
    }

    public static FlagsSnapshot Empty { get; } =
        new(new Dictionary<string, GroupFlags>(), 0, DateTimeOffset.UnixEpoch);

    /// <summary>The groups the flags name; a group not named is at <c>off</c>.</summary>
    public IReadOnlyDictionary<string, GroupFlags> Groups { get; }

    /// <summary>Increases with every accepted change.</summary>
    public long Version { get; }

    public DateTimeOffset LoadedAt { get; }

    /// <summary>
    /// Each group's stage (and percent at <c>live</c>, and partition lists when set), by name:
    /// <c>delivery=live 50%, kitchen=off</c>, <c>kitchen=live 0% restaurant+[7]</c>.
    /// </summary>
    public string Summary => string.Join(", ", Groups.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        $"{g.Key}={g.Value.Stage.ToWire()}" + (g.Value.Stage == MigrationStage.Live
            ? " " + g.Value.Percent.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) + "%" : "")
        + (g.Value.Partitions is { } p ? " " + p.Summary : "")));

    public GroupFlags Group(string group) => Groups.GetValueOrDefault(group) ?? GroupFlags.Default;

    public GroupRollout Rollout(string group) =>
        _rollouts.TryGetValue(group, out var rollout) ? rollout : new GroupRollout(group, GroupFlags.Default);

    public FlagsSnapshot With(string group, GroupFlags flags, long version, DateTimeOffset loadedAt)
    {
        var groups = Groups.ToDictionary(StringComparer.Ordinal);
        groups[group] = flags;
        return new FlagsSnapshot(groups, version, loadedAt);
    }
}
