using System.Diagnostics;
using System.Text.Json;
using Ftgo.Stages;
using Ftgo.Testing.Processes;

namespace Ftgo.Cli.Tests.Telemetry;

/// <summary>Structured logs by configuration alone: one JSON object per line, with the request's trace id.</summary>
public sealed class JsonLogTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ftgo-jsonlog-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task WithTheJsonConsoleFormatter_ARequestsLogLines_AreJsonAndCarryItsTraceId()
    {
        var port = ChildProcess.FreePort();
        await using var kitchen = ChildProcess.StartDotnet("kitchen", Deployable.Kitchen.EntryAssembly,
            [
                "--urls", $"http://127.0.0.1:{port}", $"--Ftgo:DataFolder={_folder}",
                "--Logging:Console:FormatterName=json", "--Logging:Console:FormatterOptions:IncludeScopes=true",
                "--Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics=Information",
            ],
            Deployable.Kitchen.OutputFolder, new Dictionary<string, string?>());
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await kitchen.WaitHealthyAsync(http, new Uri($"http://127.0.0.1:{port}/healthz"), TimeSpan.FromSeconds(90));

        var trace = ActivityTraceId.CreateRandom().ToHexString();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}/tickets/424242");
        request.Headers.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        using (await http.SendAsync(request))
        {
        }

        var line = await Eventually.UntilAsync(() => Task.FromResult(kitchen.Tail(200).Split('\n').FirstOrDefault(l => l.Contains(trace, StringComparison.Ordinal))),
            found => found is not null, "a log line of the request with its trace id", TimeSpan.FromSeconds(10), () => kitchen.Tail(20));
        using var json = JsonDocument.Parse(line!);
        var scopes = json.RootElement.GetProperty("Scopes").EnumerateArray().ToList();
        Assert.Contains(scopes, s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("TraceId", out var id) && id.GetString() == trace);
        Assert.Contains(scopes, s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("SpanId", out _));
        Assert.Contains(scopes, s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("RequestPath", out var path) && path.GetString() == "/tickets/424242");
        Assert.All(kitchen.Tail(200).Split('\n').Where(l => l.StartsWith('{')), l => JsonDocument.Parse(l).Dispose());
    }

    [Fact]
    public async Task AtTheGateway_ALineLoggedWhileRoutingAGroupRequest_NamesTheGroupStageAndSide()
    {
        await using var cluster = new EmbeddedCluster("Production", MigrationStage.Live, new Dictionary<string, string>
        {
            ["Logging:Console:FormatterName"] = "json",
            ["Logging:Console:FormatterOptions:IncludeScopes"] = "true",
            ["Logging:LogLevel:Yarp"] = "Information",
        });
        await cluster.WriteFlagsAsync(MigrationStage.Live, 100);
        await cluster.StartAllAsync();
        using var client = new FastClient(cluster.Url(Deployable.Gateway));
        await client.PrepareAsync(couriers: 0);
        var order = await client.PlaceOrderAsync();
        await cluster.Started.Single(p => p.Name == Deployable.Kitchen.Name).StopAsync(TimeSpan.FromSeconds(10));

        // Kitchen is down: the gateway's forward of the accept fails, and YARP logs it within the request.
        using (await client.PostAsync($"/orders/{order}/accept", new { readyBy = DateTime.Now.AddMinutes(45).ToString("yyyy-MM-dd'T'HH:mm:ss") }))
        {
        }
        var gateway = cluster.Started.Single(p => p.Name == Deployable.Gateway.Name);
        var line = await Eventually.UntilAsync(() => Task.FromResult(gateway.Tail(400).Split('\n').FirstOrDefault(l => GroupScope(l) is not null)),
            found => found is not null, "a gateway log line in a group's scope", TimeSpan.FromSeconds(10), () => gateway.Tail(30));
        using var json = JsonDocument.Parse(line!);
        var scope = GroupScope(line!)!.Value;
        Assert.Equal("kitchen", scope.GetProperty("Group").GetString());
        Assert.Equal("live", scope.GetProperty("Stage").GetString());
        Assert.Equal("new", scope.GetProperty("Side").GetString());
        Assert.Contains(json.RootElement.GetProperty("Scopes").EnumerateArray(),
            s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("RequestPath", out var path) && path.GetString() == $"/orders/{order}/accept");
    }

    /// <summary>The scope of a JSON log line that names a group, if any.</summary>
    private static JsonElement? GroupScope(string line)
    {
        if (!line.StartsWith('{'))
        {
            return null;
        }
        using var json = JsonDocument.Parse(line);
        return json.RootElement.TryGetProperty("Scopes", out var scopes)
               && scopes.EnumerateArray().FirstOrDefault(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("Group", out _)) is { ValueKind: JsonValueKind.Object } scope
            ? scope.Clone()
            : null;
    }
}
