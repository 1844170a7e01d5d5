using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ftgo.Gateway.Tests.Infrastructure;
using Ftgo.Stages;

namespace Ftgo.Gateway.Tests.Admin;

public sealed class AdminApiTests : IAsyncLifetime
{
    private FakeService _backend = null!;
    private GatewayApp _gateway = null!;

    public async Task InitializeAsync()
    {
        _backend = await FakeService.StartAsync("backend");
        _gateway = new GatewayApp(_backend.BaseAddress, _backend.BaseAddress, _backend.BaseAddress).Start();
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _backend.DisposeAsync();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong")]
    [InlineData("Basic dGVzdC1hZG1pbi10b2tlbg==")]
    public async Task WithoutTheToken_EveryCallIsRefused(string? authorization)
    {
        foreach (var (method, path) in new[] { ("GET", "/_strangler/groups"), ("POST", "/_strangler/groups/kitchen/stage"), ("GET", "/_strangler/flags"), ("GET", "/_strangler/nothing") })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { stage = "complete" }) };
            if (authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }
            var response = await _gateway.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
        Assert.Equal(MigrationStage.Off, _gateway.Flags.Current.Group("kitchen").Stage);
        Assert.Empty(_backend.Requests);
    }

    [Fact]
    public async Task WithNoTokenConfigured_TheAdminApiRefusesEveryCall()
    {
        await using var gateway = new GatewayApp(_backend.BaseAddress, _backend.BaseAddress, _backend.BaseAddress,
            settings: new Dictionary<string, string?> { ["Ftgo:Gateway:AdminToken"] = "" }).Start();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/_strangler/groups");
        request.Headers.Authorization = new("Bearer", "");
        var response = await gateway.Client.SendAsync(request);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("AdminToken", problem!["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Groups_ListsEveryConfiguredGroup_WithStagePercentAndCounters()
    {
        await _gateway.SetAsync("delivery", MigrationStage.Live, 30);
        await _gateway.Client.GetAsync("/couriers/1");

        var groups = (await _gateway.Admin.GetFromJsonAsync<JsonArray>("/_strangler/groups"))!;

        Assert.Equal(["delivery", "delivery-features", "kitchen"], groups.Select(g => g!["group"]!.GetValue<string>()));
        var delivery = groups[0]!;
        Assert.Equal("live", delivery["stage"]!.GetValue<string>());
        Assert.Equal(30, delivery["percent"]!.GetValue<double>());
        Assert.Equal(1, delivery["requests"]!.GetValue<long>());
        foreach (var field in new[] { "compared", "matched", "mismatched", "mismatchRate", "dropped", "fallbacks", "circuit", "window", "recentMismatches", "lastRollback", "origins" })
        {
            Assert.True(delivery.AsObject().ContainsKey(field), field);
        }
    }

    [Fact]
    public async Task SettingAStage_WritesTheFlag_AndRoutesAccordingly()
    {
        await _gateway.SetAsync("kitchen", MigrationStage.Shadow);
        var response = await _gateway.Admin.PostAsJsonAsync("/_strangler/groups/kitchen/stage", new { stage = "live", percent = 100, reason = "canary" });
        var report = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("live", report!["stage"]!.GetValue<string>());
        Assert.Equal(100, report["percent"]!.GetValue<double>());
        var onDisk = (await FlagsFile.ReadAsync(_gateway.FlagsPath)).Groups!["kitchen"];
        Assert.Equal((MigrationStage.Live, 100.0, "canary", "admin"), (onDisk.Stage, onDisk.Percent, onDisk.Reason, onDisk.ChangedBy));

        var rollback = await _gateway.Admin.PostAsJsonAsync("/_strangler/groups/kitchen/stage", new { stage = "dualwrite" });
        Assert.Equal(HttpStatusCode.OK, rollback.StatusCode);
        Assert.Equal(MigrationStage.DualWrite, (await FlagsFile.ReadAsync(_gateway.FlagsPath)).Groups!["kitchen"].Stage);
    }

    [Theory]
    [InlineData("""{"stage":"sideways"}""", "sideways")]
    [InlineData("""{"stage":"live"}""", "percent")]
    [InlineData("""{"stage":"live","percent":150}""", "percent")]
    [InlineData("""{"stage":"shadow","shadowSampleRatio":3}""", "shadowSampleRatio")]
    [InlineData("""{"stage":""", "not valid")]
    public async Task AnInvalidStageChange_Is400_AndChangesNothing(string body, string detail)
    {
        var response = await _gateway.Admin.PostAsync("/_strangler/groups/kitchen/stage",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(detail, problem!["detail"]!.GetValue<string>());
        Assert.False(File.Exists(_gateway.FlagsPath));
    }

    [Fact]
    public async Task AnUnknownGroup_Is404()
    {
        var response = await _gateway.Admin.PostAsJsonAsync("/_strangler/groups/payments/stage", new { stage = "live", percent = 5 });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _gateway.Admin.GetAsync("/_strangler/groups/payments")).StatusCode);
    }

    [Fact]
    public async Task UnknownAdminPaths_AreAnsweredByTheGateway_NeverProxied()
    {
        var response = await _gateway.Admin.GetAsync("/_strangler/secret/things");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("gateway", response.Headers.GetValues("X-Ftgo-Origin").Single());
        Assert.Empty(_backend.Requests);
    }

    [Fact]
    public async Task TheDashboardPage_IsServedWithoutData()
    {
        var response = await _gateway.Client.GetAsync("/_strangler/");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<tbody id=\"groups\">", html);
    }
}
