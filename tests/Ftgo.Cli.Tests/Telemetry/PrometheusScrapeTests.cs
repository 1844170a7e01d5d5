using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ftgo.Cli.Tests.Infrastructure;
using Ftgo.Testing.Processes;

namespace Ftgo.Cli.Tests.Telemetry;

/// <summary>
/// A real Prometheus scrapes the gateway, the services and <c>ftgo cdc run</c> on the shipped configuration, and
/// answers the questions the alert rules and the dashboard ask of it.
/// </summary>
public sealed class PrometheusScrapeTests(PrometheusFleet fleet) : IClassFixture<PrometheusFleet>
{
    private static readonly TimeSpan Scraped = TimeSpan.FromSeconds(60);

    private PrometheusServer Prometheus => fleet.Prometheus;

    [Fact]
    public async Task GatewayRequestRate_ByGroupAndStage_IsQueryable()
    {
        using var client = Loopback.Client(fleet.Cluster.Url(Deployable.Gateway));
        await using (new Traffic(client))
        {
            // A 30 s window: while other tests' fleets share the cores, a scrape may miss (2 s timeout); a rate needs two in its window.
            var rates = await Eventually.UntilAsync(
                () => Prometheus.QueryAsync("sum by (group, stage) (rate(ftgo_gateway_requests_total{job=\"ftgo-gateway\"}[30s]))"),
                samples => samples.Any(s => s["group"] == "delivery" && s["stage"] == "rampdown" && s.Value > 0),
                "a gateway request rate for the delivery group at rampdown", Scraped, () => Prometheus.Log);

            Assert.DoesNotContain(rates, s => s["group"] == "kitchen");
            // The latency histogram's buckets are seconds, as its unit: a p99 can be read from them.
            var buckets = await Prometheus.QueryAsync(
                "count by (le) (ftgo_gateway_request_duration_seconds_bucket{job=\"ftgo-gateway\", group=\"delivery\"})");
            Assert.Contains(buckets, b => b["le"] == "0.005");
        }
    }

    [Fact]
    public async Task CdcLag_IsScrapedForEachTarget()
    {
        var lags = await Eventually.UntilAsync(() => Prometheus.QueryAsync("ftgo_cdc_lag_seconds{job=\"ftgo-cdc\"}"),
            samples => samples.Select(s => s["target"]).Order().SequenceEqual(["delivery", "kitchen"]),
            "the CDC lag of the kitchen and delivery targets", Scraped, () => Prometheus.Log);

        Assert.All(lags, lag => Assert.True(lag.Value >= 0, $"lag {lag}"));
        var leading = Assert.Single(await Prometheus.QueryAsync("ftgo_cdc_leading{job=\"ftgo-cdc\"}"));
        Assert.Equal(1, leading.Value);
    }

    [Fact]
    public async Task TheServices_ReportTheirCdcLag_AndTheGatewaysTimelineChartsIt()
    {
        // Each service reads its runners' beats in its own schema: what the gateway's dashboard charts, with no Prometheus between.
        using var delivery = Loopback.Client(fleet.Cluster.Url(Deployable.Delivery));
        var report = await Eventually.UntilAsync(async () => (await delivery.GetFromJsonAsync<JsonNode>("/_ftgo/cdc"))!,
            r => r["state"]!.GetValue<string>() == "running", "the Delivery service to report CDC running", Scraped);
        Assert.True(report["lagSeconds"]!.GetValue<double>() >= 0);
        Assert.InRange(report["heartbeatAgeSeconds"]!.GetValue<double>(), 0, 5);

        using var admin = Loopback.Client(fleet.Cluster.Url(Deployable.Gateway));
        admin.DefaultRequestHeaders.Authorization = new("Bearer", EmbeddedCluster.AdminToken);
        var timeline = await Eventually.UntilAsync(async () => (await admin.GetFromJsonAsync<JsonNode>("/_strangler/timeline"))!["groups"]!.AsArray(),
            groups => groups.All(g => g!["samples"]!.AsArray().Any(s => s!["cdcLagSeconds"] is not null)),
            "a CDC lag in every group's timeline", Scraped);
        Assert.Equal(["delivery", "kitchen"], timeline.Select(g => g!["group"]!.GetValue<string>()).Where(g => g is "delivery" or "kitchen").Order());
    }

    [Fact]
    public async Task AlertRules_EvaluateOnTheScrapedSeries_AndNoneFiresOnAHealthyFleet()
    {
        var rules = await Eventually.UntilAsync(Prometheus.RulesAsync,
            loaded => loaded.Count > 0 && loaded.All(r => r["health"]!.GetValue<string>() != "unknown"),
            "Prometheus to load and evaluate the shipped alert rules", Scraped, () => Prometheus.Log);

        Assert.Empty(rules.Where(r => r["health"]!.GetValue<string>() != "ok").Select(r => $"{r["name"]}: {r["lastError"]}"));
        Assert.Contains(rules, r => r["name"]!.GetValue<string>() == "FtgoCdcLagHigh");
        Assert.Empty(rules.Where(r => r["state"]?.GetValue<string>() == "firing").Select(r => r["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task DashboardQueries_RunOnTheScrapedSeries()
    {
        var dashboard = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(PrometheusServer.Shipped, "grafana-dashboard.json")))!;
        // A repeated row's panels run with one group each; Grafana picks the rate window.
        static string ForDelivery(JsonNode? expr) => expr!.GetValue<string>().Replace("$group", "delivery").Replace("$__rate_interval", "30s");
        var panels = dashboard["panels"]!.AsArray()
            .SelectMany(p => (p!["targets"]?.AsArray() ?? []).Select(t => (Title: p["title"]!.GetValue<string>(), Expr: ForDelivery(t!["expr"]))))
            .ToList();
        var annotations = dashboard["annotations"]!["list"]!.AsArray().Where(a => a!["expr"] is not null).Select(a => ForDelivery(a!["expr"]));
        Assert.NotEmpty(panels);

        using var client = Loopback.Client(fleet.Cluster.Url(Deployable.Gateway));
        await using (new Traffic(client))
        {
            var requests = Assert.Single(panels, p => p.Title == "Requests by origin").Expr;
            await Eventually.UntilAsync(() => Prometheus.QueryAsync(requests), samples => samples.Any(s => s["origin"] == "delivery" && s.Value > 0),
                "the dashboard's requests-by-origin panel to show the delivery group's traffic", Scraped, () => Prometheus.Log);
        }
        var refused = new List<string>();
        var answered = new HashSet<string>();
        foreach (var (title, expr) in panels.Concat(annotations.Select(a => (Title: "(annotation)", Expr: a))))
        {
            try
            {
                if ((await Prometheus.QueryAsync(expr)).Count > 0)
                {
                    answered.Add(title);
                }
            }
            catch (InvalidOperationException e)
            {
                refused.Add($"{title}: {e.Message}");
            }
        }
        Assert.Empty(refused);
        Assert.Empty(AnsweredByEveryFleet.Except(answered));
    }

    // The panels with data (from one of their queries at least) on any running fleet; errors, shadow copies and
    // rollbacks show only once they happen.
    private static readonly HashSet<string> AnsweredByEveryFleet =
    [
        "Targets up", "CDC lag by target", "CDC changes and dead letters", "Stage by group",
        "Requests by origin", "p99 latency by origin", "CDC lag", "Stage, live percent and rollbacks",
    ];
}
