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
            var rates = await Eventually.UntilAsync(
                () => Prometheus.QueryAsync("sum by (group, stage) (rate(ftgo_gateway_requests_total{job=\"ftgo-gateway\"}[10s]))"),
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
        var queries = dashboard["panels"]!.AsArray()
            .SelectMany(p => p!["targets"]?.AsArray() ?? [])
            .Select(t => (Title: "panel", Expr: t!["expr"]!.GetValue<string>()))
            .Concat(dashboard["annotations"]!["list"]!.AsArray()
                .Where(a => a!["expr"] is not null)
                .Select(a => (Title: a!["name"]!.GetValue<string>(), Expr: a["expr"]!.GetValue<string>())))
            .Select(q => q.Expr.Replace("$group", "delivery").Replace("$__rate_interval", "10s"))
            .ToList();
        Assert.NotEmpty(queries);

        using var client = Loopback.Client(fleet.Cluster.Url(Deployable.Gateway));
        await using (new Traffic(client))
        {
            var requests = queries.Single(q => q.Contains("sum by (origin) (rate(ftgo_gateway_requests_total{group=~\"delivery\"}[10s]))"));
            await Eventually.UntilAsync(() => Prometheus.QueryAsync(requests), samples => samples.Any(s => s.Value > 0),
                "the dashboard's requests-by-origin panel to show the delivery group's traffic", Scraped, () => Prometheus.Log);
        }
        var refused = new List<string>();
        foreach (var query in queries)
        {
            try
            {
                await Prometheus.QueryAsync(query);
            }
            catch (InvalidOperationException e)
            {
                refused.Add(e.Message);
            }
        }
        Assert.Empty(refused);
    }
}
