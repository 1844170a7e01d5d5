using Ftgo.Stages;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Ftgo.Gateway.Routing;

namespace Ftgo.Gateway.Telemetry;

/// <summary>
/// Everything the gateway counts, in one place: OpenTelemetry instruments (meter <c>Ftgo.Gateway</c>,
/// tagged by group and origin) and the same counts in memory for the admin API and the dashboard.
/// </summary>
internal sealed class GatewayMetrics
{
    public const string MeterName = "Ftgo.Gateway";

    /// <summary>The group name under which the catch-all route to legacy is counted.</summary>
    public const string CatchAllGroup = "(catch-all)";

    private static readonly string[] StatusClasses = ["1xx", "2xx", "3xx", "4xx", "5xx"];

    // The exporters' default buckets (0, 5, 10, … 10000) are milliseconds: in seconds every answer fell in the first
    // one, and a p99 read from them was noise. These are ASP.NET Core's own for http.server.request.duration.
    private static readonly InstrumentAdvice<double> SecondsBuckets = new()
    {
        HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
    };

    /// <summary>
    /// The platform's per-request HTTP instruments, not collected in the gateway: its own <c>ftgo.gateway.requests</c> and
    /// <c>ftgo.gateway.request.duration</c> count and time every proxied request by group, stage and the side that answered,
    /// which is what a migration's alerts and dashboard read; the platform's would measure the same requests again, without
    /// the side, at a cost on every request (the gateway benchmark with <c>Ftgo:Telemetry:Prometheus=true</c>). A team that
    /// wants one back removes it here.
    /// </summary>
    public static readonly string[] PlatformDuplicates =
    [
        "http.server.request.duration",  // = ftgo.gateway.request.duration, without group, stage and side
        "http.server.active_requests",   // two updates per request
        "http.client.request.duration",  // the proxied call's time, inside ftgo.gateway.request.duration
        "http.client.open_connections",  // four updates per proxied request (a pooled connection turns active, then idle)
    ];

    private readonly ConcurrentDictionary<string, GroupStats> _groups = new(StringComparer.Ordinal);
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _newSideFailures;
    private readonly Counter<long> _fallbacks;
    private readonly Counter<long> _resent;
    private readonly Counter<long> _shadow;
    private readonly Histogram<double> _shadowDuration;
    private readonly Counter<long> _unconfirmed;
    private readonly Counter<long> _noiseReads;
    private readonly Counter<long> _circuitOpened;
    private readonly Counter<long> _rollbacks;
    private readonly Counter<long> _partitionLookups;

    public GatewayMetrics(IMeterFactory meters, RoutingTableSource tables)
    {
        Meter = meters.Create(MeterName);
        _requests = Meter.CreateCounter<long>("ftgo.gateway.requests", "{request}", "Requests answered, by group, stage, origin and status class.");
        _duration = Meter.CreateHistogram<double>("ftgo.gateway.request.duration", "s", "Time to answer, by group, stage and origin.",
            tags: null, advice: SecondsBuckets);
        _newSideFailures = Meter.CreateCounter<long>("ftgo.gateway.new_side.failures", "{request}",
            "New-side requests that failed (5xx, timeout, refused connection).");
        _fallbacks = Meter.CreateCounter<long>("ftgo.gateway.fallbacks", "{request}", "Reads at live answered from legacy after the new side failed.");
        _resent = Meter.CreateCounter<long>("ftgo.gateway.moved_resends", "{request}",
            "Requests the monolith refused as moved (its flags a moment ahead of the gateway's), sent to the new side instead.");
        _shadow = Meter.CreateCounter<long>("ftgo.gateway.shadow.copies", "{request}",
            "Shadow copies by outcome: matched, converged (differed, then matched on the re-read), noise (differed only in learned noise), " +
            "mismatched, error, dropped.");
        _noiseReads = Meter.CreateCounter<long>("ftgo.gateway.shadow.noise_reads", "{request}",
            "Second legacy reads of sampled copies, by outcome: compared (counted as noise samples), dropped (the shadow queue was busy), error.");
        _unconfirmed = Meter.CreateCounter<long>("ftgo.gateway.shadow.unconfirmed", "{request}",
            "Differences counted as mismatches without a re-read because the confirmation queue was full.");
        _shadowDuration = Meter.CreateHistogram<double>("ftgo.gateway.shadow.duration", "s", "Latency of the other side on shadow copies.",
            tags: null, advice: SecondsBuckets);
        _circuitOpened = Meter.CreateCounter<long>("ftgo.gateway.circuit.opened", "{event}", "Circuit breaker openings, by service.");
        _rollbacks = Meter.CreateCounter<long>("ftgo.gateway.rollbacks", "{event}", "Automatic rollbacks, by group.");
        _partitionLookups = Meter.CreateCounter<long>("ftgo.gateway.partition.lookups", "{request}",
            "How requests of a group split by partition found it, by outcome: route (a route value), hit (the cache), miss (asked the " +
            "monolith), unknown (no such order: legacy answers), failed (the monolith did not answer: 503).");
        Meter.CreateObservableGauge("ftgo.gateway.stage", () => tables.Current.Groups.Values.Select(g =>
                new Measurement<int>((int)g.Rollout.Stage, new KeyValuePair<string, object?>("group", g.Name))),
            "{stage}", "Each group's stage: 0 off, 1 dualwrite, 2 shadow, 3 live, 4 rampdown, 5 complete.");
        Meter.CreateObservableGauge("ftgo.gateway.live_percent", () => tables.Current.Groups.Values.Select(g =>
                new Measurement<double>(g.Rollout.Percent, new KeyValuePair<string, object?>("group", g.Name))),
            "%", "Each group's share of cohorts on the new side at live.");
    }

