extern alias cli;
using System.Net;
using System.Net.Sockets;
using cli::Ftgo.Cli;
using Ftgo.Cli.Tests.Infrastructure;
using Ftgo.Stages;
using Microsoft.Data.Sqlite;

namespace Ftgo.Cli.Tests.Commands;

/// <summary>
/// <c>ftgo decommission-check &lt;group&gt;</c> against the real gateway: legacy answering a group route, the monolith's own write
/// to a group table (CDC on the embedded SQLite) and its in-process seam calls each make it not clear (exit 3, naming what and when);
/// all quiet is clear, and after complete it lists what the monolith can lose.
/// </summary>
public sealed class DecommissionCommandTests : IAsyncLifetime
{
    private World _world = null!;

    public async Task InitializeAsync() => _world = await World.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private Dictionary<string, string> Environment()
    {
        var environment = _world.Environment();
        environment["Ftgo__Gateway__Legacy"] = _world.Legacy.BaseAddress.ToString();
        return environment;
    }

    [Fact]
    public async Task DecommissionCheck_WhileLegacyStillAnswersAGroupRoute_IsNotClear_NamingTheRouteAndWhen()
    {
        await _world.Gateway.SetAsync("kitchen", MigrationStage.DualWrite);
        using var _ = await _world.Gateway.Client.PostAsync("/orders/42/preparing", null);

        var result = await Eventually.UntilAsync(() => FtgoProcess.RunAsync(Environment(), "decommission-check", "kitchen", "--window", "5m"),
            r => r.Code != ExitCodes.Ok, "the gateway to count legacy's answer");

        Assert.True(result.Code == ExitCodes.Differences, result.ToString());
        Assert.Contains("NOT CLEAR", result.Output);
        Assert.Matches(@"legacy answered POST /orders/\{id:long\}/preparing 1×, last at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ, counted by \S+ \(1\)", result.Output);
        Assert.Contains("POST /orders/{id:long}/accept", result.Output); // every route listed, the quiet ones with 0
        Assert.DoesNotContain("can now lose", result.Output);
    }

    [Fact]
    public async Task DecommissionCheck_AfterTheMonolithsOwnWriteToAGroupTable_IsNotClear_NamingTheTable()
    {
        await _world.Gateway.SetAsync("delivery", MigrationStage.RampDown);
        await using var cdc = await CdcInProcess.StartAsync(_world.CdcSettings);
        // The monolith's own code registers a courier: a write to Delivery's couriers, with no origin the glue would stamp.
        await using (var legacy = new SqliteConnection(_world.Stores.Legacy))
        {
            await legacy.OpenAsync();
            await using var insert = legacy.CreateCommand();
            insert.CommandText = "INSERT INTO couriers (available, city, state, street1, zip, first_name, last_name) VALUES (1, 'Oakland', 'CA', '1 Main St', '94611', 'Cy', 'Courier')";
            await insert.ExecuteNonQueryAsync();
        }

        var result = await Eventually.UntilAsync(() => FtgoProcess.RunAsync(Environment(), "decommission-check", "delivery"),
            r => r.Code != ExitCodes.Ok, "CDC to count the monolith's write");

        Assert.True(result.Code == ExitCodes.Differences, result.ToString());
        Assert.Matches(@"the monolith's own code wrote couriers 1×, last at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", result.Output);
        Assert.DoesNotContain("legacy answered", result.Output);
    }

    [Fact]
    public async Task DecommissionCheck_WhenTheMonolithStillRunsAMovedSeamInProcess_IsNotClear_NamingTheInstance()
    {
        await _world.Gateway.SetAsync("kitchen", MigrationStage.RampDown);
        _world.Legacy.SeamCalls = [("kitchen", "accept", 2)];

        var result = await FtgoProcess.RunAsync(Environment(), "decommission-check", "kitchen", "--window", "30s");

        Assert.True(result.Code == ExitCodes.Differences, result.ToString());
        Assert.Contains("the monolith ran kitchen.accept in process 2×", result.Output);
        Assert.Contains($"on fake-monolith:1 ({_world.Legacy.BaseAddress})", result.Output);
    }

    [Fact]
    public async Task DecommissionCheck_AllQuiet_IsClear_AndAfterComplete_ListsWhatTheMonolithCanLose()
    {
        await _world.Gateway.SetAsync("kitchen", MigrationStage.RampDown);
        var rampdown = await FtgoProcess.RunAsync(Environment(), "decommission-check", "kitchen", "--window", "1m");
        Assert.True(rampdown.Code == ExitCodes.Ok, rampdown.ToString());
        Assert.Contains("CLEAR: nothing observed reaches legacy", rampdown.Output);
        Assert.DoesNotContain("can now lose", rampdown.Output);

        await _world.Gateway.SetAsync("kitchen", MigrationStage.Complete);
        var result = await FtgoProcess.RunAsync(Environment(), "decommission-check", "kitchen", "--window", "1m");

        Assert.True(result.Code == ExitCodes.Ok, result.ToString());
        Assert.Contains("kitchen (complete)", result.Output);
        Assert.Contains("The monolith can now lose:", result.Output);
        Assert.Contains("  - endpoint POST /orders/{id:long}/accept", result.Output);
        Assert.Contains("  - endpoint POST /orders/{id:long}/ready", result.Output);
        Assert.Contains("  - columns of orders: accept_time, ready_by, preparing_time, ready_for_pickup_time", result.Output);
        Assert.Contains("  - in-process seam operation IKitchenService.AcceptAsync", result.Output);
    }

    [Fact]
    public async Task DecommissionCheck_OfAnUnknownGroup_OrWithABadWindow_Exits2()
    {
        var unknown = await FtgoProcess.RunAsync(Environment(), "decommission-check", "billing");
        Assert.True(unknown.Code == ExitCodes.Usage, unknown.ToString());
        Assert.Contains("There is no route group 'billing'", unknown.Error);

        foreach (var window in new[] { "soon", "0s", "2h" })
        {
            var bad = await FtgoProcess.RunAsync(Environment(), "decommission-check", "kitchen", "--window", window);
            Assert.True(bad.Code == ExitCodes.Usage, bad.ToString());
            Assert.Contains($"--window must be a duration above 0 and at most 1h", bad.Error);
        }
    }

    [Fact]
    public async Task DecommissionCheck_WithTheGatewayDownOrTheWrongToken_Exits4Or5()
    {
        var down = await FtgoProcess.RunAsync(Environment(), "decommission-check", "kitchen", "--gateway", $"http://127.0.0.1:{ClosedPort()}");
        Assert.True(down.Code == ExitCodes.GatewayUnreachable, down.ToString());

        var refused = await FtgoProcess.RunAsync(Environment(), "decommission-check", "kitchen", "--token", "not-the-token");
        Assert.True(refused.Code == ExitCodes.GatewayUnauthorized, refused.ToString());
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port; // free once the listener stops
    }
}
