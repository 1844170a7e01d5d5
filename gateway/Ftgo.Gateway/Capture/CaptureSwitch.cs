using Microsoft.Extensions.Options;

namespace Ftgo.Gateway.Capture;

/// <summary>Whether capture is on, and for which groups (null: every group).</summary>
public sealed record CaptureState(bool Enabled, IReadOnlyList<string>? Groups, long Generation);

/// <summary>
/// Capture's on/off switch: starts from <see cref="CaptureOptions"/>, changed by the admin API; read on
/// the shadow path as one volatile reference, so that checking it costs nothing.
/// </summary>
internal sealed class CaptureSwitch(IOptions<CaptureOptions> options)
{
    private readonly Lock _gate = new();
    private volatile CaptureState _state = new(options.Value.Enabled, Normalise(options.Value.Groups), 0);

    public CaptureState State => _state;

    public bool IsOn(string group)
    {
        var state = _state;
        return state.Enabled && (state.Groups is null || state.Groups.Contains(group, StringComparer.Ordinal));
    }

    public CaptureState Set(bool enabled, IReadOnlyList<string>? groups)
    {
        lock (_gate)
        {
            return _state = new CaptureState(enabled, Normalise(groups), _state.Generation + 1);
        }
    }

    private static IReadOnlyList<string>? Normalise(IReadOnlyList<string>? groups) =>
        groups is { Count: > 0 } ? groups.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList() : null;
}
