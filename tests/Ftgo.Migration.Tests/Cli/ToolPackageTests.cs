using System.Net;
using System.Net.Sockets;
using Ftgo.Comparison;
using Ftgo.Comparison.Capture;
using Ftgo.Migration.Tests.Infrastructure;

namespace Ftgo.Migration.Tests.Cli;

/// <summary>
/// <c>ftgo</c> as an operator gets it: <c>dotnet pack</c> of this run's build, <c>dotnet tool install</c>
/// into a folder of its own, every command run from a folder outside the repository — the runbooks
/// travel with the tool, the data commands load their database drivers from it, the gateway commands
/// drive a real gateway.
/// </summary>
public sealed class ToolPackageTests(InstalledTool tool) : IClassFixture<InstalledTool>
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);

    private string Tool => tool.Command;
    private string Outside => tool.Outside;

    private Task<ExternalProgram.Result> FtgoAsync(IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        ExternalProgram.RunAsync(Tool, args, Outside, environment?.ToDictionary(p => p.Key, p => (string?)p.Value), CommandTimeout);

    [Fact]
    public async Task InstalledTool_HelpAndRunbooks_WorkOutsideTheRepository()
    {
        var help = await FtgoAsync(null, "--help");
        Assert.True(help.Code == 0, help.ToString());
        Assert.Contains("Usage:", help.All);
        foreach (var command in new[] { "cdc", "backfill", "verify", "replay", "status", "stage", "rollback", "runbook", "demo" })
        {
            Assert.Contains($"  {command}", help.All);
        }

        // The runbooks are the copy inside the installed tool, not a checkout's.
        var unknown = await FtgoAsync(null, "runbook", "no-such-runbook");
        Assert.True(unknown.Code == 2, unknown.ToString());
        Assert.Contains("the runbooks are: extract-delivery, extract-kitchen", unknown.All);
        Assert.DoesNotContain(ExternalProgram.RepositoryRoot, unknown.All);
    }

    [Fact]
    public async Task InstalledTool_BackfillVerifyAndCdcRun_WorkOnTheEmbeddedStores()
    {
        await using var stores = await TestStores.CreateAsync(Engine.Sqlite);
        var legacy = new LegacyWriter(stores);
        var restaurant = await legacy.InsertRestaurantAsync();
        await legacy.SeedAsync(restaurant, 3);

        var backfill = await FtgoAsync(stores.Environment(), "backfill", "all");
        Assert.True(backfill.Code == 0, backfill.ToString());
        Assert.Contains("backfill: 10 rows", backfill.All); // 1 restaurant + 3 orders with 2 lines each

        var clean = await FtgoAsync(stores.Environment(), "verify", "all");
        Assert.True(clean.Code == 0, clean.ToString());
        Assert.Contains("verify all: clean", clean.All);

        await stores.ScalarAsync<long>(stores.Kitchen, "UPDATE kitchen_tickets SET state = 'CANCELLED' WHERE id = 2");
        var dirty = await FtgoAsync(stores.Environment(), "verify", "all");
        Assert.True(dirty.Code == 3, dirty.ToString());
        Assert.Contains("differ tickets: 2", dirty.All);

        await using var cdc = ChildProcess.StartProgram(Tool, ["cdc", "run", "--status-every", "0.2"], Outside, stores.Environment());
        await Eventually.UntilAsync(() => stores.ScalarAsync<long>(stores.Legacy, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'ftgo_cdc_%'"),
            n => n > 0, "the installed ftgo's CDC to install its capture triggers", TimeSpan.FromSeconds(60), () => cdc.Output);
        await legacy.InsertOrderAsync(restaurant);
        await Eventually.UntilAsync(() => stores.CountAsync(stores.Kitchen, "kitchen_tickets"), n => n == 4,
            "the new order to reach kitchen through the installed ftgo's CDC", TimeSpan.FromSeconds(60), () => cdc.Output);
        cdc.Terminate();
        var code = await cdc.WaitForExitAsync(CommandTimeout);
        Assert.True(code == 0, $"exit code {code}:\n{cdc.Output}");
    }

    [Fact]
    public async Task InstalledTool_StatusStageRollbackRunbookAndReplay_DriveARealGateway()
    {
        var port = FreePort();
        var data = Path.Combine(tool.Folder, "gateway");
        Directory.CreateDirectory(data);
        var gatewayDll = Path.Combine(ExternalProgram.RepositoryRoot, "gateway", "Ftgo.Gateway", "bin", ExternalProgram.Configuration, "net10.0", "Ftgo.Gateway.dll");
        // Backends that do not answer: the admin API needs none of them.
        await using var gateway = ChildProcess.Start(gatewayDll, ["--urls", $"http://127.0.0.1:{port}", $"--Ftgo:DataFolder={data}", "--Ftgo:Storage=sqlite",
            "--Ftgo:Gateway:Legacy=http://127.0.0.1:1", "--Ftgo:Gateway:Kitchen=http://127.0.0.1:1", "--Ftgo:Gateway:Delivery=http://127.0.0.1:1",
            "--Ftgo:Gateway:AdminToken=operator-token"]);
        using var http = new HttpClient();
        await Eventually.UntilAsync(async () => (await http.GetAsync($"http://127.0.0.1:{port}/healthz")).StatusCode, _ => true,
            "the gateway to answer /healthz", TimeSpan.FromSeconds(60), () => gateway.Output);
        var operatorEnvironment = new Dictionary<string, string>
        {
            ["Ftgo__Gateway__Url"] = $"http://127.0.0.1:{port}",
            ["Ftgo__Gateway__AdminToken"] = "operator-token",
        };

        var status = await FtgoAsync(operatorEnvironment, "status", "kitchen");
        Assert.True(status.Code == 0, status.ToString());
        Assert.Contains("kitchen", status.All);

        var stage = await FtgoAsync(operatorEnvironment, "stage", "kitchen", "dualwrite", "--reason", "tool test");
        Assert.True(stage.Code == 0, stage.ToString());
        Assert.Contains("kitchen: off → dualwrite", stage.All);

        var dryRun = await FtgoAsync(operatorEnvironment, "runbook", "extract-kitchen", "--dry-run");
        Assert.True(dryRun.Code == 0, dryRun.ToString());
        Assert.Contains("runbook extract-kitchen: group kitchen is at dualwrite (dry run)", dryRun.All);

        // An edited runbook, given by path.
        var edited = Path.Combine(Outside, "my-extract-kitchen.yaml");
        var original = await File.ReadAllTextAsync(Path.Combine(ExternalProgram.RepositoryRoot, "migration", "runbooks", "extract-kitchen.yaml"));
        await File.WriteAllTextAsync(edited, original.Replace("title: CDC running", "title: CDC running, as our team checks it"));
        var fromFile = await FtgoAsync(operatorEnvironment, "runbook", "--file", edited, "--dry-run");
        Assert.True(fromFile.Code == 0, fromFile.ToString());
        Assert.Contains("step 3 CDC running, as our team checks it:", fromFile.All);
        var both = await FtgoAsync(operatorEnvironment, "runbook", "extract-kitchen", "--file", edited);
        Assert.True(both.Code == 2, both.ToString());
        var missing = await FtgoAsync(operatorEnvironment, "runbook", "--file", Path.Combine(Outside, "no-such.yaml"));
        Assert.True(missing.Code == 2, missing.ToString());
        Assert.Contains("no-such.yaml' does not exist", missing.All);

        // A capture replayed against the gateway: its legacy (nothing listens there) answers 502, not the recorded 200.
        var capture = Path.Combine(Outside, "capture.jsonl");
        await File.WriteAllLinesAsync(capture, [
            CaptureFormat.Write(new CaptureHeader { Format = CaptureFormat.Version, Group = "delivery", Rules = new ComparisonRulesOptions() }),
            CaptureFormat.Write(new CapturedExchange
            {
                Group = "delivery", Method = "GET", Path = "/couriers/1", Matched = true,
                Legacy = new CapturedAnswer { Status = 200, ContentType = "application/json", Body = """{"id":1}""" },
                New = new CapturedAnswer { Status = 200, ContentType = "application/json", Body = """{"id":1}""" },
            }),
        ]);
        var replay = await FtgoAsync(null, "replay", capture, "--against", $"http://127.0.0.1:{port}");
        Assert.True(replay.Code == 3, replay.ToString());
        Assert.Contains("GET /couriers/1 expected 200, got 502", replay.All);

        var rollback = await FtgoAsync(operatorEnvironment, "rollback", "kitchen", "--to", "off");
        Assert.True(rollback.Code == 0, rollback.ToString());
        Assert.Contains("kitchen: rolled back dualwrite → off", rollback.All);

        var refused = await FtgoAsync(new Dictionary<string, string> { ["Ftgo__Gateway__Url"] = $"http://127.0.0.1:{port}" }, "stage", "kitchen", "dualwrite");
        Assert.True(refused.Code == 5, refused.ToString());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
