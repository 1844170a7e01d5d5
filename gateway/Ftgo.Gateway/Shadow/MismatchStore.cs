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
    IReadOnlyList<string>? FirstPaths = null)
{
    /// <summary>Both sides were read again after the group's delay and still differed: not replication lag.</summary>
    public bool Confirmed => Confirmation == "confirmed";
}

/// <summary>The last mismatches, bounded (the oldest go first).</summary>
internal sealed class MismatchStore(IOptions<ShadowOptions> options)
{
    private readonly Queue<Mismatch> _kept = new();
    private readonly Lock _gate = new();
    private long _sequence;

    public Mismatch Add(DateTimeOffset at, string group, string path, string origin, HttpAnswer legacy, HttpAnswer @new,
        IReadOnlyList<string> paths, string? confirmation = null, IReadOnlyList<string>? firstPaths = null)
    {
        var mismatch = new Mismatch(Interlocked.Increment(ref _sequence), at, group, path, origin, legacy.Status, @new.Status,
            paths, Text(legacy.Body), Text(@new.Body), confirmation, firstPaths);
        lock (_gate)
        {
            _kept.Enqueue(mismatch);
            while (_kept.Count > Math.Max(1, options.Value.MismatchCapacity))
            {
                _kept.Dequeue();
            }
        }
        return mismatch;
    }

    /// <summary>The newest first.</summary>
    public IReadOnlyList<Mismatch> Recent(string? group, int limit)
    {
        lock (_gate)
        {
            return _kept.Reverse().Where(m => group is null || m.Group == group).Take(limit).ToList();
        }
    }

    private string Text(ReadOnlyMemory<byte> body)
    {
        var limit = options.Value.MismatchBodyChars;
        var text = Encoding.UTF8.GetString(body.Span);
        return text.Length <= limit ? text : text[..limit] + "…";
    }
}