    public Meter Meter { get; }

    public GroupStats Group(string group) => _groups.GetOrAdd(group, _ => new GroupStats());

    /// <param name="stage">The group's stage for this request's cohort (its wire name); null for the catch-all.</param>
    public void Answered(string group, string? stage, string origin, int status, TimeSpan elapsed)
    {
        Group(group).Origin(origin).Answered(status, elapsed);
        var tags = new TagList { { "group", group }, { "origin", origin } };
        if (stage is not null)
        {
            tags.Add("stage", stage);
        }
        _duration.Record(elapsed.TotalSeconds, tags);
        tags.Add("status_class", StatusClasses[Math.Clamp(status / 100 - 1, 0, 4)]);
        _requests.Add(1, tags);
    }

    public void PartitionLookedUp(string group, PartitionOutcome outcome)
    {
        Group(group).PartitionLookedUp(outcome);
        _partitionLookups.Add(1, new TagList { { "group", group }, { "outcome", outcome.ToWire() } });
    }

    public void NewSideFailed(string group, string service)
    {
        Group(group).Origin(service).NewSideFailed();
        _newSideFailures.Add(1, new TagList { { "group", group }, { "service", service } });
    }

    public void ResentToNewSide(string group)
    {
        Group(group).ResentToNewSide();
        _resent.Add(1, new KeyValuePair<string, object?>("group", group));
    }

    public void FellBack(string group)
    {
        Group(group).FellBack();
        _fallbacks.Add(1, new KeyValuePair<string, object?>("group", group));
    }

    public void ShadowDropped(string group, string origin)
    {
        Group(group).Origin(origin).Dropped1();
        _shadow.Add(1, new TagList { { "group", group }, { "origin", origin }, { "outcome", "dropped" } });
    }

    public void ShadowUnconfirmed(string group, string origin)
    {
        Group(group).Origin(origin).Unconfirmed1();
        _unconfirmed.Add(1, new TagList { { "group", group }, { "origin", origin } });
    }

    public void ShadowCompared(string group, string origin, ShadowOutcome outcome, TimeSpan elapsed)
    {
        Group(group).Origin(origin).Shadowed(outcome, elapsed);
        var tags = new TagList { { "group", group }, { "origin", origin } };
        _shadowDuration.Record(elapsed.TotalSeconds, tags);
        tags.Add("outcome", outcome switch
        {
            ShadowOutcome.Matched => "matched",
            ShadowOutcome.Mismatched => "mismatched",
            ShadowOutcome.Converged => "converged",
            ShadowOutcome.Noise => "noise",
            _ => "error",
        });
        _shadow.Add(1, tags);
    }

    public void NoiseRead(string group, Shadow.NoiseReadOutcome outcome) =>
        _noiseReads.Add(1, new TagList
        {
            { "group", group },
            { "outcome", outcome switch { Shadow.NoiseReadOutcome.Compared => "compared", Shadow.NoiseReadOutcome.Dropped => "dropped", _ => "error" } },
        });

    public void CircuitOpened(string service) => _circuitOpened.Add(1, new KeyValuePair<string, object?>("service", service));

    public void RolledBack(string group, MigrationStage from, double fromPercent, MigrationStage to, string reason, DateTimeOffset at)
    {
        Group(group).RolledBack(new RollbackRecord(at, from.ToWire(), from == MigrationStage.Live ? fromPercent : 0, to.ToWire(), reason));
        _rollbacks.Add(1, new KeyValuePair<string, object?>("group", group), new KeyValuePair<string, object?>("from", from.ToWire()));
    }
}
