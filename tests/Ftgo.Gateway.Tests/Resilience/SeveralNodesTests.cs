using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Text.Json.Nodes;
using Ftgo.Gateway.Tests.Infrastructure;
using Ftgo.Stages;

namespace Ftgo.Gateway.Tests.Resilience;

/// <summary>
/// A backend set to several URLs is one cluster of several nodes: taken in turn, a node that refuses the connection
/// is passed over at once (the request never reached it, so it goes to another node, body and all), a node that fails
/// its health probe is left out, and a node that answers again is taken back.
/// </summary>
public sealed class SeveralNodesTests : IAsyncLifetime
{
    private FakeService _legacyOne = null!;
    private FakeService _legacyTwo = null!;
    private FakeService _deliveryOne = null!;
    private FakeService _deliveryTwo = null!;
    private GatewayApp _gateway = null!;

    public async Task InitializeAsync()
    {
        _legacyOne = await FakeService.StartAsync("legacy-1");
        _legacyTwo = await FakeService.StartAsync("legacy-2");
        _deliveryOne = await FakeService.StartAsync("delivery-1");
        _deliveryTwo = await FakeService.StartAsync("delivery-2");
        _gateway = new GatewayApp(_legacyOne.BaseAddress, _deliveryOne.BaseAddress, _deliveryOne.BaseAddress,
            new Dictionary<string, GroupFlags> { ["delivery-features"] = new() { Stage = MigrationStage.Complete } },
            new Dictionary<string, string?>
            {
                ["Ftgo:Gateway:Legacy"] = $"{_legacyOne.BaseAddress},{_legacyTwo.BaseAddress}",
                ["Ftgo:Gateway:Delivery"] = $"{_deliveryOne.BaseAddress}, {_deliveryTwo.BaseAddress}",
            }).Start();
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        foreach (var node in new[] { _legacyOne, _legacyTwo, _deliveryOne, _deliveryTwo })
        {
            await node.DisposeAsync();
        }
    }

    [Fact]
    public async Task NodesAreTakenInTurn_ADeadOneIsPassedOverWithoutAFailedRequest_AndTakenBackWhenItAnswers()
    {
        for (var i = 1; i <= 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await _gateway.Client.GetAsync($"/deliveries/{i}")).StatusCode);
        }
        Assert.True(Served(_deliveryOne) >= 4 && Served(_deliveryTwo) >= 4,
            $"both nodes take requests: {Served(_deliveryOne)} and {Served(_deliveryTwo)}");

        await _deliveryTwo.KillAsync();
        await _legacyTwo.KillAsync();
        var (readsBefore, writesBefore) = (Served(_deliveryOne), Served(_legacyOne));
        for (var i = 1; i <= 20; i++)
        {
            var read = await _gateway.Client.GetAsync($"/deliveries/{i}");
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            Assert.Equal("delivery-1", JsonNode.Parse(await read.Content.ReadAsStringAsync())!["service"]!.GetValue<string>());
            // A write through the catch-all to the monolith's instances: its body reaches the live one whole.
            var write = await _gateway.Client.PostAsync("/orders", new StringContent($"{{\"n\":{i}}}", System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, write.StatusCode);
        }
        Assert.Equal(readsBefore + 20, Served(_deliveryOne));
        Assert.Equal(writesBefore + 20, Served(_legacyOne));
        Assert.Equal(Enumerable.Range(1, 20).Select(i => $"{{\"n\":{i}}}"),
            _legacyOne.Requests.Where(r => r.Method == "POST").Select(r => r.Body).TakeLast(20));

        var health = JsonNode.Parse(await (await _gateway.Client.GetAsync("/healthz")).Content.ReadAsStringAsync())!;
        Assert.Equal("Degraded", health["status"]!.GetValue<string>());
        Assert.Contains("delivery: 1 of 2 nodes answer", health.ToJsonString());

        // Back: the health probe finds it, and it takes its turn again.
        var servedBeforeItDied = Served(_deliveryTwo);
        await _deliveryTwo.RestartAsync();
        await Eventually.UntilAsync(async () =>
        {
            await _gateway.Client.GetAsync("/deliveries/1");
            return Served(_deliveryTwo);
        }, n => n > servedBeforeItDied, "the restarted node to take requests again",
            context: async () => $"restarted node saw: {string.Join(", ", _deliveryTwo.Requests.Select(r => r.Path).TakeLast(8))}; "
                + $"gateway health: {await _gateway.Client.GetStringAsync("/healthz")}"
                + string.Join("; ", _gateway.Services.GetRequiredService<Yarp.ReverseProxy.IProxyStateLookup>().GetClusters().Select(c =>
                    $"{c.ClusterId}: all [{string.Join(",", c.DestinationsState.AllDestinations.Select(d => $"{d.DestinationId} {d.Health.Active}/{d.Health.Passive}"))}] available [{string.Join(",", c.DestinationsState.AvailableDestinations.Select(d => d.DestinationId))}]")));
    }

    /// <summary>Requests a node served for clients: the gateway's active health probes (<c>/healthz</c>, each second) are not counted.</summary>
    private static int Served(FakeService node) => node.Requests.Count(r => r.Path != "/healthz");

    [Fact]
    public void ANodeListWithABadUrl_IsRefusedAtStart()
    {
        using var gateway = new GatewayApp(_legacyOne.BaseAddress, _deliveryOne.BaseAddress, _deliveryOne.BaseAddress,
            settings: new Dictionary<string, string?> { ["Ftgo:Gateway:Kitchen"] = $"{_deliveryOne.BaseAddress},not-a-url" });
        var error = Assert.ThrowsAny<Exception>(() => gateway.Start());
        Assert.Contains("Ftgo:Gateway:kitchen must be an absolute http(s) URL, or several comma-separated", error.ToString());
    }
}
