using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ftgo.Comparison.Capture;
using Ftgo.Gateway.Routing;
using Ftgo.Gateway.Shadow;
using Ftgo.Gateway.Tests.Infrastructure;
using Ftgo.Stages;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Ftgo.Gateway.Tests.Shadow;

/// <summary>
/// Confirming a shadow difference before counting it: the real gateway and the real monolith, a new side that
/// answers stale, then current (replication lag), or differs for good. The delay is set to a few
/// milliseconds through the group's <c>Shadow:ConfirmAfter</c>, so no test waits the default second.
/// </summary>
public sealed class ConfirmationTests : IAsyncLifetime
{
    private const string ShortDelay = "00:00:00.050";

    private FakeService _delivery = null!;
    private GatewayApp? _gateway;
    private FtgoClient _client = null!;
    private long _courierId;
    private string _legacyJson = null!;
    private int _newSideReads;

    public async Task InitializeAsync()
    {
        var legacy = LegacyPair.Instance.Legacy;
        _courierId = await FtgoClient.CourierOnLegacyAsync(legacy.BaseAddress, available: false);
        _legacyJson = (await new FtgoClient(Loopback.Client(legacy.BaseAddress)).GetAsync($"/couriers/{_courierId}")).Body;
        _delivery = await FakeService.StartAsync("delivery");
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }
        await _delivery.DisposeAsync();
    }

    private async Task StartGatewayAsync(IDictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Ftgo:Gateway:Groups:delivery:Shadow:ConfirmAfter"] = ShortDelay,
            ["Ftgo:Gateway:Capture:Enabled"] = "true",
            ["Ftgo:Gateway:Capture:Groups:0"] = "delivery",
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            // null: leave the setting out.
            if (value is null)
            {
                settings.Remove(key);
            }
            else
            {
                settings[key] = value;
            }
        }
        _gateway = new GatewayApp(LegacyPair.Instance.Legacy.BaseAddress, _delivery.BaseAddress, _delivery.BaseAddress,
            new Dictionary<string, GroupFlags> { ["delivery"] = new() { Stage = MigrationStage.Shadow } }, settings).Start();
        _client = await FtgoClient.LoginAsync(_gateway.Client);
    }

    private string CourierPath => $"/couriers/{_courierId}";

    /// <summary>The legacy courier with one change, as a new side would answer it.</summary>
    private string Courier(Action<JsonObject> change)
    {
        var courier = JsonNode.Parse(_legacyJson)!.AsObject();
        change(courier);
        return courier.ToJsonString();
    }

    /// <summary>The new side answers its n-th read of the courier (1-based) with <paramref name="answer"/>.</summary>
    private void NewSideAnswers(Func<int, HttpContext, Task> answer) =>
        _delivery.Handler = http => answer(Interlocked.Increment(ref _newSideReads), http);

    private int NewSideReadsOfTheCourier => _delivery.Count("GET", CourierPath);

    private async Task<JsonObject> Report() =>
        (await _gateway!.Admin.GetFromJsonAsync<JsonArray>("/_strangler/groups"))!
        .Single(g => g!["group"]!.GetValue<string>() == "delivery")!.AsObject();

    private static long Counter(JsonObject report, string name) => report[name]!.GetValue<long>();

    private static long Judged(JsonObject report) => Counter(report, "compared") + Counter(report, "shadowErrors");

    /// <summary>Reads through the gateway (the client gets legacy's answer) and waits until the copy has a verdict.</summary>
    private async Task<JsonObject> ReadAndWaitForTheVerdict()
    {
        var before = Judged(await Report());
        var answer = await _client.GetAsync(CourierPath);
        Assert.Equal((HttpStatusCode.OK, "legacy", _legacyJson), (answer.Status, answer.Origin, answer.Body));
        return await Eventually.UntilAsync(Report, r => Judged(r) > before, "the shadow verdict");
    }

    private async Task<JsonArray> KeptMismatches() =>
        (await _gateway!.Admin.GetFromJsonAsync<JsonArray>("/_strangler/groups/delivery/mismatches?limit=100"))!;

    private async Task<CapturedExchange> CapturedExchange()
    {
        var file = await Eventually.UntilAsync(async () => (await _gateway!.Admin.GetFromJsonAsync<JsonObject>("/_strangler/capture"))!["files"]!
                .AsArray().Single(f => f!["group"]!.GetValue<string>() == "delivery")!,
            f => f["recorded"]!.GetValue<long>() == 1, "the exchange recorded");
        var lines = (await File.ReadAllLinesAsync(file["file"]!.GetValue<string>())).Where(l => l.Length > 0).Select(CaptureFormat.Read);
        return Assert.IsType<CapturedExchange>(Assert.Single(lines.OfType<CapturedExchange>()));
    }

    [Fact]
    public async Task ANewSideThatIsStaleFirst_AndCurrentOnTheReread_IsConverged_NotAMismatch()
    {
        var stale = Courier(c => c["available"] = true);
        NewSideAnswers((n, http) => FakeService.Json(n == 1 ? stale : _legacyJson)(http));
        await StartGatewayAsync();
        var converged = new ConcurrentBag<(string? Group, string? Origin)>();
        using var listener = ListenTo(_gateway!.Metrics.Meter, "ftgo.gateway.shadow.copies", "converged", converged);

        var report = await ReadAndWaitForTheVerdict();

        Assert.Equal((1L, 0L, 1L, 0L, 0L), (Counter(report, "compared"), Counter(report, "matched"), Counter(report, "converged"),
            Counter(report, "mismatched"), Counter(report, "shadowErrors")));
        Assert.Equal(0.0, report["mismatchRate"]!.GetValue<double>());
        Assert.Equal(1L, report["origins"]!["legacy"]!["converged"]!.GetValue<long>());
        Assert.Empty(report["recentMismatches"]!.AsArray());
        Assert.Empty(await KeptMismatches());
        Assert.Equal(2, NewSideReadsOfTheCourier);
        await Eventually.UntilAsync(() => !converged.IsEmpty, "the converged copy on the meter");
        Assert.Equal([("delivery", "legacy")], converged);

        // Captured as the pair the verdict is about: the re-read, matched, saying it converged and what differed first.
        var exchange = await CapturedExchange();
        Assert.True(exchange.Matched);
        Assert.Equal("converged", exchange.Confirmation);
        Assert.Equal(["$.available"], exchange.FirstDifferences);
        Assert.Empty(exchange.Differences);
        Assert.Equal(_legacyJson, exchange.New.Body);
    }

    [Fact]
    public async Task APersistentDifference_IsOneMismatch_KeptWithTheRereadBodiesAndPaths()
    {
        var first = Courier(c => c["available"] = true);
        var reread = Courier(c => c["name"]!["lastName"] = "Someone Else");
        NewSideAnswers((n, http) => FakeService.Json(n == 1 ? first : reread)(http));
        await StartGatewayAsync();

        var report = await ReadAndWaitForTheVerdict();

        Assert.Equal((1L, 0L, 0L, 1L), (Counter(report, "compared"), Counter(report, "matched"), Counter(report, "converged"),
            Counter(report, "mismatched")));
        Assert.Equal(1.0, report["mismatchRate"]!.GetValue<double>());
        var kept = Assert.Single(await KeptMismatches())!;
        Assert.Equal("confirmed", kept["confirmation"]!.GetValue<string>());
        Assert.True(kept["confirmed"]!.GetValue<bool>());
        Assert.Equal(["$.name.lastName"], kept["paths"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal(["$.available"], kept["firstPaths"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal(reread, kept["newBody"]!.GetValue<string>());
        Assert.Equal(_legacyJson, kept["legacyBody"]!.GetValue<string>());
        Assert.Equal("confirmed", report["recentMismatches"]![0]!["confirmation"]!.GetValue<string>());

        var exchange = await CapturedExchange();
        Assert.False(exchange.Matched);
        Assert.Equal("confirmed", exchange.Confirmation);
        Assert.Equal(["$.name.lastName"], exchange.Differences);
        Assert.Equal(["$.available"], exchange.FirstDifferences);
        Assert.Equal(reread, exchange.New.Body);
    }

    [Fact]
    public async Task ADifferenceWhoseGroupMovesPastLiveBeforeItsReread_IsDropped_NotJudged()
    {
        var stale = Courier(c => c["available"] = true);
        NewSideAnswers(async (n, http) =>
        {
            if (n == 1)
            {
                // The runbook moves on while the first copy is answered: at complete the monolith refuses the route.
                await _gateway!.SetAsync("delivery", MigrationStage.Complete);
            }
            await FakeService.Json(stale)(http);
        });
        await StartGatewayAsync();
        var before = Counter(await Report(), "dropped");

        var answer = await _client.GetAsync(CourierPath);
        Assert.Equal((HttpStatusCode.OK, "legacy"), (answer.Status, answer.Origin));
        var report = await Eventually.UntilAsync(Report, r => Counter(r, "dropped") > before, "the difference dropped");

        Assert.Equal((0L, 0L, 0L, 0L), (Counter(report, "compared"), Counter(report, "converged"), Counter(report, "mismatched"),
            Counter(report, "shadowErrors")));
        Assert.Equal(1, NewSideReadsOfTheCourier);
        Assert.Empty(await KeptMismatches());
    }

    [Fact]
    public async Task ARereadThatFails_IsAShadowError_NeitherAMatchNorAMismatch()
    {
        var stale = Courier(c => c["available"] = true);
        NewSideAnswers((n, http) =>
        {
            if (n == 1)
            {
                return FakeService.Json(stale)(http);
            }
            http.Abort();
            return Task.CompletedTask;
        });
        await StartGatewayAsync();

        var report = await ReadAndWaitForTheVerdict();

        Assert.Equal((0L, 0L, 0L, 1L), (Counter(report, "compared"), Counter(report, "converged"), Counter(report, "mismatched"),
            Counter(report, "shadowErrors")));
        Assert.Equal(2, NewSideReadsOfTheCourier);
        Assert.Empty(await KeptMismatches());
    }

    [Theory]
    [InlineData("Ftgo:Gateway:Groups:delivery:Shadow:ConfirmAfter", "00:00:00")]
    [InlineData("Ftgo:Gateway:Shadow:ConfirmAfter", "0")]
    public async Task ConfirmationOff_CountsTheFirstDifference_AsBefore(string key, string off)
    {
        var stale = Courier(c => c["available"] = true);
        NewSideAnswers((n, http) => FakeService.Json(n == 1 ? stale : _legacyJson)(http));
        var settings = new Dictionary<string, string?> { [key] = off };
        if (key.StartsWith("Ftgo:Gateway:Shadow", StringComparison.Ordinal))
        {
            settings["Ftgo:Gateway:Groups:delivery:Shadow:ConfirmAfter"] = null;
        }
        await StartGatewayAsync(settings);

        var report = await ReadAndWaitForTheVerdict();

        Assert.Equal((1L, 0L, 1L), (Counter(report, "compared"), Counter(report, "converged"), Counter(report, "mismatched")));
        // Counted without a re-read: the new side was asked once.
        Assert.Equal(1, NewSideReadsOfTheCourier);
        var kept = Assert.Single(await KeptMismatches())!;
        Assert.Null(kept["confirmation"]);
        Assert.False(kept["confirmed"]!.GetValue<bool>());
        Assert.Equal(stale, kept["newBody"]!.GetValue<string>());
        Assert.Null((await CapturedExchange()).Confirmation);
    }

    [Fact]
    public async Task AFullConfirmationQueue_CountsTheDifferenceAsAnUnconfirmedMismatch_AndNeverHoldsTheClient()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var different = Courier(c => c["available"] = true);
        NewSideAnswers(async (n, http) =>
        {
            if (n == 2)
            {
                // The first difference's re-read: held, so that it fills the confirmation queue (capacity 1).
                await release.Task;
            }
            await FakeService.Json(different)(http);
        });
        await StartGatewayAsync(new Dictionary<string, string?>
        {
            ["Ftgo:Gateway:Shadow:ConfirmCapacity"] = "1",
            ["Ftgo:Gateway:Capture:Enabled"] = "false",
        });
        var unconfirmedMeasured = new ConcurrentBag<(string? Group, string? Origin)>();
        using var listener = ListenTo(_gateway!.Metrics.Meter, "ftgo.gateway.shadow.unconfirmed", null, unconfirmedMeasured);
        await _client.GetAsync(CourierPath);
        await Eventually.UntilAsync(() => NewSideReadsOfTheCourier == 2, "the first difference's re-read, held");
        var queue = _gateway.Services.GetRequiredService<ConfirmQueue>();
        Assert.Equal(1, queue.Pending);

        // Each read is answered and judged while the re-read is held: nothing waits for room in the queue.
        const long reads = 4;
        for (var i = 0; i < reads; i++)
        {
            await ReadAndWaitForTheVerdict();
        }
        var held = await Report();
        Assert.Equal((reads, reads, reads), (Counter(held, "unconfirmed"), Counter(held, "mismatched"), Counter(held, "compared")));
        Assert.All(await KeptMismatches(), m => Assert.Equal("unconfirmed", m!["confirmation"]!.GetValue<string>()));
        Assert.Equal(reads, unconfirmedMeasured.Count);

        release.SetResult();
        var settled = await Eventually.UntilAsync(Report, r => Counter(r, "mismatched") == reads + 1, "the held difference confirmed");
        Assert.Equal((reads + 1, reads, 0L), (Counter(settled, "compared"), Counter(settled, "unconfirmed"), Counter(settled, "converged")));
        Assert.Equal("confirmed", (await KeptMismatches())[0]!["confirmation"]!.GetValue<string>());
        await Eventually.UntilAsync(() => queue.Pending == 0, "the queue emptied");
    }

    [Theory]
    [InlineData("1")]
    [InlineData("-00:00:01")]
    public void AConfirmationDelayThatCannotBeMeant_IsRefusedAtStart_SayingWhy(string delay)
    {
        var group = Assert.Throws<InvalidOperationException>(() => StartRefused("Ftgo:Gateway:Groups:delivery:Shadow:ConfirmAfter", delay));
        Assert.Contains("Group 'delivery': Shadow:ConfirmAfter must be between 0 (off) and 00:01:00", group.Message);

        var gatewayWide = Assert.Throws<OptionsValidationException>(() => StartRefused("Ftgo:Gateway:Shadow:ConfirmAfter", delay));
        Assert.Contains("Ftgo:Gateway:Shadow:ConfirmAfter must be between 0 (off) and 00:01:00", gatewayWide.Message);
        Assert.Contains("00:00:01 is one second, 1 is one day", gatewayWide.Message);
    }

    [Fact]
    public void AGroupsConfirmationDelay_OverridesTheGatewaysOnlyForThatGroup()
    {
        var topology = GatewayTopology.Build(new GatewayOptions
        {
            Groups = new(StringComparer.Ordinal)
            {
                ["delivery"] = new() { Service = "delivery", Routes = [new() { Path = "/couriers/{id}" }], Shadow = new() { ConfirmAfter = TimeSpan.Zero } },
                ["kitchen"] = new() { Service = "kitchen", Routes = [new() { Path = "/orders/{id}/accept" }] },
            },
        });

        Assert.Equal(TimeSpan.Zero, topology.Groups["delivery"].ConfirmAfter);
        Assert.Null(topology.Groups["kitchen"].ConfirmAfter);
        Assert.Equal(TimeSpan.FromSeconds(1), new ShadowOptions().ConfirmAfter);
    }

    private void StartRefused(string key, string value)
    {
        var gateway = new GatewayApp(LegacyPair.Instance.Legacy.BaseAddress, _delivery.BaseAddress, _delivery.BaseAddress,
            settings: new Dictionary<string, string?> { [key] = value });
        try
        {
            gateway.Start();
        }
        finally
        {
            Task.Run(() => gateway.DisposeAsync().AsTask()).GetAwaiter().GetResult();
        }
    }

    private static MeterListener ListenTo(Meter meter, string instrumentName, string? outcome,
        ConcurrentBag<(string? Group, string? Origin)> measured)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter, meter) && instrument.Name == instrumentName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            var named = new Dictionary<string, string?>();
            foreach (var tag in tags)
            {
                named[tag.Key] = tag.Value?.ToString();
            }
            if (outcome is null || named.GetValueOrDefault("outcome") == outcome)
            {
                measured.Add((named.GetValueOrDefault("group"), named.GetValueOrDefault("origin")));
            }
        });
        listener.Start();
        return listener;
    }
}
