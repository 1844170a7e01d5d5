using System.Net;
using Ftgo.Gateway.Tests.Infrastructure;
using Ftgo.Stages;

namespace Ftgo.Gateway.Tests.Routing;

/// <summary>Path transforms: where the new API differs, the new side gets its own path; legacy keeps the contract's.</summary>
public sealed class TransformTests : IAsyncLifetime
{
    private FakeService _legacy = null!;
    private FakeService _kitchen = null!;
    private GatewayApp _gateway = null!;

    public async Task InitializeAsync()
    {
        _legacy = (await FakeService.StartAsync("legacy")).AnswerSessions();
        _kitchen = await FakeService.StartAsync("kitchen");
        _gateway = new GatewayApp(_legacy.BaseAddress, _kitchen.BaseAddress, _kitchen.BaseAddress, settings: new Dictionary<string, string?>
        {
            ["Ftgo:Gateway:Groups:tickets:Service"] = "kitchen",
            ["Ftgo:Gateway:Groups:tickets:Routes:0:Path"] = "/legacy-orders/{id:long}/accept",
            ["Ftgo:Gateway:Groups:tickets:Routes:0:Methods:0"] = "POST",
            ["Ftgo:Gateway:Groups:tickets:Routes:0:NewPath"] = "/tickets/{id}/accept",
            ["Ftgo:Gateway:Groups:tickets:Routes:1:Path"] = "/legacy-orders/{id:long}/ticket",
            ["Ftgo:Gateway:Groups:tickets:Routes:1:Methods:0"] = "GET",
            ["Ftgo:Gateway:Groups:tickets:Routes:1:NewPath"] = "/tickets/{id}",
        }).Start();
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _legacy.DisposeAsync();
        await _kitchen.DisposeAsync();
    }

    [Fact]
    public async Task OnTheNewSide_ThePathIsTheNewApis_AndTheQueryIsKept()
    {
        await _gateway.SetAsync("tickets", MigrationStage.Complete);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/legacy-orders/42/accept?trace=1");
        request.Headers.Add("Cookie", FakeService.SessionCookie);
        var response = await _gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("kitchen", response.Headers.GetValues("X-Ftgo-Origin").Single());
        var received = Assert.Single(_kitchen.Requests);
        Assert.Equal("/tickets/42/accept", received.Path);
        Assert.Equal("?trace=1", received.Query);
        Assert.Equal(["/session"], _legacy.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task OnTheLegacySide_ThePathIsUnchanged()
    {
        await _gateway.SetAsync("tickets", MigrationStage.DualWrite);

        var response = await _gateway.Client.PostAsync("/legacy-orders/42/accept", null);

        Assert.Equal("legacy", response.Headers.GetValues("X-Ftgo-Origin").Single());
        Assert.Equal("/legacy-orders/42/accept", Assert.Single(_legacy.Requests).Path);
        Assert.Empty(_kitchen.Requests);
    }

    [Fact]
    public async Task AShadowCopy_UsesTheNewPathToo()
    {
        await _gateway.SetAsync("tickets", MigrationStage.Shadow);

        var response = await _gateway.Client.GetAsync("/legacy-orders/7/ticket");

        Assert.Equal("legacy", response.Headers.GetValues("X-Ftgo-Origin").Single());
        await Eventually.UntilAsync(() => _kitchen.Requests.Count == 1, "the shadow copy");
        Assert.Equal("/tickets/7", Assert.Single(_kitchen.Requests).Path);
        Assert.Equal("/legacy-orders/7/ticket", Assert.Single(_legacy.Requests).Path);
    }
}
