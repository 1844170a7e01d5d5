using System.Diagnostics;
using System.Text.Json;
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
}
