using System.Net;
using Ftgo.Gateway.Tests.Infrastructure;
using Ftgo.Stages;

namespace Ftgo.Gateway.Tests.Routing;

/// <summary>Route groups come from configuration and change without a restart; a bad change is refused whole.</summary>
public sealed class RouteConfigurationTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private FakeService _legacy = null!;
    private FakeService _kitchen = null!;
    private GatewayApp _gateway = null!;

    private string ConfigFile => _folder.File("gateway.json");

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(ConfigFile, "{}");
        _legacy = await FakeService.StartAsync("legacy");
        _kitchen = await FakeService.StartAsync("kitchen");
        _gateway = new GatewayApp(_legacy.BaseAddress, _kitchen.BaseAddress, _kitchen.BaseAddress,
            new Dictionary<string, GroupFlags> { ["late-tickets"] = new() { Stage = MigrationStage.Complete } },
            reloadableConfig: ConfigFile).Start();
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _legacy.DisposeAsync();
        await _kitchen.DisposeAsync();
        _folder.Dispose();
    }

    private async Task<string> OriginOf(string path)
    {
        var response = await _gateway.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.GetValues("X-Ftgo-Origin").Single();
    }

    private static string Group(string service) =>
        "{\"Ftgo\":{\"Gateway\":{\"Groups\":{\"late-tickets\":{\"Service\":\"" + service +
        "\",\"Routes\":[{\"Path\":\"/late-tickets/{id:long}\",\"Methods\":[\"GET\"],\"NewPath\":\"/tickets/{id}/late\"}]}}}}}";

    [Fact]
    public async Task AGroupAddedToTheConfiguration_IsRoutedWithoutARestart_AndABadChangeIsRefused()
    {
        Assert.Equal("legacy", await OriginOf("/late-tickets/5"));

        await File.WriteAllTextAsync(ConfigFile, Group("kitchen"));
        await Eventually.UntilAsync(() => OriginOf("/late-tickets/5"), origin => origin == "kitchen", "the new group's route in force");
        Assert.Equal("/tickets/5/late", _kitchen.Requests.Last().Path);

        await File.WriteAllTextAsync(ConfigFile, Group("payments"));
        // The reload is seen (the refusal is logged); whatever happens, the routes in force never break.
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("kitchen", await OriginOf("/late-tickets/5"));
        }
        Assert.Equal("legacy", await OriginOf("/consumers/5"));
    }
}
