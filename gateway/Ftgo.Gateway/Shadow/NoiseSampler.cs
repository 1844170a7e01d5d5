using Ftgo.Comparison;
using Ftgo.Gateway.Telemetry;
using Ftgo.Stages;
using Microsoft.Extensions.Options;

namespace Ftgo.Gateway.Shadow;

/// <summary>
/// Reads a sampled share of the copied reads a second time from legacy, through the same <see cref="ShadowReader"/> the
/// copies and the confirming re-reads use, and counts what differs between the two legacy answers as noise. Decided on a
/// shadow worker, never on the client's request; a copy is always a <c>GET</c>, so a write is never sent twice. The read
/// takes a worker's time like a copy does, and is the first thing given up under load: while the shadow queue is more
/// than a quarter full no noise read is made (counted as dropped).
/// </summary>
internal sealed class NoiseSampler(ShadowReader reader, ShadowQueue queue, NoiseLedger ledger, GatewayMetrics metrics,
    IOptions<ShadowOptions> options, ILogger<NoiseSampler> log)
{
    /// <summary>The share of the group's compared reads sampled for noise: the group's own, else the gateway's.</summary>
    public double SampleOf(Routing.GroupTopology group) => Math.Clamp(group.NoiseSample ?? options.Value.NoiseSample, 0, 1);

    /// <summary>
    /// Starts the second legacy read when this copy is sampled and there is room; null when it is not. The task never
    /// throws: a failed read is counted and gives null.
    /// </summary>
    public Task<HttpAnswer?>? Start(ShadowWork work, CancellationToken ct)
    {
        var sample = SampleOf(work.Group.Topology);
        if (sample <= 0 || !work.Group.Rollout.Stage.ComparesReads() || Random.Shared.NextDouble() >= sample)
        {
            return null;
        }
        if (queue.Pending > Math.Max(1, options.Value.QueueCapacity) / 4)
        {
            metrics.NoiseRead(work.Group.Name, NoiseReadOutcome.Dropped);
            return null;
        }
        return ReadAsync(work, ct);
    }

    /// <summary>Compares the two legacy answers and counts their differing paths as the group's noise.</summary>
    public void Record(ShadowWork work, HttpAnswer legacy, HttpAnswer again)
    {
        var verdict = AnswerComparer.Compare(legacy, again, work.Group.Topology.ShadowRules);
        if (verdict.Error is not null)
        {
            metrics.NoiseRead(work.Group.Name, NoiseReadOutcome.Error);
            return;
        }
        ledger.NoiseCompared(work.Group.Name, verdict.Paths);
        metrics.NoiseRead(work.Group.Name, NoiseReadOutcome.Compared);
    }

    private async Task<HttpAnswer?> ReadAsync(ShadowWork work, CancellationToken ct)
    {
        try
        {
            return (await reader.ReadAsync(work, Side.Legacy, withHeaders: false, ct)).Answer;
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            metrics.NoiseRead(work.Group.Name, NoiseReadOutcome.Error);
            log.LogDebug("Noise read of {Path} in group {Group} failed: {Error}", work.ClientPath, work.Group.Name, e.Message);
            return null;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }
}

/// <summary>How a noise read ended (<c>ftgo.gateway.shadow.noise_reads</c>).</summary>
internal enum NoiseReadOutcome
{
    /// <summary>Both legacy answers were compared and counted.</summary>
    Compared,

    /// <summary>Not made: the shadow queue was busy.</summary>
    Dropped,

    /// <summary>The second read got no answer, or the answers could not be compared.</summary>
    Error,
}
