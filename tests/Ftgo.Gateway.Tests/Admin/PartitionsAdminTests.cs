using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ftgo.Gateway.Tests.Capture;
using Ftgo.Gateway.Tests.Infrastructure;
using Ftgo.Stages;

namespace Ftgo.Gateway.Tests.Admin;

/// <summary>
/// Setting a group's partition split: <c>POST /_strangler/groups/{group}/partitions</c> and <c>ftgo partitions</c> (the
/// command as a user runs it), with their refusals as problem details and exit codes.
/// </summary>
public sealed class PartitionsAdminTests : IAsyncLifetime
{
    private FakeService _backend = null!;
    private GatewayApp _gateway = null!;

    public async Task InitializeAsync()
    {
        _backend = await FakeService.StartAsync("backend");
        _gateway = new GatewayApp(_backend.BaseAddress, _backend.BaseAddress, _backend.BaseAddress,
            new Dictionary<string, GroupFlags> { ["kitchen"] = new() { Stage = MigrationStage.Shadow } }).Start();
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _backend.DisposeAsync();
    }

    public static TheoryData<string, string> Malformed => new()
    {
        { """{ "by": "restaurant", "allow": ["07"] }""", "partitions.allow must list restaurant ids" },
        { """{ "allow": ["7"] }""", "an allow or deny list needs the partition the group is split by" },
        { """{ "by": "tenant" }""", "partitions.by must be one of restaurant" },
        { """{ "by": "restaurant", "allow": ["7"], "deny": ["7"] }""", "both allowed and denied" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task AMalformedSplit_Answers400_AndChangesNothing(string body, string expected)
    {
        var version = _gateway.Flags.Current.Version;
        using var answer = await _gateway.Admin.PostAsync("/_strangler/groups/kitchen/partitions",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Contains(expected, JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["detail"]!.GetValue<string>());
        Assert.Equal(version, _gateway.Flags.Current.Version);
    }

    [Fact]
    public async Task WhatALiveGroupIsSplitBy_DoesNotChange_ButItsListsDo()
    {
        await _gateway.SetAsync("kitchen", MigrationStage.Live, 0);
        using var refused = await _gateway.Admin.PostAsJsonAsync("/_strangler/groups/kitchen/partitions", new { by = "restaurant", allow = new[] { "7" } });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("changes only at another stage", await refused.Content.ReadAsStringAsync());

        await _gateway.SetAsync("kitchen", MigrationStage.Shadow);
        using var split = await _gateway.Admin.PostAsJsonAsync("/_strangler/groups/kitchen/partitions", new { by = "restaurant" });
        Assert.Equal(HttpStatusCode.OK, split.StatusCode);
        await _gateway.SetAsync("kitchen", MigrationStage.Live, 0);
        using var listed = await _gateway.Admin.PostAsJsonAsync("/_strangler/groups/kitchen/partitions", new { by = "restaurant", allow = new[] { "7" } });

        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        var partitions = JsonNode.Parse(await listed.Content.ReadAsStringAsync())!["partitions"]!;
        Assert.Equal(["7"], partitions["allow"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal(Side.New, _gateway.Flags.Current.Rollout("kitchen").SideFor("7"));
    }

    [Fact]
    public async Task FtgoPartitions_SplitsAGroup_MovesTheFirstTenantAndBack_WithExitCodesForMistakes()
    {
        string[] gateway = ["--gateway", _gateway.BaseAddress.ToString(), "--token", TestKeys.AdminToken];

        var notSplit = await FtgoCli.RunAsync(["partitions", "kitchen", "allow", "7", .. gateway]);
        Assert.True(notSplit.ExitCode == 2, notSplit.ToString());
        Assert.Contains("'ftgo partitions kitchen by restaurant' first", notSplit.Error);

        var split = await FtgoCli.RunAsync(["partitions", "kitchen", "by", "restaurant", .. gateway]);
        Assert.True(split.ExitCode == 0, split.ToString());
        await _gateway.SetAsync("kitchen", MigrationStage.Live, 0);

        var allowed = await FtgoCli.RunAsync(["partitions", "kitchen", "allow", "7,12", .. gateway]);
        Assert.True(allowed.ExitCode == 0, allowed.ToString());
        Assert.Contains("→ by restaurant, allow [7, 12]", allowed.Output);
        Assert.Equal(["7", "12"], (await FlagsFile.ReadAsync(_gateway.FlagsPath)).Groups!["kitchen"].Partitions!.Allow!);

        var malformed = await FtgoCli.RunAsync(["partitions", "kitchen", "allow", "07", .. gateway]);
        Assert.True(malformed.ExitCode == 2, malformed.ToString());
        Assert.Contains("'07' is not an id", malformed.Error);

        var movedBack = await FtgoCli.RunAsync(["partitions", "kitchen", "remove", "7", .. gateway]);
        Assert.True(movedBack.ExitCode == 0, movedBack.ToString());
        Assert.Equal(Side.Legacy, _gateway.Flags.Current.Rollout("kitchen").SideFor("7"));
        Assert.Equal(Side.New, _gateway.Flags.Current.Rollout("kitchen").SideFor("12"));

        var status = await FtgoCli.RunAsync(["status", "kitchen", .. gateway]);
        Assert.Contains("by restaurant, allow [12]", status.Output);

        var unsplitAtLive = await FtgoCli.RunAsync(["partitions", "kitchen", "by", "none", .. gateway]);
        Assert.True(unsplitAtLive.ExitCode == 7, unsplitAtLive.ToString());
    }
}
