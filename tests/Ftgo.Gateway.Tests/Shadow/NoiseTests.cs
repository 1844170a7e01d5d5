using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ftgo.Gateway.Tests.Capture;
using Ftgo.Gateway.Shadow;
using Ftgo.Gateway.Tests.Infrastructure;
using Ftgo.Stages;
using Microsoft.AspNetCore.Http;

namespace Ftgo.Gateway.Tests.Shadow;

/// <summary>
/// Noise-cancelled shadow comparison on a real gateway: a legacy fake whose answer carries a random id per call
/// (<c>generatedId</c>), and a new side that also differs for real in <c>name</c> on even courier ids. Every compared read is
/// also read a second time from legacy (<c>NoiseSample</c> 1), so the random field is learned as noise within a few reads.
/// </summary>
public sealed class NoiseTests : IAsyncLifetime
{
    private const int MinSamples = 5;

    private readonly TempFolder _folder = new("ftgo-noise");
    private FakeService _legacy = null!;
    private FakeService _delivery = null!;
    private GatewayApp? _gateway;

    private string ConfigFile => _folder.File("gateway.json");

    public async Task InitializeAsync()
    {
        _legacy = await FakeService.StartAsync("legacy");
        _legacy.Handler = http => HttpMethods.IsGet(http.Request.Method)
            ? http.Response.WriteAsJsonAsync(Courier(http, "Ann"))
            : http.Response.WriteAsJsonAsync(new { id = 1 });
        _delivery = await FakeService.StartAsync("delivery");
        _delivery.Handler = http => http.Response.WriteAsJsonAsync(Courier(http, IdOf(http) % 2 == 0 ? "Bob" : "Ann"));
        // The operator's configuration file, reloaded on change: where `ftgo shadow accept-noise` writes.
        await File.WriteAllTextAsync(ConfigFile, """
            {
              "Ftgo": {
                "Gateway": {
                  "Groups": {
                    "delivery": {
                      "Shadow": { "IgnorePaths": [ "$.traceId" ], "NoiseSample": 1, "ConfirmAfter": "00:00:00" }
                    }
                  }
                }
              }
            }
            """);
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }
        await _legacy.DisposeAsync();
        await _delivery.DisposeAsync();
        _folder.Dispose();
    }

    private static long IdOf(HttpContext http) => long.Parse(http.Request.Path.Value!.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);

    private static object Courier(HttpContext http, string name) => new { id = IdOf(http), name, generatedId = Guid.NewGuid().ToString("N") };

    private async Task StartGatewayAsync(MigrationStage stage, double percent = 0, IDictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?> { ["Ftgo:Gateway:Shadow:Noise:MinSamples"] = MinSamples.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        _gateway = new GatewayApp(_legacy.BaseAddress, _delivery.BaseAddress, _delivery.BaseAddress,
            new Dictionary<string, GroupFlags> { ["delivery"] = new() { Stage = stage, Percent = percent } }, settings, reloadableConfig: ConfigFile).Start();
    }

    private async Task<JsonObject> Report() =>
        (await _gateway!.Admin.GetFromJsonAsync<JsonObject>("/_strangler/groups/delivery"))!;

    private async Task<JsonObject> Noise() =>
        (await _gateway!.Admin.GetFromJsonAsync<JsonObject>("/_strangler/groups/delivery/noise"))!;

    private static long Counter(JsonObject report, string name) => report[name]!.GetValue<long>();

    private static long Judged(JsonObject report) => Counter(report, "compared") + Counter(report, "shadowErrors");

    private static JsonNode PathIn(JsonObject noise, string path) =>
        noise["paths"]!.AsArray().Single(p => p!["path"]!.GetValue<string>() == path)!;

    /// <summary>Reads courier <paramref name="id"/> through the gateway and waits until its copy has a verdict.</summary>
    private async Task<JsonObject> ReadAndWaitForTheVerdict(long id)
    {
        var before = Judged(await Report());
        var answer = await _gateway!.Client.GetAsync($"/couriers/{id}");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        return await Eventually.UntilAsync(Report, r => Judged(r) > before, $"the verdict on courier {id}");
    }

    [Theory]
    [InlineData(MigrationStage.Shadow, 0)]
    [InlineData(MigrationStage.Live, 50)]
    public async Task ARandomLegacyField_IsLearnedAsNoiseAndSuppressed_WhileARealDifferenceIsStillAMismatch(MigrationStage stage, double percent)
    {
        await StartGatewayAsync(stage, percent);
        const int learning = 2 * MinSamples;
        for (var id = 1; id <= learning; id++)
        {
            await ReadAndWaitForTheVerdict(id);
        }

        var noise = await Noise();
        Assert.Equal((learning, learning), (Counter(noise, "rawComparisons"), Counter(noise, "noiseComparisons")));
        var generated = PathIn(noise, "$.generatedId");
        Assert.True(generated["suppressed"]!.GetValue<bool>(), generated.ToJsonString());
        Assert.Equal((1.0, 1.0), (generated["rawRate"]!.GetValue<double>(), generated["noiseRate"]!.GetValue<double>()));
        Assert.Contains("the raw rate is not above the noise rate", generated["reason"]!.GetValue<string>());
        var name = PathIn(noise, "$.name");
        Assert.False(name["suppressed"]!.GetValue<bool>(), name.ToJsonString());
        Assert.Equal((0.5, 0.0), (name["rawRate"]!.GetValue<double>(), name["noiseRate"]!.GetValue<double>()));
        Assert.Contains("never differed between two legacy answers", name["reason"]!.GetValue<string>());
        Assert.Equal(["$.generatedId"], noise["proposed"]!.AsArray().Select(p => p!.GetValue<string>()));
        // Each read reached legacy twice (the client's answer and the noise read), the new side once.
        Assert.All(Enumerable.Range(1, learning), id => Assert.Equal((2, 1), (_legacy.Count("GET", $"/couriers/{id}"), _delivery.Count("GET", $"/couriers/{id}"))));

        // An odd courier differs only in the random field: noise, compared but not a mismatch.
        var before = await Report();
        var odd = await ReadAndWaitForTheVerdict(learning + 1);
        Assert.Equal((Counter(before, "noiseOnly") + 1, Counter(before, "mismatched"), Counter(before, "compared") + 1),
            (Counter(odd, "noiseOnly"), Counter(odd, "mismatched"), Counter(odd, "compared")));

        // An even one differs for real too: a mismatch, kept with its real path, the noise path set apart.
        var even = await ReadAndWaitForTheVerdict(learning + 2);
        Assert.Equal((Counter(odd, "noiseOnly"), Counter(odd, "mismatched") + 1), (Counter(even, "noiseOnly"), Counter(even, "mismatched")));
        var kept = (await _gateway!.Admin.GetFromJsonAsync<JsonArray>("/_strangler/groups/delivery/mismatches?limit=1"))!.Single()!;
        Assert.Equal($"/couriers/{learning + 2}", kept["path"]!.GetValue<string>());
        Assert.Equal(["$.name"], kept["paths"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal(["$.generatedId"], kept["noisePaths"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal(["$.generatedId"], even["noise"]!["proposed"]!.AsArray().Select(p => p!.GetValue<string>()));
    }

    [Fact]
    public async Task Writes_AreNeverSentASecondTimeToLegacy()
    {
        await StartGatewayAsync(MigrationStage.Shadow);
        const int writes = 3;
        for (var i = 0; i < writes; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await _gateway!.Client.PostAsJsonAsync("/couriers", new { name = "Ann" })).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await _gateway.Client.PostAsJsonAsync("/couriers/1/availability", new { available = true })).StatusCode);
        }
        // A read after them: the workers take copies in order, so its verdict comes after anything the writes could have caused.
        await ReadAndWaitForTheVerdict(7);

        Assert.Equal((writes, writes), (_legacy.Count("POST", "/couriers"), _legacy.Count("POST", "/couriers/1/availability")));
        Assert.Equal(0, _delivery.Requests.Count(r => r.Method != "GET"));
        Assert.Equal(2, _legacy.Count("GET", "/couriers/7"));
        var noise = await Noise();
        Assert.Equal((1L, 1L), (Counter(noise, "noiseComparisons"), Counter(noise, "rawComparisons")));
    }

    [Fact]
    public async Task AGroupsNoiseSampleOfZero_OverridesTheGateways_NoCopyIsReadTwice_AndEveryDifferenceCounts()
    {
        await StartGatewayAsync(MigrationStage.Shadow, more: new Dictionary<string, string?> { ["Ftgo:Gateway:Shadow:NoiseSample"] = "1" });
        await File.WriteAllTextAsync(ConfigFile, """{ "Ftgo": { "Gateway": { "Groups": { "delivery": { "Shadow": { "NoiseSample": 0, "ConfirmAfter": "00:00:00" } } } } } }""");
        await Eventually.UntilAsync(async () => (await Noise())["sample"]!.GetValue<double>(), s => s == 0, "the group's own sample in force");

        for (var id = 1; id <= 2 * MinSamples; id += 2)
        {
            await ReadAndWaitForTheVerdict(id);
        }

        Assert.All(Enumerable.Range(0, MinSamples).Select(i => 1 + 2 * i), id => Assert.Equal(1, _legacy.Count("GET", $"/couriers/{id}")));
        var report = await Report();
        Assert.Equal((0L, (long)MinSamples), (Counter(report["noise"]!.AsObject(), "noiseComparisons"), Counter(report, "mismatched")));
    }

    [Fact]
    public async Task AcceptNoise_WritesTheIgnorePathIntoTheGatewaysConfig_AndTheGatewayStopsComparingIt()
    {
        await StartGatewayAsync(MigrationStage.Shadow);
        for (var id = 1; id <= 2 * MinSamples; id++)
        {
            await ReadAndWaitForTheVerdict(id);
        }
        Assert.Equal(["$.generatedId"], (await Noise())["proposed"]!.AsArray().Select(p => p!.GetValue<string>()));
        var mismatches = await FtgoCli.RunAsync("mismatches", "delivery", "--gateway", _gateway!.BaseAddress.ToString(), "--token", TestKeys.AdminToken);
        Assert.True(mismatches.ExitCode == 0, mismatches.ToString());
        Assert.Contains("noise (suppressed): $.generatedId", mismatches.Output);
        Assert.Contains("$.generatedId  raw 100 % vs noise 100 %: the raw rate is not above the noise rate", mismatches.Output);

        var accepted = await FtgoCli.RunAsync("shadow", "accept-noise", "delivery", "$.generatedId", "--config", ConfigFile);

        Assert.True(accepted.ExitCode == 0, accepted.ToString());
        var shadow = JsonNode.Parse(await File.ReadAllTextAsync(ConfigFile))!["Ftgo"]!["Gateway"]!["Groups"]!["delivery"]!["Shadow"]!;
        Assert.Equal(["$.traceId", "$.generatedId"], shadow["IgnorePaths"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal(1, shadow["NoiseSample"]!.GetValue<int>());
        var noise = await Eventually.UntilAsync(Noise, n => PathIn(n, "$.generatedId")["ignored"]!.GetValue<bool>(), "the accepted path in force");
        Assert.Empty(noise["proposed"]!.AsArray());
        // No longer compared: an odd courier now matches outright.
        var before = await Report();
        var after = await ReadAndWaitForTheVerdict(2 * MinSamples + 1);
        Assert.Equal((Counter(before, "matched") + 1, Counter(before, "noiseOnly")), (Counter(after, "matched"), Counter(after, "noiseOnly")));
    }

    [Fact]
    public async Task UnderLoad_TheNoiseReadIsGivenUpFirst_AndEveryCopyIsStillCompared()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _delivery.Handler = async http =>
        {
            if (IdOf(http) == 1)
            {
                // The one worker is held on the first copy while the next reads queue up behind it.
                await release.Task;
            }
            await http.Response.WriteAsJsonAsync(Courier(http, "Ann"));
        };
        // A queue of 4: a noise read is made only while at most one copy waits.
        await StartGatewayAsync(MigrationStage.Shadow, more: new Dictionary<string, string?>
        {
            ["Ftgo:Gateway:Shadow:QueueCapacity"] = "4",
            ["Ftgo:Gateway:Shadow:Workers"] = "1",
        });
        var queue = _gateway!.Services.GetRequiredService<ShadowQueue>();
        await _gateway.Client.GetAsync("/couriers/1");
        await Eventually.UntilAsync(() => _delivery.Count("GET", "/couriers/1") == 1, "the first copy held at the new side");
        for (var id = 2; id <= 4; id++)
        {
            Assert.Equal(HttpStatusCode.OK, (await _gateway.Client.GetAsync($"/couriers/{id}")).StatusCode);
        }
        await Eventually.UntilAsync(() => queue.Pending == 3, "three copies waiting");

        release.SetResult();

        var report = await Eventually.UntilAsync(Report, r => Judged(r) == 4, "every copy judged");
        Assert.Equal((4L, 0L), (Counter(report, "compared"), Counter(report, "dropped")));
        // Courier 2 was taken while two copies still waited: its noise read was given up; the others were read twice.
        Assert.Equal([2, 1, 2, 2], Enumerable.Range(1, 4).Select(id => _legacy.Count("GET", $"/couriers/{id}")));
        Assert.Equal(3L, Counter(await Noise(), "noiseComparisons"));
    }

    [Fact]
    public async Task TheDashboard_ShowsEachPathsRates_WhetherItIsSuppressed_AndWhy()
    {
        await StartGatewayAsync(MigrationStage.Shadow);
        for (var id = 1; id <= 2 * MinSamples; id++)
        {
            await ReadAndWaitForTheVerdict(id);
        }
        await using var browser = await Chromium.StartAsync();

        await browser.NavigateAsync($"{_gateway!.BaseAddress}_strangler/#token={TestKeys.AdminToken}");

        const string row = "document.querySelector('tr[data-noise-group=\"delivery\"][data-path=\"$.generatedId\"]')";
        var generated = await Eventually.UntilAsync(async () => (await browser.EvaluateAsync(row + "?.textContent"))?.GetValue<string>(),
            text => text is not null, "the noise table");
        Assert.Contains("100.0 %", generated);
        Assert.Contains("the raw rate is not above the noise rate", generated);
        Assert.Equal("noise", (await browser.EvaluateAsync(row + ".querySelector('.suppressed').textContent"))!.GetValue<string>());
        Assert.Equal("no", (await browser.EvaluateAsync(
            "document.querySelector('tr[data-noise-group=\"delivery\"][data-path=\"$.name\"] .suppressed').textContent"))!.GetValue<string>());
        Assert.StartsWith("noise only", (await browser.EvaluateAsync(
            "document.querySelector('tr[data-group=\"delivery\"] .noise-only').textContent"))!.GetValue<string>());
    }

    [Theory]
    [InlineData("Ftgo:Gateway:Shadow:NoiseSample", "1.5", "Ftgo:Gateway:Shadow:NoiseSample must be between 0 (off) and 1, not 1.5")]
    [InlineData("Ftgo:Gateway:Shadow:Noise:RelativeThreshold", "-1", "Ftgo:Gateway:Shadow:Noise:RelativeThreshold must be between 0 and 100")]
    [InlineData("Ftgo:Gateway:Groups:delivery:Shadow:NoiseSample", "2", "Group 'delivery': Shadow:NoiseSample must be between 0 (off) and 1, not 2")]
    public async Task ANoiseSettingThatCannotBeMeant_IsRefusedAtStart_SayingWhy(string key, string value, string message)
    {
        var gateway = new GatewayApp(_legacy.BaseAddress, _delivery.BaseAddress, _delivery.BaseAddress,
            settings: new Dictionary<string, string?> { [key] = value });
        try
        {
            var refused = Assert.ThrowsAny<Exception>(() => gateway.Start());
            Assert.Contains(message, refused.Message);
        }
        finally
        {
            await gateway.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(50, 100, 45, 100, true, "not more than the relative threshold")]
    [InlineData(90, 100, 10, 100, false, "more than both thresholds")]
    [InlineData(1, 1000, 0, 100, false, "never differed between two legacy answers")]
    [InlineData(100, 100, 4, 4, false, "4 of the 5 noise samples needed")]
    [InlineData(30, 100, 60, 100, true, "the raw rate is not above the noise rate")]
    public void APathIsNoise_UnlessItsRawRateExceedsItsNoiseRate_ByBothThresholds(long raw, long rawN, long noise, long noiseN, bool expected, string why)
    {
        var (isNoise, reason) = NoiseLedger.Judge(raw, rawN, noise, noiseN, new NoiseRules { MinSamples = MinSamples });

        Assert.Equal(expected, isNoise);
        Assert.Equal(expected, NoiseLedger.IsNoise(raw, rawN, noise, noiseN, new NoiseRules { MinSamples = MinSamples }));
        Assert.Contains(why, reason);
    }
}
