using System.Diagnostics;
using Ftgo.Comparison;
using Ftgo.Stages;
using Microsoft.Extensions.Options;

namespace Ftgo.Gateway.Shadow;

/// <summary>
/// Sends the queued copies to the other side (through the new service's circuit breaker) and compares the
/// answers. A pair that matches, or that cannot be compared, is judged at once; a pair that differs waits in
/// <see cref="ConfirmQueue"/> for its group's delay and is judged by <see cref="ConfirmWorker"/> on a re-read,
/// so that replication lag is not counted as a mismatch. A sampled copy also reads legacy a second time, side by side
/// with the other side (<see cref="NoiseSampler"/>); a pair that differs only in paths learned as noise is judged at once.
/// </summary>
internal sealed class ShadowWorker(ShadowQueue queue, ShadowReader reader, ConfirmQueue confirmations, ShadowVerdicts verdicts,
    NoiseSampler noise, NoiseLedger ledger, Telemetry.GatewayMetrics metrics, IOptions<ShadowOptions> options, TimeProvider clock,
    ILogger<ShadowWorker> log)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Value.Workers)).Select(_ => Task.Run(() => RunAsync(stoppingToken))));

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var work in queue.Reader.ReadAllAsync(stoppingToken))
            {
                await ProcessAsync(work, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    internal async Task ProcessAsync(ShadowWork work, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var legacyAgain = noise.Start(work, ct);
        SideAnswer other;
        try
        {
            other = await reader.ReadAsync(work, work.OtherSide, withHeaders: work.PrimaryHeaders is not null, ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            if (legacyAgain is not null)
            {
                // Waited for all the same: the noise read holds this worker, as the shadow budget counts it.
                await legacyAgain;
            }
            verdicts.Failed(work, Stopwatch.GetElapsedTime(started));
            log.LogDebug("Shadow copy of {Path} to {Service} failed: {Error}", work.ClientPath,
                ShadowReader.ServiceOf(work, work.OtherSide), e.Message);
            return;
        }
        var elapsed = Stopwatch.GetElapsedTime(started);
        var primary = new SideAnswer(work.Primary, work.PrimaryHeaders);
        var (legacy, @new) = work.OtherSide == Side.New ? (primary, other) : (other, primary);
        var again = legacyAgain is null ? null : await legacyAgain;
        await InlineCompletions.LeaveSocketThreadAsync(legacy.Answer.Body.Length + @new.Answer.Body.Length + (again?.Body.Length ?? 0));
        if (again is not null)
        {
            noise.Record(work, legacy.Answer, again);
        }
        var verdict = AnswerComparer.Compare(legacy.Answer, @new.Answer, work.Group.Topology.ShadowRules);
        if (verdict.Error is null)
        {
            ledger.RawCompared(work.Group.Name, verdict.Paths);
        }
        var at = clock.GetUtcNow() - Stopwatch.GetElapsedTime(work.EnqueuedAt);
        // A pair that differs only in noise needs no re-read: whatever the re-read says, it is not a mismatch.
        if (verdict is { Matched: false, Error: null } && ledger.Split(work.Group.Name, verdict.Paths).Real.Count > 0
            && ConfirmAfter(work) is { } after)
        {
            if (confirmations.TryOffer(new Confirmation(work, verdict, elapsed, at), after))
            {
                return;
            }
            // No room to wait: counted as it is, so that overload can only make the gate stricter.
            metrics.ShadowUnconfirmed(work.Group.Name, work.PrimaryOrigin);
            verdicts.Judged(work, at, legacy, @new, verdict, elapsed, ConfirmState.Unconfirmed, null);
            return;
        }
        verdicts.Judged(work, at, legacy, @new, verdict, elapsed, ConfirmState.FirstLook, null);
    }

    /// <summary>The group's confirmation delay, else the gateway's; null when confirmation is off.</summary>
    private TimeSpan? ConfirmAfter(ShadowWork work) =>
        (work.Group.Topology.ConfirmAfter ?? options.Value.ConfirmAfter) is { } after && after > TimeSpan.Zero ? after : null;
}
