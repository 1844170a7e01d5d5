using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Ftgo.Delivery.Tests.Infrastructure;
using Ftgo.Glue.Acl;
using Ftgo.Legacy;
using Ftgo.Testing.Hosts;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Ftgo.Delivery.Tests.SideBySide;

/// <summary>One HTTP answer, its problem trace id removed (the only part that differs by nature).</summary>
public sealed record Reply(int Status, string? MediaType, string Body)
{
    public static async Task<Reply> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        var body = text;
        if (text.Length > 0 && JsonNode.Parse(text) is JsonObject json)
        {
            json.Remove("traceId");
            body = json.ToJsonString();
        }
        return new Reply((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body);
    }
}

/// <summary>
/// The monolith and the Delivery service side by side, on fresh SQLite databases and one shared
/// fake clock: the legacy client holds a demo session, the Delivery client a service token.
/// Tests bring both to the same state (the monolith through its API, the service through its
/// handlers, as the messages would) and send both the same request.
/// </summary>
public sealed class TwinFixture : IAsyncLifetime
{
    private TestDatabase? _legacyDb;
    private TestDatabase? _deliveryDb;

    /// <summary>The monolith in memory, with the demo login and the fixture's clock.</summary>
    public ServiceHost<LegacyOptions> Legacy { get; private set; } = null!;
    public DeliveryApp Delivery { get; private set; } = null!;
    public HttpClient LegacyClient { get; private set; } = null!;
    public HttpClient DeliveryClient { get; private set; } = null!;
    public long ConsumerId { get; private set; }

    public async Task InitializeAsync()
    {
        var clock = TestClock.StartingNow();
        _legacyDb = await TestDatabase.CreateAsync(Store.Sqlite, "legacy");
        _deliveryDb = await TestDatabase.CreateAsync(Store.Sqlite, "delivery");
        Legacy = new ServiceHost<LegacyOptions>(LegacySettings.For(_legacyDb), new ServiceHostOptions { Clock = clock });
        // Each twin registers couriers in a database of its own, and the same request must give the same
        // id on both: the service takes the monolith's id space here, not a range of its own.
        Delivery = new DeliveryApp(_deliveryDb, clock, new Dictionary<string, string?> { [CourierIdRange.StartKey] = "1" });
        LegacyClient = Legacy.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        var session = await Expect.OkJsonAsync(await LegacyClient.PostAsJsonAsync("/login", new { username = "demo", password = "demo" }));
        ConsumerId = session.GetProperty("consumerId").GetInt64();
        DeliveryClient = Delivery.AuthorizedClient();
    }

    /// <summary>Sends the same request to both; <paramref name="body"/> goes as written (null: no body).</summary>
    public async Task<(Reply Legacy, Reply Delivery)> BothAsync(HttpMethod method, string path, string? body = null,
        string mediaType = "application/json")
    {
        HttpRequestMessage Request()
        {
            var request = new HttpRequestMessage(method, path);
            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType) { CharSet = "utf-8" };
            }
            return request;
        }
        var legacy = await Reply.ReadAsync(await LegacyClient.SendAsync(Request()));
        var delivery = await Reply.ReadAsync(await DeliveryClient.SendAsync(Request()));
        return (legacy, delivery);
    }

    /// <summary>Asserts that both answer with the same status, media type and body; returns the answer.</summary>
    public async Task<Reply> AlikeAsync(HttpMethod method, string path, string? body = null, string mediaType = "application/json")
    {
        var (legacy, delivery) = await BothAsync(method, path, body, mediaType);
        Assert.Equal(legacy, delivery);
        return legacy;
    }

    public async Task DisposeAsync()
    {
        LegacyClient?.Dispose();
        DeliveryClient?.Dispose();
        if (Legacy is not null)
        {
            await Legacy.DisposeAsync();
        }
        if (Delivery is not null)
        {
            await Delivery.DisposeAsync();
        }
        if (_legacyDb is not null)
        {
            await _legacyDb.DisposeAsync();
        }
        if (_deliveryDb is not null)
        {
            await _deliveryDb.DisposeAsync();
        }
    }
}
