using System.Globalization;
using Ftgo.Cli.Gateway;
using Ftgo.Migration.Running;

namespace Ftgo.Cli.Runbooks;

/// <summary>
/// Judges a gate against the group's counters since the step began (compared, mismatched, new-side
/// requests are differences from a baseline read when the step started), the gateway's live window
/// (error rate, p99) and CDC's status. See <see cref="Gate"/> for which bounds wait and which fail.
/// </summary>
internal static class GateEvaluator
{
    /// <summary>The window's error rate and p99 are judged on at least this many requests (or min_requests if smaller).</summary>
    public const long MinWindowSample = 20;

    /// <summary>
    /// A counter's growth since the baseline. A counter below its baseline was reset (the gateway replica restarted,
    /// or the hold resumed on another one): what it counted since is all there is.
    /// </summary>
    private static long Since(long now, long baseline) => now >= baseline ? now - baseline : now;

    public static GateReading Evaluate(Gate gate, GroupStatus baseline, GroupStatus now, CdcStatus? cdc, bool cdcRequired, TimeSpan elapsed)
    {
        var values = new List<GateValue>();
        var compared = Since(now.Compared, baseline.Compared);
        var mismatched = Since(now.Mismatched, baseline.Mismatched);
        if (gate.MinCompared is { } minCompared)
        {
            values.Add(new GateValue("compared reads", $"{compared}", $"≥ {minCompared}", compared >= minCompared ? GateValueState.Met : GateValueState.Waiting));
        }
        if (gate.MaxMismatchRate is { } maxRate)
        {
            var rate = compared == 0 ? 0 : (double)mismatched / compared;
            var judged = compared >= Math.Max(1, gate.MinCompared ?? 1);
            values.Add(new GateValue("mismatch rate", $"{Percent(rate)} ({mismatched}/{compared})", $"≤ {Percent(maxRate)}",
                !judged ? GateValueState.Waiting : rate <= maxRate ? GateValueState.Met : GateValueState.Failed));
        }
        var newRequests = Since(now.Answered.New, baseline.Answered.New);
        if (gate.MinRequests is { } minRequests)
        {
            values.Add(new GateValue("new-side requests", $"{newRequests}", $"≥ {minRequests}",
                newRequests >= minRequests ? GateValueState.Met : GateValueState.Waiting));
        }
        var sample = Math.Min(MinWindowSample, Math.Max(1, gate.MinRequests ?? MinWindowSample));
        var windowJudged = now.Window.Requests >= sample;
        if (gate.MaxErrorRate is { } maxErrors)
        {
            values.Add(new GateValue("error rate", $"{Percent(now.Window.ErrorRate)} ({now.Window.Failures}/{now.Window.Requests})",
                $"≤ {Percent(maxErrors)}",
                !windowJudged || now.Window.ErrorRate <= maxErrors ? GateValueState.Met : GateValueState.Failed));
        }
        if (gate.MaxP99Ms is { } maxP99)
        {
            values.Add(new GateValue("p99", windowJudged ? $"{now.Window.P99Ms:0.#} ms" : $"- ({now.Window.Requests} requests)", $"≤ {maxP99:0.#} ms",
                !windowJudged || now.Window.P99Ms <= maxP99 ? GateValueState.Met : GateValueState.Failed));
        }
        if (cdcRequired || gate.MaxCdcLag is not null)
        {
            values.Add(cdc switch
            {
                null => new GateValue("CDC", "unknown", "running", GateValueState.Waiting),
                { IsRunning: false } => new GateValue("CDC", cdc.Describe(), "running", GateValueState.Failed),
                _ when gate.MaxCdcLag is { } maxLag => new GateValue("CDC lag", Durations.Format(cdc.Lag!.Value), $"≤ {Durations.Format(maxLag)}",
                    cdc.Lag <= maxLag ? GateValueState.Met : GateValueState.Waiting),
                _ => new GateValue("CDC", cdc.Describe(), "running", GateValueState.Met),
            });
        }
        if (gate.MaxKafkaLag is { } maxKafka)
        {
            values.Add(cdc?.KafkaLagTotal is { } kafkaLag
                ? new GateValue("Kafka consumer lag", $"{kafkaLag}", $"≤ {maxKafka}", kafkaLag <= maxKafka ? GateValueState.Met : GateValueState.Waiting)
                : new GateValue("Kafka consumer lag", "unknown (no Kafka transport, or the broker did not answer)", $"≤ {maxKafka}", GateValueState.Waiting));
        }
        if (gate.MinHold is { } hold)
        {
            values.Add(new GateValue("held", Durations.Format(elapsed), $"≥ {Durations.Format(hold)}",
                elapsed >= hold ? GateValueState.Met : GateValueState.Waiting));
        }
        return new GateReading(values, elapsed, values.All(v => v.State == GateValueState.Met));
    }

    /// <summary>What to look at when a bound fails.</summary>
    public static string Advice(GateValue failed, string group, string service) => failed.Name switch
    {
        "mismatch rate" => $"look at the differing JSON paths: GET /_strangler/groups/{group}/mismatches (or the dashboard at /_strangler/)",
        Decommission.DecommissionReport.GateName => $"run 'ftgo decommission-check {group}': it says which route, table or seam still reaches legacy, when last and from where",
        "error rate" or "p99" => $"look at the {service} service's log and /healthz, and the group's live window on the dashboard",
        _ => "look at 'ftgo status' and the output of 'ftgo cdc run' (its dead letters are in cdc_dead_letters)",
    };

    private static string Percent(double ratio) => (ratio * 100).ToString("0.###", CultureInfo.InvariantCulture) + " %";
}
