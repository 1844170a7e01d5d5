using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ftgo.Comparison;
using Ftgo.Comparison.Capture;
using Ftgo.Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Ftgo.Gateway.Tests.Capture;

/// <summary>
/// <c>ftgo replay</c> as a user runs it, on a session recorded through the real gateway: an unchanged
/// build passes, a changed build is caught at the planted path, and each way it can fail says why.
/// </summary>
public sealed class ReplayTests(RecordedSession session) : IClassFixture<RecordedSession>
{
    [Fact]
    public async Task AgainstAnUnchangedBuild_EveryReadIsTheSame_Exit0()
    {
        var run = await FtgoCli.RunAsync("replay", session.File, "--against", session.Twin.BaseAddress.ToString());

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"replay: {session.Reads} requests, {session.Reads} same, 0 different, 0 not compared, 0 failed", run.Output);
    }

    [Fact]
    public async Task AgainstAChangedBuild_ThePlantedDifferenceIsReportedByPath_Exit3()
    {
        // The changed build: the twin's answers, with a courier's last name changed (the planted bug) and its
        // street2 changed too, which the group's rules (carried by the capture header) ignore.
        using var twin = Loopback.Client(session.Twin.BaseAddress);
        await using var changed = await FakeService.StartAsync("changed-build");
        changed.Handler = async http =>
        {
            using var answer = await twin.GetAsync(http.Request.Path + http.Request.QueryString);
            var body = await answer.Content.ReadAsStringAsync();
            if (http.Request.Path.StartsWithSegments("/couriers") && answer.IsSuccessStatusCode)
            {
                var courier = JsonNode.Parse(body)!;
                courier["name"]!["lastName"] = "Planted";
                courier["address"]!["street2"] = "Somewhere else";
                body = courier.ToJsonString();
            }
            http.Response.StatusCode = (int)answer.StatusCode;
            http.Response.ContentType = answer.Content.Headers.ContentType?.ToString();
            await http.Response.WriteAsync(body);
        };

        var run = await FtgoCli.RunAsync("replay", session.File, "--against", changed.BaseAddress.ToString(),
            "--header", "Cookie: FTGO_SESSION=replayer", "--concurrency", "2");

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains($"GET /couriers/{session.CourierId} expected 200, got 200: $.name.lastName", run.Output);
        Assert.Contains($"GET /couriers/{session.CourierId}?view=full expected 200, got 200: $.name.lastName", run.Output);
        Assert.DoesNotContain("street2", run.Output);
        Assert.DoesNotContain($"/orders/{session.OrderId}", run.Output);
        Assert.Contains($"replay: {session.Reads} requests, {session.Reads - 2} same, 2 different, 0 not compared, 0 failed", run.Output);
        Assert.All(changed.Requests, r => Assert.Equal("FTGO_SESSION=replayer", r.Headers["Cookie"]));
        Assert.Equal(session.Reads, changed.Requests.Count);
    }

    [Fact]
    public async Task ExpectNew_ComparesWithTheRecordedNewAnswer_AndLoginSendsTheTargetsSession()
    {
        using var folder = new TempFolder("ftgo-replay");
        var file = folder.File("delivery.jsonl");
        await File.WriteAllLinesAsync(file, [Header(), Exchange(newBody: """{"id":1,"available":true}""")]);
        await using var target = await FakeService.StartAsync("target");
        target.Handler = http =>
        {
            if (http.Request.Path == "/login")
            {
                http.Response.Headers.SetCookie = "FTGO_SESSION=from-login; Path=/; HttpOnly";
                return http.Response.WriteAsJsonAsync(new { username = "demo" });
            }
            return FakeService.Json("""{"id":1,"available":true}""")(http);
        };

        var asLegacy = await FtgoCli.RunAsync("replay", file, "--against", target.BaseAddress.ToString(), "--login", "demo:demo");
        var asNew = await FtgoCli.RunAsync("replay", file, "--against", target.BaseAddress.ToString(), "--expect", "new", "--all");

        Assert.True(asLegacy.ExitCode == 3, asLegacy.ToString());
        Assert.Contains("differ  line 2: GET /couriers/1 expected 200, got 200: $.available", asLegacy.Output);
        Assert.True(asNew.ExitCode == 0, asNew.ToString());
        Assert.Contains("same    line 2: GET /couriers/1 200", asNew.Output);
        var read = target.Requests.First(r => r.Path == "/couriers/1");
        Assert.Equal("FTGO_SESSION=from-login", read.Headers["Cookie"]);
    }

    [Fact]
    public async Task AMalformedLine_Exit1_NamingTheLine()
    {
        using var folder = new TempFolder("ftgo-replay");
        var file = folder.File("broken.jsonl");
        await File.WriteAllLinesAsync(file, [Header(), Exchange(), """{"type":"exchange","group":"delivery","method":"GET" """]);

        var run = await FtgoCli.RunAsync("replay", file, "--against", "http://127.0.0.1:9/");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("ftgo: broken.jsonl line 3 is not a capture record", run.Error);
    }

    [Fact]
    public async Task ALineThatIsNotACaptureRecord_Exit1_NamingTheLine()
    {
        using var folder = new TempFolder("ftgo-replay");
        var file = folder.File("other.jsonl");
        await File.WriteAllLinesAsync(file, [Header(), """{"type":"exchange","group":"delivery","method":"GET","path":"/x"}"""]);

        var run = await FtgoCli.RunAsync("replay", file, "--against", "http://127.0.0.1:9/");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("ftgo: other.jsonl line 2 is not a capture record", run.Error);
        Assert.Contains("legacy", run.Error);
    }

    [Fact]
    public async Task AMissingFile_Exit1_SayingWhereCapturesAreWritten()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-capture-{Guid.NewGuid():N}.jsonl");

        var run = await FtgoCli.RunAsync("replay", missing, "--against", "http://127.0.0.1:9/");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains($"ftgo: there is no capture file at {missing}", run.Error);
    }

    [Fact]
    public async Task AnUnreachableTarget_Exit1_NamingTheTarget()
    {
        using var folder = new TempFolder("ftgo-replay");
        var file = folder.File("delivery.jsonl");
        await File.WriteAllLinesAsync(file, [Header(), Exchange(), Exchange()]);
        var closed = await ClosedPortAsync();

        var run = await FtgoCli.RunAsync("replay", file, "--against", closed.ToString());

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains($"ftgo: the target {closed} cannot be reached", run.Error);
    }

    [Fact]
    public async Task AWrongCommandLine_Exit2()
    {
        var noTarget = await FtgoCli.RunAsync("replay", session.File);
        var badTarget = await FtgoCli.RunAsync("replay", session.File, "--against", "not-a-url");
        var badExpect = await FtgoCli.RunAsync("replay", session.File, "--against", "http://127.0.0.1:9/", "--expect", "kitchen");

        Assert.True(noTarget.ExitCode == 2, noTarget.ToString());
        Assert.Contains("--against", noTarget.Error);
        Assert.True(badTarget.ExitCode == 2, badTarget.ToString());
        Assert.Contains("--against must be an absolute http(s) URL, not 'not-a-url'", badTarget.Error);
        Assert.True(badExpect.ExitCode == 2, badExpect.ToString());
    }

    [Fact]
    public async Task Approve_TurnsTheConfirmedMismatchesIntoScenarios_ThatReplayCatchesWhenTheBugComesBack()
    {
        using var folder = new TempFolder("ftgo-approve");
        var capture = folder.File("delivery.jsonl");
        var approved = Path.Combine(folder.Path, "approved");
        await File.WriteAllLinesAsync(capture, [
            Header(),
            Exchange(),
            Exchange("/couriers/2", """{"id":2,"name":"Ann"}""", """{"id":2,"name":"Bob"}""", matched: false, confirmation: "confirmed"),
            Exchange("/couriers/3", """{"id":3}""", """{"id":3,"x":1}""", matched: false, error: "new side timed out"),
        ]);

        var run = await FtgoCli.RunAsync("replay", capture, "--approve", approved);

        Assert.True(run.ExitCode == 0, run.ToString());
        var file = Path.Combine(approved, "delivery.approved.jsonl");
        Assert.Contains($"approve: {file}: 1 added, 0 replaced by a newer recording, 0 kept, 1 not approvable", run.Output);
        var lines = await File.ReadAllLinesAsync(file);
        Assert.Equal(2, lines.Length);
        var scenario = Assert.IsType<CapturedExchange>(CaptureFormat.Read(lines[1]));
        Assert.Equal(("/couriers/2", """{"id":2,"name":"Ann"}"""), (scenario.Path, scenario.Legacy.Body));

        // The fixed new side passes; the bug back again is caught, by file, line and path.
        await using var target = await FakeService.StartAsync("new-side");
        target.Handler = FakeService.Json("""{"id":2,"name":"Ann"}""");
        var fixedRun = await FtgoCli.RunAsync("replay", approved, "--against", target.BaseAddress.ToString());
        Assert.True(fixedRun.ExitCode == 0, fixedRun.ToString());
        Assert.Contains("replay: 1 requests, 1 same", fixedRun.Output);
        target.Handler = FakeService.Json("""{"id":2,"name":"Bob"}""");
        var regressed = await FtgoCli.RunAsync("replay", approved, "--against", target.BaseAddress.ToString());
        Assert.True(regressed.ExitCode == 3, regressed.ToString());
        Assert.Contains("differ  delivery.approved.jsonl line 2: GET /couriers/2 expected 200, got 200: $.name", regressed.Output);

        // Approved again with every read: the matched one is added, the mismatch's newer recording replaces the old, nothing doubles.
        var again = await FtgoCli.RunAsync("replay", capture, "--approve", approved, "--include-matched");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains($"approve: {file}: 1 added, 1 replaced by a newer recording, 0 kept, 1 not approvable", again.Output);
        Assert.Equal(["/couriers/2", "/couriers/1"], (await File.ReadAllLinesAsync(file)).Select(CaptureFormat.Read).OfType<CapturedExchange>().Select(e => e.Path));
    }

    [Fact]
    public async Task ARecordedSession_ApprovedWhole_PassesAgainstAnUnchangedBuild()
    {
        using var folder = new TempFolder("ftgo-approve");

        var approve = await FtgoCli.RunAsync("replay", session.File, "--approve", folder.Path, "--include-matched");
        var replay = await FtgoCli.RunAsync("replay", folder.Path, "--against", session.Twin.BaseAddress.ToString());

        Assert.True(approve.ExitCode == 0, approve.ToString());
        Assert.Contains($"{session.Reads} added", approve.Output);
        Assert.True(replay.ExitCode == 0, replay.ToString());
        Assert.Contains($"replay: {session.Reads} requests, {session.Reads} same, 0 different", replay.Output);
    }

    [Fact]
    public async Task ApproveMisused_SaysWhy()
    {
        using var folder = new TempFolder("ftgo-approve");
        var notAFolder = folder.File("plain.txt");
        await File.WriteAllTextAsync(notAFolder, "x");

        var both = await FtgoCli.RunAsync("replay", session.File, "--approve", folder.Path, "--against", "http://127.0.0.1:9/");
        var matchedAlone = await FtgoCli.RunAsync("replay", session.File, "--against", "http://127.0.0.1:9/", "--include-matched");
        var intoAFile = await FtgoCli.RunAsync("replay", session.File, "--approve", notAFolder);
        var emptyFolder = await FtgoCli.RunAsync("replay", Directory.CreateDirectory(folder.File("empty")).FullName, "--against", "http://127.0.0.1:9/");
        var nothing = await FtgoCli.RunAsync("replay", session.File, "--approve", folder.File("none"));

        Assert.True(both.ExitCode == 2, both.ToString());
        Assert.Contains("one of them", both.Error);
        Assert.True(matchedAlone.ExitCode == 2, matchedAlone.ToString());
        Assert.Contains("--include-matched goes with --approve", matchedAlone.Error);
        Assert.True(intoAFile.ExitCode == 1, intoAFile.ToString());
        Assert.Contains($"--approve wants a folder, and {notAFolder} is a file", intoAFile.Error);
        Assert.True(emptyFolder.ExitCode == 1, emptyFolder.ToString());
        Assert.Contains("holds no capture or approved scenario file", emptyFolder.Error);
        // The recorded session matched everywhere: nothing to approve by default, and the way to approve anyway is named.
        Assert.True(nothing.ExitCode == 0, nothing.ToString());
        Assert.Contains("no confirmed mismatch; --include-matched approves every read", nothing.Output);
    }

    private static string Header() => CaptureFormat.Write(new CaptureHeader
    {
        Format = CaptureFormat.Version,
        Group = "delivery",
        Rules = new ComparisonRulesOptions(),
    });

    private static string Exchange(string newBody = """{"id":1}""") => Exchange("/couriers/1", """{"id":1}""", newBody, matched: true);

    private static string Exchange(string path, string legacyBody, string newBody, bool matched, string? confirmation = null, string? error = null) =>
        CaptureFormat.Write(new CapturedExchange
        {
            Group = "delivery",
            Method = "GET",
            Path = path,
            Legacy = new CapturedAnswer { Status = 200, ContentType = "application/json", Body = legacyBody },
            New = new CapturedAnswer { Status = 200, ContentType = "application/json", Body = newBody },
            Matched = matched,
            Confirmation = confirmation,
            Error = error,
        });

    /// <summary>A loopback address nothing listens on: a server started and stopped.</summary>
    private static async Task<Uri> ClosedPortAsync()
    {
        var fake = await FakeService.StartAsync("gone");
        var address = fake.BaseAddress;
        await fake.DisposeAsync();
        return address;
    }
}
