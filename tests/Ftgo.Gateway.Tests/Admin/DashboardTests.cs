using Ftgo.Gateway.Tests.Infrastructure;
using Ftgo.Stages;

namespace Ftgo.Gateway.Tests.Admin;

/// <summary>
/// The dashboard in a real (headless) browser: it shows the groups live, its rollback button rolls back (on
/// the flags version the page showed), and the group's last changes come from the history.
/// </summary>
public sealed class DashboardTests
{
    [Fact]
    public async Task TheRollbackButton_MovesTheGroupToDualwrite_AndThePageShowsIt()
    {
        await using var backend = await FakeService.StartAsync("backend");
        await using var gateway = new GatewayApp(backend.BaseAddress, backend.BaseAddress, backend.BaseAddress,
            new Dictionary<string, GroupFlags> { ["kitchen"] = new() { Stage = MigrationStage.Live, Percent = 30 } }).Start();
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
        await browser.ScreenshotAsync(Path.Combine(AppContext.BaseDirectory, "screenshots", "dashboard-after-rollback.png"));
    }
}
