extern alias legacy;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ftgo.Gateway.Tests.Infrastructure;
using Ftgo.Stages;

namespace Ftgo.Gateway.Tests.Routing;

/// <summary>
/// The gateway and the monolith read the flags a moment apart. When the monolith already puts a request on the
/// new side that the gateway still sent it, the monolith refuses it as moved without doing anything, and the
/// gateway sends the same request, body and all, to the new side: the client never sees that 410. Here the
/// monolith (its own instance, its own flags) is at rampdown while the gateway still reads shadow.
/// </summary>
public sealed class MovedResendTests : IAsyncLifetime
{
    private readonly TempFolder _legacyFolder = new("ftgo-legacy-moved");
    private ServiceHost<legacy::Program> _legacy = null!;
    private FakeService _delivery = null!;
    private GatewayApp _gateway = null!;
    private FtgoClient _client = null!;
    private long _courierId;

    public async Task InitializeAsync()
    {
        _legacy = LegacyApp.Start(_legacyFolder.Path);
        _delivery = await FakeService.StartAsync("delivery", requireServiceToken: true);
        _gateway = new GatewayApp(_legacy.BaseAddress, _delivery.BaseAddress, _delivery.BaseAddress,
            new Dictionary<string, GroupFlags> { ["delivery"] = new() { Stage = MigrationStage.Shadow, ShadowSampleRatio = 0 } }).Start();
        _client = await FtgoClient.LoginAsync(_gateway.Client);
        _courierId = await FtgoClient.CourierOnLegacyAsync(_legacy.BaseAddress, available: false);
        // The monolith reads the next stage first (in force as soon as it is written).
        await _legacy.Services.GetRequiredService<IMigrationFlagsWriter>()
            .UpdateAsync("delivery", f => f with { Stage = MigrationStage.RampDown, Reason = "arranged" }, TestFlags.Arranging);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _delivery.DisposeAsync();
        await _legacy.DisposeAsync();
        _legacyFolder.Dispose();
    }

    [Fact]
    public async Task AWriteTheMonolithRefusesAsMoved_IsAnsweredByTheNewSide_WithItsBody()
    {
        var answer = await _client.PostAsync($"/couriers/{_courierId}/availability", new { available = true });

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("delivery", answer.Origin);
        var received = Assert.Single(_delivery.Requests, r => r.Path == $"/couriers/{_courierId}/availability");
        Assert.Equal("POST", received.Method);
        Assert.Equal("""{"available":true}""", received.Body);
        // The monolith did nothing: the courier is still unavailable there.
        var direct = await FtgoClient.LoginAsync(Loopback.Client(_legacy.BaseAddress));
        await _legacy.Services.GetRequiredService<IMigrationFlagsWriter>()
            .UpdateAsync("delivery", f => f with { Stage = MigrationStage.Off, Reason = "arranged" }, TestFlags.Arranging);
        Assert.False((await direct.GetAsync($"/couriers/{_courierId}")).Json!["available"]!.GetValue<bool>());
        var report = await _gateway.Admin.GetFromJsonAsync<JsonObject>("/_strangler/groups/delivery");
        Assert.Equal(1, report!["movedResends"]!.GetValue<long>());
    }

    [Fact]
    public async Task AReadTheMonolithRefusesAsMoved_IsAnsweredByTheNewSide()
    {
        await _legacy.Services.GetRequiredService<IMigrationFlagsWriter>()
            .UpdateAsync("delivery", f => f with { Stage = MigrationStage.Complete, Reason = "arranged" }, TestFlags.Arranging);

        var answer = await _client.GetAsync($"/couriers/{_courierId}");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("delivery", answer.Origin);
        Assert.Equal(1, _delivery.Count("GET", $"/couriers/{_courierId}"));
    }
}
