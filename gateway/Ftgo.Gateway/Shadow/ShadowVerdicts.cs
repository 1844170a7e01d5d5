using Ftgo.Comparison;
using Ftgo.Gateway.Capture;
using Ftgo.Gateway.Resilience;
using Ftgo.Gateway.Telemetry;

namespace Ftgo.Gateway.Shadow;

/// <summary>
/// Where a shadow comparison ends, first look or re-read alike: counts the outcome, keeps a mismatch, and
/// hands the judged pair to capture when the group's reads are recorded. A pair whose every differing path is learned
/// noise (<see cref="NoiseLedger"/>) is counted as <c>noise</c>, not as a mismatch; a mismatch keeps its noise paths apart.
/// </summary>
internal sealed class ShadowVerdicts(MismatchStore mismatches, GatewayMetrics metrics, ComparisonWindows windows, CaptureQueue capture,
    NoiseLedger noise, TimeProvider clock, ILogger<ShadowVerdicts> log)
{
    /// <summary>No verdict: a side gave no answer in time (not captured: there is no pair to record).</summary>
    public void Failed(ShadowWork work, TimeSpan latency) =>
        metrics.ShadowCompared(work.Group.Name, work.PrimaryOrigin, ShadowOutcome.Error, latency);

    /// <summary>Counts (and keeps, and captures) the verdict on a pair of answers.</summary>
    public void Judged(ShadowWork work, DateTimeOffset at, SideAnswer legacy, SideAnswer @new, ComparisonVerdict verdict,
        TimeSpan latency, ConfirmState state, IReadOnlyList<string>? firstPaths)
    {
        var group = work.Group.Name;
        if (work.PrimaryHeaders is not null && legacy.Headers is not null && @new.Headers is not null && capture.IsOn(group))
        {
            capture.Offer(new CaptureItem(work, at, legacy.Answer, legacy.Headers, @new.Answer, @new.Headers, verdict, state.ToWire(),
                state is ConfirmState.Converged or ConfirmState.Confirmed ? firstPaths : null));
        }
        if (verdict.Error is not null)
        {
            metrics.ShadowCompared(group, work.PrimaryOrigin, ShadowOutcome.Error, latency);
            return;
        }
        var (real, noisePaths) = noise.Split(group, verdict.Paths);
        var outcome = verdict.Matched
            ? state == ConfirmState.Converged ? ShadowOutcome.Converged : ShadowOutcome.Matched
            : real.Count == 0 ? ShadowOutcome.Noise : ShadowOutcome.Mismatched;
        metrics.ShadowCompared(group, work.PrimaryOrigin, outcome, latency);
        windows.Record(group, failed: outcome == ShadowOutcome.Mismatched, latency);
        if (outcome == ShadowOutcome.Converged)
        {
            log.LogDebug("Shadow difference in group {Group} on {Path} converged on the re-read ({Paths}): replication lag",
                group, work.ClientPath, string.Join(", ", firstPaths ?? []));
        }
        if (outcome == ShadowOutcome.Noise)
        {
            noise.Suppressed(group);
            log.LogDebug("Shadow difference in group {Group} on {Path} is noise only ({Paths}): not a mismatch",
                group, work.ClientPath, string.Join(", ", noisePaths));
        }
        if (outcome != ShadowOutcome.Mismatched)
        {
            return;
        }
        mismatches.Add(clock.GetUtcNow(), group, work.ClientPath, work.PrimaryOrigin, legacy.Answer, @new.Answer, real,
            state.ToWire(), state == ConfirmState.Confirmed ? firstPaths : null, noisePaths);
        log.LogInformation("Shadow mismatch ({Confirmation}) in group {Group} on {Path}: {Paths}{Noise}",
            state.ToWire() ?? "not confirmed: off", group, work.ClientPath, string.Join(", ", real),
            noisePaths.Count > 0 ? " (noise, suppressed: " + string.Join(", ", noisePaths) + ")" : "");
    }
}
