using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Ftgo.Gateway.Telemetry;

namespace Ftgo.Gateway.Capture;

/// <summary>What capture did for one group, as the admin API shows it.</summary>
public sealed record CaptureGroupReport(string Group, string File, long Bytes, long Recorded, long Dropped, long Failed, long Skipped,
    string? LastError);

/// <summary>
/// Capture's counts per group: recorded, dropped (queue full), failed (write error), skipped (file at
/// its size limit); also on the meter <c>Ftgo.Gateway</c> as <c>ftgo.gateway.capture.records</c> by outcome.
/// </summary>
internal sealed class CaptureStats(GatewayMetrics metrics)
{
    private readonly ConcurrentDictionary<string, Counts> _groups = new(StringComparer.Ordinal);
    private readonly Counter<long> _records = metrics.Meter.CreateCounter<long>("ftgo.gateway.capture.records", "{exchange}",
        "Captured exchanges by outcome: recorded, dropped, failed, skipped.");

    public void Recorded(string group, int count, long bytes) => Add(group, "recorded", count, c =>
    {
        Interlocked.Add(ref c.Recorded, count);
        Interlocked.Exchange(ref c.Bytes, bytes);
    });

    public void Dropped(string group) => Add(group, "dropped", 1, c => Interlocked.Increment(ref c.Dropped));

    public void Failed(string group, int count, string error) => Add(group, "failed", count, c =>
    {
        Interlocked.Add(ref c.Failed, count);
        c.LastError = error;
    });

    public void Skipped(string group) => Add(group, "skipped", 1, c => Interlocked.Increment(ref c.Skipped));

    public IReadOnlyList<CaptureGroupReport> Report(Func<string, string> fileOf) =>
        _groups.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new CaptureGroupReport(g.Key, fileOf(g.Key),
            Interlocked.Read(ref g.Value.Bytes), Interlocked.Read(ref g.Value.Recorded), Interlocked.Read(ref g.Value.Dropped),
            Interlocked.Read(ref g.Value.Failed), Interlocked.Read(ref g.Value.Skipped), g.Value.LastError)).ToList();

    private Counts Of(string group) => _groups.GetOrAdd(group, _ => new Counts());

    private void Add(string group, string outcome, int count, Action<Counts> change)
    {
        change(Of(group));
        _records.Add(count, new TagList { { "group", group }, { "outcome", outcome } });
    }

    private sealed class Counts
    {
        public long Recorded;
        public long Dropped;
        public long Failed;
        public long Skipped;
        public long Bytes;
        public volatile string? LastError;
    }
}
