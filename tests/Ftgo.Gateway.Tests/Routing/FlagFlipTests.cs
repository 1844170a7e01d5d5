using System.Net.Http.Json;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Ftgo.Gateway.Tests.Infrastructure;
using Ftgo.Stages;

namespace Ftgo.Gateway.Tests.Routing;

/// <summary>Flags change under load: nothing fails, nothing is lost, and the new stage is in force within a second.</summary>
public sealed class FlagFlipTests : IAsyncLifetime
{
    private GatewayApp _gateway = null!;
    private FtgoClient _client = null!;
    private long _courierId;

    public async Task InitializeAsync()
    {
        var pair = LegacyPair.Instance;
        _gateway = new GatewayApp(pair.Legacy.BaseAddress, pair.Twin.BaseAddress, pair.Twin.BaseAddress).Start();
        _client = await FtgoClient.LoginAsync(_gateway.Client);
        _courierId = await _client.CreateCourierAsync();
    }

    public Task DisposeAsync() => _gateway.DisposeAsync().AsTask();

    [Fact]
    public async Task AFlagFlippedInTheFile_UnderLoad_LosesNothing_FailsNothing_AndIsFollowedByEveryLaterRequest()
    {
        var answers = new ConcurrentBag<(long SentAt, long At, HttpStatusCode Status, string Origin)>();
        var sent = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var clock = Stopwatch.StartNew();
        long flipAt = -1, seenAt = -1;

        async Task Load(int worker)
        {
            var i = 0;
            // Load until a while after the flip was first seen: enough requests sent after it to judge.
            while (!stop.IsCancellationRequested
                   && (Interlocked.Read(ref seenAt) < 0 || clock.ElapsedMilliseconds < Interlocked.Read(ref seenAt) + 1500))
            {
                Interlocked.Increment(ref sent);
                var sentAt = clock.ElapsedMilliseconds;
                // Reads and writes of the delivery group, and catch-all reads, interleaved.
                var answer = ((worker + i++) % 3) switch
                {
                    0 => await _client.GetAsync($"/couriers/{_courierId}"),
                    1 => await _client.PostAsync($"/couriers/{_courierId}/availability", new { available = true }),
                    _ => await _client.GetAsync("/consumers/1"),
                };
                var at = clock.ElapsedMilliseconds;
                if (answer.Origin == "delivery")
                {
                    Interlocked.CompareExchange(ref seenAt, at, -1);
                }
                answers.Add((sentAt, at, answer.Status, answer.Origin ?? "none"));
            }
        }

        var load = Enumerable.Range(0, 6).Select(w => Task.Run(() => Load(w))).ToList();
        await Eventually.UntilAsync(() => answers.Count > 100, "the load running");

        // As the CLI would: straight to the file, the gateway notices on its own.
        Interlocked.Exchange(ref flipAt, clock.ElapsedMilliseconds);
        await FlagsFile.WriteAsync(_gateway.FlagsPath, new Dictionary<string, GroupFlags>
        {
            ["delivery"] = new() { Stage = MigrationStage.RampDown },
        });
        await Eventually.UntilAsync(() => Interlocked.Read(ref seenAt) >= 0, "an answer from the new side");
        await Task.WhenAll(load);

        Assert.False(stop.IsCancellationRequested, "the load ran to its end, not into the safety timeout");
        Assert.Equal(sent, answers.Count);
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        var flip = Interlocked.Read(ref flipAt);
        Assert.DoesNotContain(answers, a => a.At < flip && a.Origin == "delivery");
        // The flags are swapped whole: a request sent after an answer came from the new side is routed by the
        // new flags too — every delivery-group request on the new side, the catch-all still on legacy.
        var seen = Interlocked.Read(ref seenAt);
        var after = answers.Where(a => a.SentAt > seen).ToList();
        Assert.NotEmpty(after);
        Assert.Contains(after, a => a.Origin == "delivery");
        Assert.Equal(after.Count(a => a.Origin == "legacy"), after.Count / 3, tolerance: 6);
    }

    [Fact]
    public async Task AnInvalidFlagFile_KeepsTheLastGoodConfiguration_AndTheAdminApiSaysWhy()
    {
        await _gateway.SetAsync("kitchen", MigrationStage.RampDown);
        await File.WriteAllTextAsync(_gateway.FlagsPath, """{"feature_management":{"feature_flags":[{"id":"kitchen","enabled":true,"variants":[{"name":"off"}],"allocation":{"default_when_enabled":"nowhere"}}]}}""");

        var report = await Eventually.UntilAsync(
            async () => (await _gateway.Admin.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/_strangler/flags"))!,
            r => r["refusal"]?["errors"]?.ToJsonString().Contains("nowhere") == true, "the refusal in the admin API");

        Assert.Contains("nowhere", report["refusal"]!["errors"]!.ToJsonString());
        Assert.Equal(MigrationStage.RampDown, _gateway.Flags.Current.Group("kitchen").Stage);
        var groups = await _gateway.Admin.GetFromJsonAsync<System.Text.Json.Nodes.JsonArray>("/_strangler/groups");
        Assert.Equal("rampdown", groups!.Single(g => g!["group"]!.GetValue<string>() == "kitchen")!["stage"]!.GetValue<string>());
    }

    [Fact]
    public async Task AGatewayStartedOnAnInvalidFile_FollowsTheFirstValidOne_EvenWithoutAVersion()
    {
        var pair = LegacyPair.Instance;
        await using var gateway = new GatewayApp(pair.Legacy.BaseAddress, pair.Twin.BaseAddress, pair.Twin.BaseAddress);
        await File.WriteAllTextAsync(gateway.FlagsPath, """{"feature_management":{"feature_flags":[{"id":"kitchen","enabled":true,"variants":[{"name":"off"}],"allocation":{"default_when_enabled":"nowhere"}}]}}""");
        gateway.Start();
        Assert.NotNull(gateway.Flags.LastRefusal);

        // Written by hand, as a team's first file often is: no ftgo.version, so version 0, the empty flags' own.
        await File.WriteAllTextAsync(gateway.FlagsPath, """
            {"feature_management":{"feature_flags":[{"id":"delivery","enabled":true,
             "variants":[{"name":"off"},{"name":"shadow"},{"name":"rampdown"}],"allocation":{"default_when_enabled":"rampdown"}}]}}
            """);

        await Eventually.UntilAsync(
            async () => (await gateway.Admin.GetFromJsonAsync<System.Text.Json.Nodes.JsonArray>("/_strangler/groups"))!,
            g => g.Any(x => x!["group"]!.GetValue<string>() == "delivery" && x["stage"]!.GetValue<string>() == "rampdown"),
            "the gateway's routing table at rampdown");
        var client = await FtgoClient.LoginAsync(gateway.Client);
        Assert.Equal("delivery", (await client.GetAsync($"/couriers/{_courierId}")).Origin);
    }
}
