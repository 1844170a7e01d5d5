using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ftgo.Gateway.Tests.Infrastructure;
using Ftgo.Stages;

namespace Ftgo.Gateway.Tests.Admin;

/// <summary>
/// The control of the flags through the admin API: one global version that every answer names, writes
/// refused when they were decided on an older version (409 with the flags in force), moves that skip
/// stages refused unless forced with a reason, every change in an append-only history under the name of
/// the token that made it, and named tokens with an <c>admin</c> or a <c>read</c> role.
/// </summary>
public sealed class FlagsControlTests : IAsyncLifetime
{
    private const string Reader = "reader-token";
    private const string Alice = "alice-token";
    private FakeService _backend = null!;
    private GatewayApp _gateway = null!;

    public async Task InitializeAsync()
    {
        _backend = await FakeService.StartAsync("backend");
        _gateway = new GatewayApp(_backend.BaseAddress, _backend.BaseAddress, _backend.BaseAddress, settings: new Dictionary<string, string?>
        {
            ["Ftgo:Gateway:AdminTokens:alice:Token"] = Alice,
            ["Ftgo:Gateway:AdminTokens:alice:Role"] = "admin",
            ["Ftgo:Gateway:AdminTokens:dashboard:Token"] = Reader,
            ["Ftgo:Gateway:AdminTokens:dashboard:Role"] = "read",
        }).Start();
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _backend.DisposeAsync();
    }

    [Fact]
    public async Task EveryAnswerNamesTheFlagsVersion_AndAChangeRaisesItByOne()
    {
        var before = await _gateway.Admin.GetAsync("/_strangler/groups");
        var version = (await before.Content.ReadFromJsonAsync<JsonArray>())![0]!["flagsVersion"]!.GetValue<long>();
        Assert.Equal($"\"{version}\"", before.Headers.ETag!.Tag);
        Assert.Equal(version.ToString(), (await _gateway.Client.GetAsync("/couriers/1")).Headers.GetValues("X-Ftgo-Flags-Version").Single());

        var changed = await Post(_gateway.Admin, "kitchen", new { stage = "dualwrite", expectedVersion = version });

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(version + 1, (await changed.Content.ReadFromJsonAsync<JsonObject>())!["flagsVersion"]!.GetValue<long>());
        Assert.Equal((version + 1).ToString(), (await _gateway.Client.GetAsync("/couriers/1")).Headers.GetValues("X-Ftgo-Flags-Version").Single());
        Assert.Equal(version + 1, (await FlagsFile.ReadAsync(_gateway.FlagsPath)).Version);
    }

