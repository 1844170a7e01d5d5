using System.Collections.Concurrent;
using System.Diagnostics;

namespace Ftgo.Migration.Backfill;

/// <summary>
/// Where a backfill's time went, by phase (read legacy, contested check, mirror, ACL translation,
/// target write, checkpoint and commit). Phases of the two targets run side by side, and reading the
/// next batch overlaps applying the current one, so the sum is more than the elapsed time.
/// </summary>
public sealed class BackfillPhases
{
    public const string Read = "read legacy";
    public const string Contested = "contested check";
    public const string Mirror = "mirror write";
    public const string Encode = "mirror encode";
    public const string Translate = "ACL translation";
    public const string Write = "target write";
    public const string Checkpoint = "checkpoint + commit";
    public const string RowByRow = "row-by-row apply";

    private readonly ConcurrentDictionary<string, long> _ticks = new();

    /// <summary>Time spent per phase so far.</summary>
    public IReadOnlyDictionary<string, TimeSpan> Totals =>
        _ticks.ToDictionary(p => p.Key, p => Stopwatch.GetElapsedTime(0, p.Value));

    /// <summary>Adds the time since <paramref name="startedAt"/> (a <see cref="Stopwatch.GetTimestamp"/>) to <paramref name="phase"/>.</summary>
    public void Add(string phase, long startedAt)
    {
        AddTicks(phase, Stopwatch.GetTimestamp() - startedAt);
    }

    /// <summary>Adds <paramref name="ticks"/> (of <see cref="Stopwatch"/>) to <paramref name="phase"/>.</summary>
    public void AddTicks(string phase, long ticks) => _ticks.AddOrUpdate(phase, ticks, (_, total) => total + ticks);

    public override string ToString() =>
        string.Join(", ", Totals.OrderByDescending(p => p.Value).Select(p => $"{p.Key} {p.Value.TotalSeconds:N2} s"));
}
