using System.Text.RegularExpressions;
using System.Net;
using System.Net.Sockets;
using Ftgo.Cli.Tests.Infrastructure;
using Ftgo.Cli.Tests.Packaging;
using Ftgo.Migration.Catalog;
using Ftgo.Migration.Transport.Kafka;
using Ftgo.Stages;
using Ftgo.Testing.Processes;

namespace Ftgo.Cli.Tests.Demo;

/// <summary>
/// <c>ftgo demo</c> as a newcomer runs it (a child process on the embedded default, nothing
/// installed), with <c>--fast</c> gates: it must end with its reconciliation passed — every
/// acknowledged write in legacy and the new schemas, both groups complete, the killed Delivery
/// service survived — and leave nothing running behind it. The embedded walk runs the published
/// bundle (ftgo with services/ beside it) from outside the checkout, as it ships.
/// </summary>
[Collection(ArtifactsCollection.Name)]
public sealed class DemoCommandTests(Artifacts artifacts) : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ftgo-demo-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task Demo_FastFromThePublishedBundle_TwoGateways_ExtractsBothGroupsSurvivesEveryFaultAndLosesNoWrite()
    {
        var port = FreeBasePort();
        var result = await FtgoProcess.RunAsync(artifacts.BundleCli, TimeSpan.FromMinutes(8), null,
            "demo", "--fast", "--plain", "--gateways", "2", "--base-port", $"{port}", "--data-folder", _folder);

        Assert.True(result.Code == 0, result.ToString());
        Assert.Contains($"demo: services from {Path.Combine(Path.GetDirectoryName(artifacts.BundleCli)!, "services")}", result.Output);
        Assert.Equal(1, Regex.Count(result.Output, "demo: PASSED"));
        Assert.Matches($@"demo: requests per gateway replica: 127\.0\.0\.1:{port} [1-9]\d*, 127\.0\.0\.1:{port + 1} [1-9]\d*", result.Output);
        Assert.Contains("demo: answers decided on flags older than every replica already ran on when the request was sent: 0", result.Output);
        Assert.Matches(@"demo: acknowledged writes [1-9]\d*, lost 0, new schemas equal to legacy", result.Output);
        Assert.Matches(@"demo: writes refused for a reason legacy would not give 0; retryable answers \d+", result.Output);
        Assert.Contains("FAULT: killing the Delivery service (SIGKILL) at live", result.Output);
        Assert.Contains("Delivery service healthy again", result.Output);
        Assert.Equal(1, Regex.Count(result.Output, @"demo: fault: Delivery killed at live .*rolled delivery back to dualwrite.*restarted, runbook resumed"));
        Assert.Equal(1, Regex.Count(result.Output, @"demo: fault: CDC killed at kitchen shadow; restarted, resumed from its checkpoints; running with lag under 1 s after"));
        Assert.Equal(1, Regex.Count(result.Output, @"demo: fault: monolith killed at kitchen live \d+ %; restarted, healthy again after"));
        AssertIssue18Lines(result.Output, replicas: "this", monoliths: 1);

        // Checked again from outside the demo: the flags file it leaves, and verify in a separate process.
        var flags = await FlagsFile.ReadAsync(Path.Combine(_folder, FlagsFile.DefaultFileName));
        Assert.Equal(MigrationStage.Complete, flags.Groups!["kitchen"].Stage);
        Assert.Equal(MigrationStage.Complete, flags.Groups!["delivery"].Stage);
        var verify = await FtgoProcess.RunAsync(null, "verify", "all", $"--Ftgo:DataFolder={_folder}");
        Assert.True(verify.Code == 0, verify.ToString());

        // Every process the demo started is gone: nothing listens on its ports.
        foreach (var offset in new[] { 0, 100, 200, 300 })
        {
            Assert.False(Listening(port + offset), $"something still listens on {port + offset} after the demo ended");
        }
    }

    /// <summary>
    /// The same walk on the real engines, as a fleet: PostgreSQL (a database of its own, pgoutput CDC, the
    /// flags in its control store), RabbitMQ (a node of this test alone, which the demo restarts at
    /// delivery's shadow), CDC through Kafka (the mock-cluster test broker), and two of each piece (--ha): gateway
    /// replicas the clients spread over, one of which, the auto-rollback's decider, is SIGKILLed mid-run; monolith
    /// instances; Kitchen and Delivery nodes, one of each killed at live; CDC runners, whose leader is killed.
    /// </summary>
    [Fact]
    public async Task Demo_PostgresProfile_TwoOfEach_OnPostgresRabbitMqAndKafka_SurvivesEveryFault_AndLosesNoWrite()
    {
        var database = await RealEngines.CreateDatabaseAsync();
        await using var broker = await PrivateRabbitNode.StartAsync();
        await using var kafka = await KafkaMockProcess.StartAsync(
            LegacyCatalog.Topics("legacy").Append(KafkaChangePublisher.DeadLetterTopic("legacy")));
        var port = FreeBasePort();
        try
        {
            var result = await FtgoProcess.RunAsync(TimeSpan.FromMinutes(8), null,
                "demo", "--profile", "postgres", "--fast", "--plain", "--ha", "--base-port", $"{port}", "--data-folder", _folder,
                $"--ConnectionStrings:Legacy={database}", $"--ConnectionStrings:RabbitMq={broker.Uri}",
                $"--Ftgo:Kafka:BootstrapServers={kafka.BootstrapServers}", "--restart-broker", broker.RestartCommand());

            Assert.True(result.Code == 0, result.ToString());
            Assert.Contains("demo: profile postgres", result.Output);
            Assert.Matches(@"demo: acknowledged writes [1-9]\d*, lost 0, new schemas equal to legacy", result.Output);
            // One node of each service killed at live: the other carries the group, and nothing is lost.
            Assert.Matches(@"demo: fault: kitchen-1 killed at kitchen live \d+ %; kitchen-2 carried on: [1-9]\d* writes acknowledged while it was down " +
                           @"\([\d.]+ s\), \d+ answered ""try again"" \(in flight at the kill\); .*; restarted, healthy again after", result.Output);
            Assert.Matches(@"demo: fault: delivery-1 killed at delivery live \d+ %; delivery-2 carried on: [1-9]\d* writes acknowledged", result.Output);
            // Each service's own history shows the failover: the killed node ejected as stale, a live node owning its messages.
            Assert.Matches(@"demo: kitchen nodes' history: node \d+ started .*node \d+ ejected as stale \(Health check on Node \d+\)", result.Output);
            Assert.Matches(@"demo: delivery nodes' history: node \d+ started .*node \d+ ejected as stale \(Health check on Node \d+\)", result.Output);
            // Two CDC runners: the leader killed, the standby takes over.
            Assert.Matches(@"demo: fault: CDC leader cdc(-2)? killed at kitchen shadow; the standby \(\S+:\d+\) took the lead and resumed from the acknowledged position; " +
                           @"running with lag under 1 s after [\d.]+ s; the killed runner, restarted, stands by", result.Output);
            Assert.Matches(@"demo: fault: monolith killed at kitchen live", result.Output);
            Assert.Matches(@"demo: fault: RabbitMQ restarted at delivery shadow .*every service's bus healthy again after .*messages their outboxes held then all sent", result.Output);
            Assert.Matches(new Regex($@"^demo: requests per gateway replica: 127\.0\.0\.1:{port} [1-9]\d*, 127\.0\.0\.1:{port + 1} [1-9]\d*$", RegexOptions.Multiline),
                result.Output);
            Assert.Matches(@"demo: every gateway replica runs on flags version \d+", result.Output);
            // A replica of the fleet SIGKILLed: the one deciding the auto-rollback; the others serve, decide, and it rejoins.
            Assert.Matches(@"demo: fault: gateway replica gateway-\d killed at kitchen live \d+ %; the others kept serving \(\d+ requests passed over to the next replica\); " +
                           @"the fleet view dropped it after [\d.]+ s; gateway-\d took the auto-rollback's decision over after [\d.]+ s; restarted, it rejoined after", result.Output);
            Assert.Contains("demo: answers decided on flags older than every replica already ran on when the request was sent: 0", result.Output);
            // Two monolith instances on one database (several-node messaging), on the same flags as the gateways.
            Assert.Contains($"demo: monolith instances and the stages they run on: 127.0.0.1:{port + 100} delivery=complete, kitchen=complete; " +
                            $"127.0.0.1:{port + 101} delivery=complete, kitchen=complete", result.Output);
            AssertIssue18Lines(result.Output, replicas: "every", monoliths: 2);
            Assert.Contains("source pgoutput, transport kafka", await File.ReadAllTextAsync(Path.Combine(_folder, "logs", "cdc.log")));
            // Every fault above was met by gateways running socket completions inline (their default).
            var gatewayLogs = Directory.GetFiles(Path.Combine(_folder, "logs"), "gateway*.log");
            Assert.NotEmpty(gatewayLogs);
            foreach (var log in gatewayLogs)
            {
                Assert.Contains("Inline socket completions on (DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1)",
                    await File.ReadAllTextAsync(log));
            }
            var verify = await FtgoProcess.RunAsync(null, "verify", "all", "--Ftgo:Storage=postgres", $"--ConnectionStrings:Legacy={database}",
                $"--ConnectionStrings:Kitchen={database}", $"--ConnectionStrings:Delivery={database}");
            Assert.True(verify.Code == 0, verify.ToString());
        }
        finally
        {
            // Its replication slot would keep WAL for ever.
            await RealEngines.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task Demo_PortTaken_FailsNamingTheServiceAndItsLog()
    {
        var port = FreeBasePort();
        using var squatter = new TcpListener(IPAddress.Loopback, port + 100);
        squatter.Start();

        var result = await FtgoProcess.RunAsync(null, "demo", "--fast", "--plain", "--base-port", $"{port}", "--data-folder", _folder);

        Assert.Equal(1, result.Code);
        Assert.Contains("demo: legacy exited during its start", result.Error);
        Assert.Contains(Path.Combine(_folder, "logs", "legacy.log"), result.Error);
        Assert.False(Listening(port), "the gateway was started although legacy failed");
    }

    [Fact]
    public async Task Demo_PortAnsweredByAnotherProcess_FailsAtOnceNamingThePort()
    {
        // An orphan of an earlier run that still answers /healthz on the monolith's port.
        var port = FreeBasePort();
        using var orphan = new HttpListener();
        orphan.Prefixes.Add($"http://127.0.0.1:{port + 100}/");
        orphan.Start();
        var answering = Task.Run(async () =>
        {
            while (orphan.IsListening)
            {
                try
                {
                    var context = await orphan.GetContextAsync();
                    context.Response.StatusCode = 200;
                    context.Response.Close();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }
            }
        });

        var result = await FtgoProcess.RunAsync(null, "demo", "--fast", "--plain", "--base-port", $"{port}", "--data-folder", _folder);

        Assert.True(result.Code == 1, result.ToString());
        Assert.Contains($"port {port + 100} is answered by another process (not an FTGO service), not the legacy this demo started", result.Error);
        Assert.False(Listening(port), "the gateway was started although legacy's port is someone else's");
        orphan.Stop();
        await answering;
    }

    [Fact]
    public async Task Demo_KilledWithSigkill_TakesItsChildrenWithIt()
    {
        var port = FreeBasePort();
        var info = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var arg in new[] { FtgoProcess.Dll, "demo", "--fast", "--plain", "--base-port", $"{port}", "--data-folder", _folder })
        {
            info.ArgumentList.Add(arg);
        }
        using var demo = System.Diagnostics.Process.Start(info)!;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        demo.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        demo.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        demo.BeginOutputReadLine();
        demo.BeginErrorReadLine();
        try
        {
            await Eventually.UntilAsync(() => Task.FromResult(output.Any(l => l.Contains("starting CDC"))), started => started,
                "the demo to start its four services", TimeSpan.FromMinutes(3), () => string.Join("\n", output));

            // SIGKILL: no handler of the demo's runs; only the closed pipes tell the children.
            demo.Kill(entireProcessTree: false);
            await demo.WaitForExitAsync();

            foreach (var offset in new[] { 0, 100, 200, 300 })
            {
                await Eventually.UntilAsync(() => Task.FromResult(Listening(port + offset)), listening => !listening,
                    $"the demo's child on port {port + offset} to exit after the demo was killed", TimeSpan.FromSeconds(60));
            }
            // CDC too, which has no port: no process is left that was given the demo's data folder.
            await Eventually.UntilAsync(() => Task.FromResult(ProcessesMentioning(_folder)), pids => pids.Count == 0,
                "every process the demo started to exit", TimeSpan.FromSeconds(60));
        }
        finally
        {
            if (!demo.HasExited)
            {
                demo.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public async Task Demo_PostgresProfileWithoutAddresses_SaysWhatIsMissing()
    {
        var result = await FtgoProcess.RunAsync(null, "demo", "--profile", "postgres", "--data-folder", _folder);

        Assert.Equal(1, result.Code);
        Assert.Contains("--profile postgres needs ConnectionStrings:Legacy and ConnectionStrings:RabbitMq", result.Error);
    }

    [Fact]
    public async Task Demo_ServicesFolderWithoutTheServices_IsAUsageErrorNamingWhatIsMissing()
    {
        var services = Path.Combine(_folder, "services");
        Directory.CreateDirectory(Path.Combine(services, "legacy"));

        var result = await FtgoProcess.RunAsync(null, "demo", "--services", services, "--data-folder", Path.Combine(_folder, "data"));

        Assert.True(result.Code == 2, result.ToString());
        Assert.Contains($"The services folder {services} (--services or Ftgo:Demo:Services) lacks {Path.Combine(services, "legacy", "Ftgo.Legacy.dll")}", result.Error);
        Assert.Contains("dotnet publish", result.Error);
        Assert.False(Directory.Exists(Path.Combine(_folder, "data")), "nothing may start without the services");
    }

    [Theory]
    [InlineData("--profile", "mysql")]
    [InlineData("--base-port", "65500")]
    [InlineData("--clients", "0")]
    [InlineData("--soak", "0")]
    [InlineData("--restart-broker", "true")] // on the embedded profile: it has no broker
    [InlineData("--gateways", "0")]
    [InlineData("--gateways", "10")]
    [InlineData("--monoliths", "0")]
    [InlineData("--monoliths", "2")] // on the embedded profile: SQLite runs one node per service
    [InlineData("--ha", "true")] // likewise
    public async Task Demo_BadOption_IsAUsageError(string option, string value)
    {
        var result = await FtgoProcess.RunAsync(null, "demo", option, value, "--data-folder", _folder);

        Assert.True(result.Code == 2, result.ToString());
        Assert.False(Directory.Exists(Path.Combine(_folder, "logs")), "nothing may start on a wrong command line");
    }

    /// <summary>
    /// The report's lines for issue 18: delivery verified through the API before complete (clean, counted in PASSED), each
    /// group's decommission check passed before complete with what it counted over its window, and the noise-cancelled shadow.
    /// </summary>
    /// <param name="replicas">Whose legacy answers the check counted: "this" (flags file: the replica asked), "every" (control store).</param>
    private static void AssertIssue18Lines(string output, string replicas, int monoliths)
    {
        Assert.Matches(@"demo: through-api verify of delivery: [1-9]\d* couriers compared, clean \(pass \d+, after [\d.]+ s\)", output);
        foreach (var group in new[] { "kitchen", "delivery" })
        {
            Assert.Matches($@"demo: decommission check of {group}: passed before complete: step \d+ \(rampdown\) held after [\d.]+m?s, the last 2s clear — " +
                           $@"0 legacy answers on [1-9]\d* routes \({replicas} replicas?\), 0 own writes to [1-9]\d* tables? \(CDC\), 0 seam calls on {monoliths} monolith instances?", output);
            Assert.Matches($@"demo: noise-cancelled shadow of {group}: \d+ reads compared, \d+ suppressed as noise; (no path suppressed|paths suppressed: \S+)", output);
        }
        // Delivery's reads are copied and compared at shadow and live; Kitchen's routes are commands, never copied.
        Assert.Matches(@"demo: noise-cancelled shadow of delivery: [1-9]\d* reads compared", output);
    }

    /// <summary>The pids whose command line contains <paramref name="text"/>.</summary>
    private static List<int> ProcessesMentioning(string text)
    {
        var pids = new List<int>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid))
            {
                try
                {
                    if (File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(text, StringComparison.Ordinal))
                    {
                        pids.Add(pid);
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // gone meanwhile
                }
            }
        }
        return pids;
    }

    /// <summary>A port P with P, P+100, P+200 and P+300 free on loopback.</summary>
    private static int FreeBasePort()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            // Below the kernel's ephemeral range (32768 and up on Linux), where ChildProcess.FreePort's ports of the tests
            // running beside this one come from: the demo's fixed ports never meet theirs.
            var port = Random.Shared.Next(10_000, 32_000);
            if (new[] { 0, 1, 2, 100, 101, 200, 201, 300, 301, 400, 401 }.All(offset => !Listening(port + offset) && CanBind(port + offset)))
            {
                return port;
            }
        }
        throw new InvalidOperationException("no free loopback ports for the demo found");
    }

    private static bool CanBind(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static bool Listening(int port)
    {
        using var client = new TcpClient();
        try
        {
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