    [Fact]
    public async Task AWriteDecidedOnAnOlderVersion_Is409WithTheFlagsInForce_AndChangesNothing()
    {
        var version = _gateway.Flags.Current.Version;
        Assert.Equal(HttpStatusCode.OK, (await Post(_gateway.Admin, "delivery", new { stage = "dualwrite", expectedVersion = version })).StatusCode);

        // A second operator decided on the version both read: refused, with what is in force now.
        var stale = await Post(_gateway.Admin, "kitchen", new { stage = "dualwrite", expectedVersion = version });
        var problem = (await stale.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("urn:ftgo:problem:flags-version-conflict", problem["type"]!.GetValue<string>());
        Assert.Equal(version + 1, problem["flagsVersion"]!.GetValue<long>());
        Assert.Equal("dualwrite", problem["flags"]!["delivery"]!["stage"]!.GetValue<string>());
        Assert.Equal(MigrationStage.Off, _gateway.Flags.Current.Group("kitchen").Stage);

        // The same through If-Match; and without a version the write applies to whatever is current.
        using var ifMatch = new HttpRequestMessage(HttpMethod.Post, "/_strangler/groups/kitchen/stage") { Content = JsonContent.Create(new { stage = "dualwrite" }) };
        ifMatch.Headers.TryAddWithoutValidation("If-Match", $"\"{version}\"");
        Assert.Equal(HttpStatusCode.Conflict, (await _gateway.Admin.SendAsync(ifMatch)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Post(_gateway.Admin, "kitchen", new { stage = "dualwrite" })).StatusCode);
    }

    [Fact]
    public async Task AnIfMatchThatIsNotAVersion_Is400()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/_strangler/groups/kitchen/stage") { Content = JsonContent.Create(new { stage = "dualwrite" }) };
        request.Headers.TryAddWithoutValidation("If-Match", "\"yesterday\"");

        var response = await _gateway.Admin.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("If-Match", (await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("off", "complete")]
    [InlineData("off", "shadow")]
    [InlineData("shadow", "rampdown")]
    [InlineData("dualwrite", "live")]
    public async Task AMoveThatSkipsStages_Is409_UnlessForcedWithAReason(string from, string to)
    {
        MigrationStages.TryParse(from, out var start);
        await _gateway.SetAsync("kitchen", start);

        var refused = await Post(_gateway.Admin, "kitchen", new { stage = to, percent = 50 });
        var problem = (await refused.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("urn:ftgo:problem:illegal-transition", problem["type"]!.GetValue<string>());
        Assert.Contains($"{from} → {to}", problem["detail"]!.GetValue<string>());
        Assert.Equal(start, _gateway.Flags.Current.Group("kitchen").Stage);

        Assert.Equal(HttpStatusCode.Conflict, (await Post(_gateway.Admin, "kitchen", new { stage = to, percent = 50, force = true })).StatusCode);
        Assert.Equal(start, _gateway.Flags.Current.Group("kitchen").Stage);

        var forced = await Post(_gateway.Admin, "kitchen", new { stage = to, percent = 50, force = true, reason = "restoring after a restore from backup" });
        Assert.Equal(HttpStatusCode.OK, forced.StatusCode);
        var last = (await _gateway.Admin.GetFromJsonAsync<JsonArray>("/_strangler/history?group=kitchen"))!.Last()!;
        Assert.True(last["forced"]!.GetValue<bool>());
        Assert.Equal("restoring after a restore from backup", last["reason"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("live", "rampdown")] // one forward
    [InlineData("complete", "off")] // any distance back
    [InlineData("rampdown", "shadow")]
    public async Task OneStageForward_OrAnyStageBack_IsLegal(string from, string to)
    {
        MigrationStages.TryParse(from, out var start);
        await _gateway.SetAsync("kitchen", start, percent: 100);

        var response = await Post(_gateway.Admin, "kitchen", new { stage = to });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task EveryChange_IsInTheHistory_UnderTheTokensName_AndTheKindOfWriter()
    {
        var since = DateTimeOffset.UtcNow;
        using var alice = Loopback.Client(_gateway.BaseAddress);
        alice.DefaultRequestHeaders.Authorization = new("Bearer", Alice);
        Assert.Equal(HttpStatusCode.OK, (await Post(alice, "kitchen", new { stage = "dualwrite", reason = "start" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Post(_gateway.Admin, "kitchen", new { stage = "shadow", source = "runbook" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Post(_gateway.Admin, "delivery", new { stage = "dualwrite" })).StatusCode);

        var kitchen = (await _gateway.Admin.GetFromJsonAsync<JsonArray>($"/_strangler/history?group=kitchen&since={Uri.EscapeDataString(since.ToString("O"))}"))!;

        Assert.Equal(
            [("alice", "person", "off", "dualwrite", "start"), ("admin", "runbook", "dualwrite", "shadow", "set to shadow from the admin API")],
            kitchen.Select(c => (c!["by"]!.GetValue<string>(), c["kind"]!.GetValue<string>(), c["from"]!.GetValue<string>(),
                c["to"]!.GetValue<string>(), c["reason"]!.GetValue<string>())));
        Assert.Equal(kitchen[0]!["version"]!.GetValue<long>() + 1, kitchen[1]!["version"]!.GetValue<long>());
        Assert.Equal(3, (await _gateway.Admin.GetFromJsonAsync<JsonArray>($"/_strangler/history?since={Uri.EscapeDataString(since.ToString("O"))}"))!.Count);
    }

    [Fact]
    public async Task AReadToken_ReadsStatusAndHistory_ButAChangeIs403()
    {
        using var reader = Loopback.Client(_gateway.BaseAddress);
        reader.DefaultRequestHeaders.Authorization = new("Bearer", Reader);

        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/_strangler/groups")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/_strangler/history")).StatusCode);
        var refused = await Post(reader, "kitchen", new { stage = "dualwrite" });
        var problem = (await refused.Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("urn:ftgo:problem:admin-read-only", problem["type"]!.GetValue<string>());
        Assert.Contains("'dashboard'", problem["detail"]!.GetValue<string>());
        Assert.Equal(MigrationStage.Off, _gateway.Flags.Current.Group("kitchen").Stage);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-token")]
    public async Task ABadOrAbsentToken_Is401WithAProblem_EvenWithNamedTokens(string? token)
    {
        using var client = Loopback.Client(_gateway.BaseAddress);
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        }

        var response = await client.GetAsync("/_strangler/history");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("urn:ftgo:problem:admin-token-required", (await response.Content.ReadFromJsonAsync<JsonObject>())!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnApproval_IsAskedByARunbook_GivenByAPersonForTheStepThatWaits_WithAReason_AndBothAreInTheHistory()
    {
        using var alice = Loopback.Client(_gateway.BaseAddress);
        alice.DefaultRequestHeaders.Authorization = new("Bearer", Alice);
        using var reader = Loopback.Client(_gateway.BaseAddress);
        reader.DefaultRequestHeaders.Authorization = new("Bearer", Reader);
        Assert.Equal(HttpStatusCode.Conflict, (await Act(alice, "approve", new { step = 2, reason = "ok" })).StatusCode);

        var asked = await Act(_gateway.Admin, "approval", new { runbook = "kitchen", step = 2, title = "the kitchen team agrees" });
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        var waiting = (await asked.Content.ReadFromJsonAsync<JsonObject>())!["approval"]!;
        Assert.Equal((2, "the kitchen team agrees"), (waiting["step"]!.GetValue<int>(), waiting["title"]!.GetValue<string>()));
        Assert.Null(waiting["approvedAt"]);

        var wrongStep = await Act(alice, "approve", new { step = 3, reason = "ok" });
        Assert.Equal(HttpStatusCode.Conflict, wrongStep.StatusCode);
        var problem = (await wrongStep.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("urn:ftgo:problem:nothing-to-approve", problem["type"]!.GetValue<string>());
        Assert.Contains("step 2 of runbook kitchen waits", problem["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, (await Act(alice, "approve", new { step = 2 })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Act(reader, "approve", new { step = 2, reason = "ok" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.PostAsJsonAsync("/_strangler/groups/nosuch/approve", new { step = 2, reason = "ok" })).StatusCode);
        var stale = await Act(alice, "approve", new { step = 2, reason = "ok", expectedVersion = _gateway.Flags.Current.Version - 1 });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Null(_gateway.Flags.Current.Group("kitchen").Approval!.ApprovedAt);

        var approved = await Act(alice, "approve", new { step = 2, reason = "orders reconcile, TICKET-12" });

        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var given = _gateway.Flags.Current.Group("kitchen").Approval!;
        Assert.Equal(("alice", "orders reconcile, TICKET-12"), (given.ApprovedBy, given.Reason));
        var history = (await reader.GetFromJsonAsync<JsonArray>("/_strangler/history?group=kitchen"))!.TakeLast(2).ToList();
        Assert.Equal(("admin", "runbook", "runbook kitchen waits for approval of step 2: the kitchen team agrees"),
            (history[0]!["by"]!.GetValue<string>(), history[0]!["kind"]!.GetValue<string>(), history[0]!["reason"]!.GetValue<string>()));
        Assert.Equal(("alice", "person", "approved step 2 of runbook kitchen (the kitchen team agrees): orders reconcile, TICKET-12"),
            (history[1]!["by"]!.GetValue<string>(), history[1]!["kind"]!.GetValue<string>(), history[1]!["reason"]!.GetValue<string>()));

        // An approval is for the stage it was asked at: a stage change ends it.
        Assert.Equal(HttpStatusCode.OK, (await Post(alice, "kitchen", new { stage = "dualwrite" })).StatusCode);
        Assert.Null(_gateway.Flags.Current.Group("kitchen").Approval);
    }

    private static Task<HttpResponseMessage> Act(HttpClient client, string action, object body) =>
        client.PostAsJsonAsync($"/_strangler/groups/kitchen/{action}", body);

    private static Task<HttpResponseMessage> Post(HttpClient client, string group, object body) =>
        client.PostAsJsonAsync($"/_strangler/groups/{group}/stage", body);
}
