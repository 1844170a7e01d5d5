using System.Text;
using Ftgo.Comparison;
using Microsoft.Extensions.Options;

namespace Ftgo.Gateway.Shadow;

/// <summary>
/// A kept mismatch: both answers and the JSON paths where they differ. When it was <see cref="Confirmed"/>,
/// the bodies and paths are those of the re-read, and <see cref="FirstPaths"/> those of the first pair.
/// </summary>
/// <param name="Confirmation">
/// <c>confirmed</c>: both sides were read again after the group's delay and still differed;
/// <c>unconfirmed</c>: no room to wait for a re-read, counted as it was; null: confirmation is off for the group.
/// </param>
/// <param name="Replica">The gateway replica that found it (with the control store, the fleet's mismatches are kept together).</param>
/// <param name="NoisePaths">Paths that differed too but are learned noise (<c>GET /_strangler/groups/{group}/noise</c> says why): not in <paramref name="Paths"/>.</param>
public sealed record Mismatch(
    long Id,
    DateTimeOffset At,
    string Group,
    string Path,
    string Origin,
    int LegacyStatus,
    int NewStatus,
    IReadOnlyList<string> Paths,
    string LegacyBody,
    string NewBody,
    string? Confirmation = null,
    IReadOnlyList<string>? FirstPaths = null,
    string? Replica = null,
    IReadOnlyList<string>? NoisePaths = null)
{
    /// <summary>Both sides were read again after the group's delay and still differed: not replication lag.</summary>
    public bool Confirmed => Confirmation == "confirmed";
}

/// <summary>A group's latest mismatches, newest first, with how many are kept and how many the bound has dropped.</summary>
public sealed record MismatchPage(IReadOnlyList<Mismatch> Mismatches, long Kept, long Dropped)
{
    public static readonly MismatchPage Empty = new([], 0, 0);
}

/// <summary>
/// Where the mismatches are kept: at most <see cref="ShadowOptions.MismatchCapacity"/> per group, the oldest
/// dropped first and counted. In memory with the flags file (<see cref="MemoryMismatchStore"/>), in the
/// control store with it (<see cref="PostgresMismatchStore"/>), where every replica's are kept together.
/// </summary>
internal abstract class MismatchStore(IOptions<ShadowOptions> options)
{
    /// <summary>The most kept per group.</summary>
    protected int Capacity => Math.Max(1, options.Value.MismatchCapacity);

    /// <summary>Keeps a mismatch (its id is given where it is kept). Never waits: the shadow path calls it.</summary>
    public void Add(DateTimeOffset at, string group, string path, string origin, HttpAnswer legacy, HttpAnswer @new,
        IReadOnlyList<string> paths, string? confirmation = null, IReadOnlyList<string>? firstPaths = null,
        IReadOnlyList<string>? noisePaths = null) =>
        Keep(new Mismatch(0, at, group, path, origin, legacy.Status, @new.Status, paths, Text(legacy.Body), Text(@new.Body),
            confirmation, firstPaths, NoisePaths: noisePaths is { Count: > 0 } ? noisePaths : null));

    /// <summary>The group's latest, newest first.</summary>
    public abstract Task<MismatchPage> RecentAsync(string group, int limit, CancellationToken ct);

    protected abstract void Keep(Mismatch mismatch);

    private string Text(ReadOnlyMemory<byte> body)
    {
        var limit = options.Value.MismatchBodyChars;
        var text = Encoding.UTF8.GetString(body.Span);
        return text.Length <= limit ? text : text[..limit] + "…";
    }
}

/// <summary>This replica's mismatches, in memory: a queue per group.</summary>
internal sealed class MemoryMismatchStore(IOptions<ShadowOptions> options) : MismatchStore(options)
{
    private readonly Dictionary<string, (Queue<Mismatch> Kept, long Dropped)> _groups = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private long _sequence;

    protected override void Keep(Mismatch mismatch)
    {
        lock (_gate)
        {
            var (kept, dropped) = _groups.TryGetValue(mismatch.Group, out var group) ? group : (new Queue<Mismatch>(), 0);
            kept.Enqueue(mismatch with { Id = ++_sequence });
            while (kept.Count > Capacity)
            {
                kept.Dequeue();
                dropped++;
            }
            _groups[mismatch.Group] = (kept, dropped);
        }
    }

    public override Task<MismatchPage> RecentAsync(string group, int limit, CancellationToken ct)
    {
        lock (_gate)
        {
            return Task.FromResult(_groups.TryGetValue(group, out var kept)
                ? new MismatchPage(kept.Kept.Reverse().Take(limit).ToList(), kept.Kept.Count, kept.Dropped)
                : MismatchPage.Empty);
        }
    }
}
