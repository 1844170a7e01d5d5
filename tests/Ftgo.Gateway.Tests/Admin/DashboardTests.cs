using Ftgo.Gateway.Tests.Infrastructure;
using Ftgo.Stages;

namespace Ftgo.Gateway.Tests.Admin;

/// <summary>
/// The dashboard in a real (headless) browser: it shows the groups live, its rollback button rolls back (on
/// the flags version the page showed), the group's last changes come from the history, and its charts draw the
/// traffic the gateway answered per side, with the rollback as a marker on the same time axis.
/// </summary>
public sealed class DashboardTests
{
    [Fact]
    public async Task TheRollbackButton_MovesTheGroupToDualwrite_AndThePageShowsIt_InTheTableAndTheCharts()
    {
        await using var backend = await FakeService.StartAsync("backend");
        // The services report a CDC lag of 40 ms, as they read it from the runners' beats.
        backend.Handler = http => http.Request.Path.Value switch
        {
            "/couriers/13" => FakeService.Json("{}", 500)(http),
            "/_ftgo/cdc" => FakeService.Json("""{"state":"running","lagSeconds":0.04,"heartbeatAgeSeconds":0.3}""")(http),
            _ => backend.DefaultAnswer(http),
        };
        await using var gateway = new GatewayApp(backend.BaseAddress, backend.BaseAddress, backend.BaseAddress,
            new Dictionary<string, GroupFlags>
            {
                ["kitchen"] = new() { Stage = MigrationStage.Live, Percent = 30 },
                ["delivery"] = new() { Stage = MigrationStage.Live, Percent = 50, ShadowSampleRatio = 0 },
            },
            settings: new Dictionary<string, string?> { ["Ftgo:Gateway:Timeline:Interval"] = "00:00:00.200" }).Start();
        await using var browser = await Chromium.StartAsync();

        await browser.NavigateAsync($"{gateway.BaseAddress}_strangler/#token={TestKeys.AdminToken}");
        const string kitchenStage = "document.querySelector('tr[data-group=\"kitchen\"] .stage')?.textContent";
        await Eventually.UntilAsync(async () => (await browser.EvaluateAsync(kitchenStage))?.GetValue<string>(), s => s == "live",
            "the dashboard showing kitchen at live");
        Assert.Equal("30", (await browser.EvaluateAsync("document.querySelector('tr[data-group=\"kitchen\"] .percent-value').textContent"))!
            .GetValue<string>());
        // The differences that converged after replication lag are shown beside the mismatches (none here).
        Assert.Equal("converged after lag 0", (await browser.EvaluateAsync(
            "document.querySelector('tr[data-group=\"kitchen\"] .converged').textContent"))!.GetValue<string>());

        // Delivery's couriers are read where they were registered (below 10⁹ the monolith): 5 legacy answers, one a 5xx, and 3 new.
        foreach (var courier in new[] { 17L, 17, 18, 19, 13, 1_000_000_000, 1_000_000_001, 1_000_000_002 })
        {
            await gateway.Client.GetAsync($"/couriers/{courier}");
        }
        var requests = await Eventually.UntilAsync(() => ChartAsync(browser, "delivery", "requests"),
            chart => chart.Sum("legacy") == 5 && chart.Sum("new") == 3, "delivery's requests chart holding the 5 legacy and 3 new answers");
        Assert.All(requests.Series.Values.SelectMany(p => p), p => Assert.True(p.Value >= 0));
        var errors = await ChartAsync(browser, "delivery", "errors");
        Assert.InRange(errors.Series["legacy"].Max(p => p.Value), 0.2, 1); // one 5xx among the interval's legacy answers
        Assert.All(errors.Series["new"], p => Assert.Equal(0, p.Value));
        var p99 = await ChartAsync(browser, "delivery", "p99");
        Assert.NotEmpty(p99.Series["legacy"]);
        Assert.NotEmpty(p99.Series["new"]);
        Assert.All(p99.Series.Values.SelectMany(p => p), p => Assert.True(p.Value > 0));
        // Nothing compared (no shadow copies at a sample ratio of 0): the mismatch chart has no point rather than a zero.
        Assert.Empty((await ChartAsync(browser, "delivery", "mismatches")).Series["mismatch"]);
        var lag = await ChartAsync(browser, "delivery", "cdc-lag");
        Assert.NotEmpty(lag.Series["lag"]);
        Assert.All(lag.Series["lag"], p => Assert.Equal(0.04, p.Value));
        // Drawn, not only held: each series path has one vertex per point it holds.
        Assert.Equal(0, (await browser.EvaluateAsync("""
            [...document.querySelectorAll('svg.chart[data-group="delivery"] path.series')]
              .filter(p => (p.getAttribute('d').match(/[ML]/g) || []).length !== JSON.parse(p.dataset.points).length).length
            """))!.GetValue<int>());
        await browser.ScreenshotAsync(Path.Combine(AppContext.BaseDirectory, "screenshots", "dashboard-charts.png"), fullPage: true);

        await browser.ClickAsync("button.rollback[data-group=\"kitchen\"]");

        await Eventually.UntilAsync(async () => (await browser.EvaluateAsync(kitchenStage))?.GetValue<string>(), s => s == "dualwrite",
            "the dashboard showing kitchen at dualwrite");
        var onDisk = (await FlagsFile.ReadAsync(gateway.FlagsPath)).Groups!["kitchen"];
        Assert.Equal(MigrationStage.DualWrite, onDisk.Stage);
        Assert.Equal("from the dashboard", onDisk.Reason);
        Assert.Equal(MigrationStage.DualWrite, gateway.Flags.Current.Group("kitchen").Stage);
        var lastChange = await Eventually.UntilAsync(async () => (await browser.EvaluateAsync(
                "document.querySelector('tr[data-group=\"kitchen\"] td:nth-child(8)')?.textContent"))?.GetValue<string>(),
            s => s?.Contains("dualwrite") == true, "the rollback among kitchen's last changes");
        Assert.Contains("live 30 % → dualwrite by admin (person)", lastChange);
        Assert.Contains("from the dashboard", lastChange);
        // The rollback, as a marker on every one of kitchen's charts.
        await Eventually.UntilAsync(async () => (await browser.EvaluateAsync(
                "document.querySelectorAll('svg.chart[data-group=\"kitchen\"] line.marker-rollback[data-to=\"dualwrite\"]').length"))!.GetValue<int>(),
            n => n == 5, "the rollback marked on kitchen's five charts");
        await browser.ScreenshotAsync(Path.Combine(AppContext.BaseDirectory, "screenshots", "dashboard-after-rollback.png"), fullPage: true);
    }

