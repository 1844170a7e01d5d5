using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ftgo.Kitchen.Tests.Infrastructure;

namespace Ftgo.Kitchen.Tests.Sync;

/// <summary>
/// The service's half of causal consistency, on both engines: a request carrying a client's sync token
/// is not answered until the service holds what the token names; when the bound runs out it is a 503
/// <c>sync-pending</c> with <c>Retry-After</c> saying what is missing, never the 404 it would compute
/// without it. A malformed token is a 400; entries for other services are not waited for.
/// </summary>
public sealed class SyncWaitTests
{
    private static readonly Dictionary<string, string> OneSecond = new() { ["Ftgo:Sync:Wait"] = "00:00:01" };

    [Theory]
    [InlineData(Store.Sqlite)]
    [InlineData(Store.Postgres)]
    public async Task AMessageNotYetHandledHere_Is503SyncPendingWithRetryAfter_NotA404(Store store)
    {
        await using var kitchen = await KitchenApp.StartAsync(store, OneSecond);
        using var client = kitchen.AuthorizedClient();

        using var answer = await AcceptAsync(client, $"kitchen={Guid.NewGuid():N}");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), answer.Headers.RetryAfter?.Delta);
        Assert.Equal("true", answer.Headers.GetValues("X-Ftgo-Sync-Pending").Single());
        var problem = await ProblemAsync(answer);
        Assert.Equal("sync-pending", problem["code"]!.GetValue<string>());
        Assert.Contains("1 message(s) to the 'kitchen' queue not handled yet", problem["detail"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(Store.Sqlite)]
    [InlineData(Store.Postgres)]
    public async Task AChangeStreamPositionWhenCdcHasNeverRun_Is503NamingCdc(Store store)
    {
        await using var kitchen = await KitchenApp.StartAsync(store, OneSecond);
        using var client = kitchen.AuthorizedClient();

        using var answer = await AcceptAsync(client, "cdc=42");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
        var problem = await ProblemAsync(answer);
        Assert.Contains("position 42 has not been applied to the 'kitchen' schema by CDC", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task EntriesForOtherServicesAreNotWaitedFor_TheAnswerIsTheLegacyOne()
    {
        await using var kitchen = await KitchenApp.StartAsync(Store.Sqlite, OneSecond);
        using var client = kitchen.AuthorizedClient();

        using var answer = await AcceptAsync(client, $"legacy={Guid.NewGuid():N}, delivery={Guid.NewGuid():N}");

        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.False(answer.Headers.Contains("X-Ftgo-Sync-Waited"));
    }

    [Fact]
    public async Task AMalformedToken_Is400()
    {
        await using var kitchen = await KitchenApp.StartAsync(Store.Sqlite, OneSecond);
        using var client = kitchen.AuthorizedClient();

        using var answer = await AcceptAsync(client, "kitchen=yesterday");

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        var problem = await ProblemAsync(answer);
        Assert.Equal("invalid-sync-token", problem["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task ARequestWithoutAServiceToken_Is401_BeforeAnyWait()
    {
        await using var kitchen = await KitchenApp.StartAsync(Store.Sqlite, new Dictionary<string, string> { ["Ftgo:Sync:Wait"] = "00:00:30" });
        using var client = kitchen.ClientWith(null);

        using var answer = await AcceptAsync(client, $"kitchen={Guid.NewGuid():N}").WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
    }

    private static async Task<JsonNode> ProblemAsync(HttpResponseMessage answer) =>
        JsonNode.Parse(await answer.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("an answer without a body");

    private static Task<HttpResponseMessage> AcceptAsync(HttpClient client, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/orders/777/accept")
        {
            Content = JsonContent.Create(new { readyBy = DateTime.Now.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss") }),
        };
        request.Headers.Add("X-Ftgo-Sync", token);
        return client.SendAsync(request);
    }
}
