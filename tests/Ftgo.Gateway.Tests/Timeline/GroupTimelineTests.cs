using Ftgo.Gateway.Telemetry;
using Ftgo.Gateway.Timeline;
using Ftgo.Stages;

namespace Ftgo.Gateway.Tests.Timeline;

/// <summary>The timeline's samples: each interval's differences of the group's counters, per side, kept for the span.</summary>
public sealed class GroupTimelineTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Fast = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan Slow = TimeSpan.FromMilliseconds(300);

    [Fact]
    public void ASample_HoldsTheIntervalsAnswersPerSide_NotTheTotalsSinceStart()
    {
        var stats = new GroupStats();
        var timeline = new GroupTimeline(new TimelineOptions());
        Answer(stats, "legacy", 200, 3);
        Answer(stats, "legacy", 503, 1);
        Answer(stats, "kitchen", 200, 2);
        Answer(stats, "gateway", 401, 5); // the gateway's own refusals are neither side's

        var first = timeline.Sample(stats, "kitchen", "live", 50, Start);
        Answer(stats, "legacy", 200, 1);
        var second = timeline.Sample(stats, "kitchen", "live", 50, Start.AddSeconds(5));

        Assert.Equal((4L, 1L, (double?)0.25), (first.Legacy.Requests, first.Legacy.ServerErrors, first.Legacy.ErrorRate));
        Assert.Equal(2, first.New.Requests);
        Assert.Equal(0, first.New.ErrorRate);
        Assert.Equal(("live", 50.0), (first.Stage, first.Percent));
        Assert.Equal(1, second.Legacy.Requests);
        Assert.Equal(0, second.Legacy.ServerErrors);
        Assert.Equal(0, second.Legacy.ErrorRate);
        // Nothing answered by the new side in the interval: no rate and no p99, rather than a zero that looks like health.
        Assert.Equal((0L, 0L, (double?)null, (double?)null), (second.New.Requests, second.New.ServerErrors, second.New.ErrorRate, second.New.P99Ms));
        Assert.Equal(5, second.Seconds);
        Assert.Equal([first, second], timeline.Samples());
    }

    [Fact]
    public void TheP99_IsTheIntervals_FromEachSidesOwnLatencies()
    {
        var stats = new GroupStats();
        var timeline = new GroupTimeline(new TimelineOptions());
        Answer(stats, "legacy", 200, 99, Fast);
        Answer(stats, "legacy", 200, 1, Slow);
        Answer(stats, "delivery", 200, 100, Slow);
        var calm = timeline.Sample(stats, "delivery", "live", 50, Start);
        Answer(stats, "legacy", 200, 90, Fast);
        Answer(stats, "legacy", 200, 10, Slow);
        var slow = timeline.Sample(stats, "delivery", "live", 50, Start.AddSeconds(5));
        Answer(stats, "legacy", 200, 100, Fast);
        var calmAgain = timeline.Sample(stats, "delivery", "live", 50, Start.AddSeconds(10));

        // Within one histogram step (25 %) above the true value.
        Assert.InRange(calm.Legacy.P99Ms!.Value, 2, 2.5);
        Assert.InRange(calm.New.P99Ms!.Value, 300, 375);
        Assert.InRange(slow.Legacy.P99Ms!.Value, 300, 375);
        // Over the 300 answers since start the slow 11 are more than 1 %: only the interval's own answers make this fast.
        Assert.InRange(calmAgain.Legacy.P99Ms!.Value, 2, 2.5);
        Assert.Null(calmAgain.New.P99Ms);
    }

    [Fact]
    public void TheMismatchRate_IsTheIntervalsConfirmedMismatches_OverItsComparedReads()
    {
        var stats = new GroupStats();
        var timeline = new GroupTimeline(new TimelineOptions());
        foreach (var outcome in new[] { ShadowOutcome.Matched, ShadowOutcome.Matched, ShadowOutcome.Matched, ShadowOutcome.Converged,
                     ShadowOutcome.Mismatched, ShadowOutcome.Error })
        {
            stats.Origin("legacy").Shadowed(outcome, Fast);
        }
        stats.Origin("delivery").Shadowed(ShadowOutcome.Mismatched, Fast);
        stats.FellBack();

        var first = timeline.Sample(stats, "delivery", "live", 10, Start);
        var second = timeline.Sample(stats, "delivery", "live", 10, Start.AddSeconds(5));

        // A converged difference (replication lag) is a compared read, not a mismatch; an error is neither.
        Assert.Equal((6L, 2L, 2 / 6.0, 1L), (first.Compared, first.Mismatched, first.MismatchRate!.Value, first.Fallbacks));
        Assert.Equal((0L, 0L, (double?)null, 0L), (second.Compared, second.Mismatched, second.MismatchRate, second.Fallbacks));
    }

    [Fact]
    public void TheSamples_AreBoundedToTheSpan()
    {
        var options = new TimelineOptions { Interval = TimeSpan.FromSeconds(5), Span = TimeSpan.FromMinutes(15) };
        var stats = new GroupStats();
        var timeline = new GroupTimeline(options);
        for (var i = 0; i < 200; i++)
        {
            Answer(stats, "legacy", 200, i);
            timeline.Sample(stats, "kitchen", "off", 0, Start.AddSeconds(5 * i));
        }

        var kept = timeline.Samples();
        Assert.Equal(180, options.Capacity);
        Assert.Equal(180, kept.Count);
        Assert.Equal(Start.AddSeconds(5 * 20), kept[0].At);
        Assert.Equal(Start.AddSeconds(5 * 199), kept[^1].At);
        Assert.Equal(Enumerable.Range(20, 180).Select(i => (long)i), kept.Select(s => s.Legacy.Requests));
    }

    [Fact]
    public void SamplesOlderThanTheSpan_Leave_EvenWhenTheSamplerFellBehind()
    {
        var timeline = new GroupTimeline(new TimelineOptions { Interval = TimeSpan.FromSeconds(5), Span = TimeSpan.FromMinutes(15) });
        var stats = new GroupStats();
        timeline.Sample(stats, "kitchen", "off", 0, Start);
        timeline.Sample(stats, "kitchen", "off", 0, Start.AddMinutes(10));
        var late = timeline.Sample(stats, "kitchen", "off", 0, Start.AddMinutes(20));

        Assert.Equal([Start.AddMinutes(10), Start.AddMinutes(20)], timeline.Samples().Select(s => s.At));
        Assert.Equal(600, late.Seconds);
    }

    [Fact]
    public void SeveralReplicasSamples_OfOneInterval_AddUp_WithTheP99OfAllTheirAnswers()
    {
        var (one, two) = (new GroupStats(), new GroupStats());
        Answer(one, "legacy", 200, 99, Fast);
        Answer(one, "delivery", 500, 1, Fast);
        Answer(two, "legacy", 200, 1, Slow); // alone, two's p99 is slow; among the fleet's 100 legacy answers it is the 1 %
        Answer(two, "delivery", 200, 3, Fast);
        two.Origin("legacy").Shadowed(ShadowOutcome.Mismatched, Fast);
        one.Origin("legacy").Shadowed(ShadowOutcome.Matched, Fast);

        var sum = TimelineSample.Sum([
            new GroupTimeline(new TimelineOptions()).Sample(one, "delivery", "live", 50, Start),
            new GroupTimeline(new TimelineOptions()).Sample(two, "delivery", "live", 50, Start.AddSeconds(1)),
        ]);

        Assert.Equal((100L, 0L, 4L, 1L, 0.25), (sum.Legacy.Requests, sum.Legacy.ServerErrors, sum.New.Requests, sum.New.ServerErrors, sum.New.ErrorRate!.Value));
        Assert.InRange(sum.Legacy.P99Ms!.Value, 2, 2.5);
        Assert.Equal((2L, 1L, 0.5, 2), (sum.Compared, sum.Mismatched, sum.MismatchRate!.Value, sum.Replicas));
        Assert.Equal(Start.AddSeconds(1), sum.At);
    }

    [Theory]
    [InlineData("live", 10, "live", 50, "person", "stage")]
    [InlineData("shadow", 0, "live", 5, "runbook", "stage")]
    [InlineData("live", 50, "dualwrite", 0, "person", "rollback")]
    [InlineData("complete", 0, "rampdown", 0, "auto-rollback", "rollback")]
    [InlineData("live", 50, "live", 10, "auto-rollback", "rollback")]
    [InlineData("live", 50, "live", 50, "person", null)] // an approval: neither stage nor percent moved
    public void AFlagsChange_IsAStageMarker_ARollbackMarker_OrNone(string from, double fromPercent, string to, double toPercent, string kind,
        string? marker)
    {
        var change = new FlagsChange(7, Start, "kitchen", "admin", kind, from, fromPercent, to, toPercent, "why");

        Assert.Equal(marker, TimelineEvent.Of(change)?.Kind);
    }

    private static void Answer(GroupStats stats, string origin, int status, int count, TimeSpan? latency = null)
    {
        for (var i = 0; i < count; i++)
        {
            stats.Origin(origin).Answered(status, latency ?? Fast);
        }
    }
}
