extern alias legacy;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ftgo.Gateway.Tests.Infrastructure;
using Ftgo.Stages;

namespace Ftgo.Gateway.Tests.Capture;

/// <summary>
/// A short session recorded through the real gateway in shadow: the monolith on the legacy side and a
/// second monolith over the same database standing in for the new service (real answers on both
/// sides), capture on, the delivery group's reads compared with <c>$.address.street2</c> and <c>$.traceId</c> ignored.
/// Monoliths of its own, so that no other test changes the data between recording and replay.
/// </summary>
public sealed class RecordedSession : IAsyncLifetime
{
    private readonly TempFolder _data = new("ftgo-replay-data");
    private readonly TempFolder _capture = new("ftgo-replay-capture");

    public ServiceHost<legacy::Program> Legacy { get; private set; } = null!;

    /// <summary>The unchanged build: same code, same data as the legacy side that was recorded.</summary>
    public ServiceHost<legacy::Program> Twin { get; private set; } = null!;

    public string File => _capture.File("delivery.jsonl");

    public long CourierId { get; private set; }

    public long OrderId { get; private set; }

    public int Reads { get; private set; }

    public async Task InitializeAsync()
    {
        Legacy = LegacyApp.Start(_data.Path);
        Twin = LegacyApp.Start(_data.Path);
        await using var gateway = new GatewayApp(Legacy.BaseAddress, Twin.BaseAddress, Twin.BaseAddress,
            new Dictionary<string, GroupFlags> { ["delivery"] = new() { Stage = MigrationStage.Shadow } },
            new Dictionary<string, string?>
            {
                ["Ftgo:Gateway:Groups:delivery:Shadow:IgnorePaths:0"] = "$.address.street2",
                // A problem-details answer carries the trace id of its own request: it never matches.
                ["Ftgo:Gateway:Groups:delivery:Shadow:IgnorePaths:1"] = "$.traceId",
                // Order reads join the delivery group for this session, so that it records more than couriers.
                ["Ftgo:Gateway:Groups:delivery:Routes:5:Path"] = "/orders/{id:long}",
                ["Ftgo:Gateway:Groups:delivery:Routes:5:Methods:0"] = "GET",
                ["Ftgo:Gateway:Capture:Enabled"] = "true",
                ["Ftgo:Gateway:Capture:Folder"] = _capture.Path,
            }).Start();
        var client = await FtgoClient.LoginAsync(gateway.Client);
        var consumer = await client.CreateConsumerAsync();
        var restaurant = await client.CreateRestaurantAsync();
        CourierId = await client.CreateCourierAsync(available: false);
        OrderId = await client.CreateOrderAsync(consumer, restaurant);

        string[] reads = [$"/couriers/{CourierId}", $"/orders/{OrderId}", $"/couriers/{CourierId}?view=full", "/orders/987654"];
        foreach (var read in reads)
        {
            var answer = await client.GetAsync(read);
            Assert.Equal(read == "/orders/987654" ? HttpStatusCode.NotFound : HttpStatusCode.OK, answer.Status);
        }
        Reads = reads.Length;
        await Eventually.UntilAsync(async () => (await gateway.Admin.GetFromJsonAsync<JsonObject>("/_strangler/capture"))!["files"]!.AsArray()
                .Single(f => f!["group"]!.GetValue<string>() == "delivery")!["recorded"]!.GetValue<long>(),
            recorded => recorded == reads.Length, "the session recorded");
    }

    public async Task DisposeAsync()
    {
        await Twin.DisposeAsync();
        await Legacy.DisposeAsync();
        _capture.Dispose();
        _data.Dispose();
    }
}