    /// <summary>The points one chart holds, per series, read back from its SVG (each series path's <c>data-points</c>).</summary>
    private static async Task<ChartPoints> ChartAsync(Chromium browser, string group, string chart)
    {
        var series = (await browser.EvaluateAsync($$"""
            Object.fromEntries([...document.querySelectorAll('svg.chart[data-group="{{group}}"][data-chart="{{chart}}"] path.series')]
              .map(p => [p.dataset.series, JSON.parse(p.dataset.points)]))
            """))?.AsObject() ?? throw new InvalidOperationException($"No {chart} chart of {group}.");
        if (series.Count == 0)
        {
            throw new InvalidOperationException($"No {chart} chart of {group} yet.");
        }
        return new ChartPoints(series.ToDictionary(s => s.Key, s => (IReadOnlyList<(long At, double Value)>)s.Value!.AsArray()
            .Select(p => (p![0]!.GetValue<long>(), p[1]!.GetValue<double>())).ToList()));
    }

    private sealed record ChartPoints(IReadOnlyDictionary<string, IReadOnlyList<(long At, double Value)>> Series)
    {
        public double Sum(string series) => Series[series].Sum(p => p.Value);

        public override string ToString() => string.Join("; ", Series.Select(s => $"{s.Key}: {string.Join(" ", s.Value.Select(p => p.Value))}"));
    }
}
