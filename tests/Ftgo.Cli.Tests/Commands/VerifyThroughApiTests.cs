using Ftgo.Cli.Tests.Infrastructure;
using Ftgo.Glue.Acl;
using Ftgo.Migration.Backfill;
using Ftgo.Migration.Running;
using Ftgo.Migration.Verification;
using Ftgo.Stages;
using Ftgo.Testing.Processes;
using Microsoft.Extensions.Configuration;
using Xunit.Abstractions;

namespace Ftgo.Cli.Tests.Commands;

/// <summary>
/// <c>ftgo verify --through-api</c> on the real engines: a translation bug planted in the ACL is copied to
/// Delivery by the backfill and passes the ACL-based verify (both run the same bug), but the monolith's
/// and Delivery's answers differ, and the API reconciliation names the courier and the paths. Then the
/// ways it refuses to run: an unknown group, a side down, a bad sample.
/// </summary>
public sealed class VerifyThroughApiTests(ITestOutputHelper output)
{
    [Fact]
    public async Task VerifyThroughApi_TranslationBugSharedByBackfillAndVerify_IsCaughtByIdAndPath_Exit3_WhileVerifyIsClean()
    {
        var database = await RealEngines.CreateDatabaseAsync();
        using var keys = new TestServiceKeys();
        var slot = "ftgo_cdc_" + new Npgsql.NpgsqlConnectionStringBuilder(database).Database;
        var shared = new Dictionary<string, string>
        {
            ["Ftgo:Storage"] = "postgres",
            ["ConnectionStrings:Legacy"] = database,
            ["ConnectionStrings:Kitchen"] = database,
            ["ConnectionStrings:Delivery"] = database,
            ["Ftgo:Cdc:Slot"] = slot,
            ["Ftgo:Cdc:Publication"] = slot,
        };
        try
        {
            await using var cluster = new EmbeddedCluster("Production", MigrationStage.Off,
                new Dictionary<string, string>(shared) { ["Ftgo:Auth:Keys"] = keys.KeySetFile });
            await cluster.WriteFlagsAsync();
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            foreach (var deployable in new[] { Deployable.Legacy, Deployable.Delivery })
            {
                await cluster.Start(deployable).WaitHealthyAsync(http, new Uri(cluster.Url(deployable), "/healthz"), TimeSpan.FromSeconds(90));
            }
            using var client = new FastClient(cluster.Url(Deployable.Legacy));
            await client.PrepareAsync(couriers: 0);
            var right = await client.RegisterCourierAsync();
            var wrong = await client.RegisterCourierAsync();
            Assert.Empty(client.Wrong);

            // The planted bug: the ACL swaps the names of one courier. Backfill and verify both run it.
            var settings = CdcSettings.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(shared!).Build());
            using (PlantedTranslationBug.InCourier(c => c.Id == wrong ? c with { FirstName = c.LastName, LastName = c.FirstName } : c))
            {
                await Backfiller.RunAsync(settings, "delivery", new BackfillOptions(), null, CancellationToken.None);
                var report = await Verifier.RunAsync(settings, "delivery", 500, CancellationToken.None);
                Assert.True(report.Clean, "the ACL-based verify runs the same bug as the backfill, so it sees nothing");
            }

            string[] sides =
            [
                $"--Ftgo:Gateway:Legacy={cluster.Url(Deployable.Legacy)}", $"--Ftgo:Gateway:Delivery={cluster.Url(Deployable.Delivery)}",
                $"--Ftgo:Auth:KeyFolder={keys.KeyFolder}", .. shared.Select(s => $"--{s.Key}={s.Value}"),
            ];
            var result = await FtgoProcess.RunAsync(null, ["verify", "delivery", "--through-api", .. sides]);
            output.WriteLine(result.ToString());

            Assert.True(result.Code == 3, result.ToString());
            var line = Assert.Single(result.Output.Split('\n'), l => l.StartsWith("differ couriers", StringComparison.Ordinal));
            Assert.StartsWith($"differ couriers {wrong}: ", line);
            Assert.Contains("$.name.firstName", line, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("$.name.lastName", line, StringComparison.OrdinalIgnoreCase);
            Assert.Contains($"GET /couriers/{wrong}", line);
            Assert.DoesNotContain($"differ couriers {right}", result.Output);
            Assert.Contains("verify delivery --through-api: DIFFERENCES (1 different, 0 not compared)", result.Output);
            Assert.Contains("verify: couriers 2/2", result.Output);

            // A sample of one: the same seed draws the same courier again, and the verdict follows the courier drawn.
            string[] sample = ["verify", "delivery", "--through-api", "--sample", "1", "--seed", "1", .. sides];
            var first = await FtgoProcess.RunAsync(null, sample);
            var again = await FtgoProcess.RunAsync(null, sample);
            Assert.Contains("couriers: 1 of 2 (sample, seed 1)", first.Output);
            var drewWrong = first.Output.Contains($"differ couriers {wrong}");
            Assert.True(first.Code == (drewWrong ? 3 : 0), first.ToString());
            Assert.Equal((first.Code, drewWrong), (again.Code, again.Output.Contains($"differ couriers {wrong}")));

            // The group's shadow rules, read from the gateway's keys: paths it ignores are not differences here either.
            var ignored = await FtgoProcess.RunAsync(null, ["verify", "delivery", "--through-api", .. sides,
                "--Ftgo:Gateway:Groups:delivery:Shadow:IgnorePaths:0=$.name.firstName", "--Ftgo:Gateway:Groups:delivery:Shadow:IgnorePaths:1=$..lastName"]);
            Assert.True(ignored.Code == 0, ignored.ToString());

            // Backfilled again from scratch without the bug, the two sides answer alike.
            await Backfiller.RunAsync(settings, "delivery", new BackfillOptions { Restart = true }, null, CancellationToken.None);
            var clean = await FtgoProcess.RunAsync(null, ["verify", "delivery", "--through-api", .. sides]);
            Assert.True(clean.Code == 0, clean.ToString());
            Assert.Contains("verify delivery --through-api: clean", clean.Output);
        }
        finally
        {
            await RealEngines.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task VerifyThroughApi_UnknownGroup_Exit2NamingIt()
    {
        var result = await FtgoProcess.RunAsync(null, "verify", "orders", "--through-api");

        Assert.True(result.Code == 2, result.ToString());
        Assert.Contains("orders", result.Error);
    }

    [Fact]
    public async Task VerifyThroughApi_KitchenHasNoLegacyCompatibleRead_Exit1SayingSo()
    {
        var result = await FtgoProcess.RunAsync(null, "verify", "kitchen", "--through-api");

        Assert.True(result.Code == 1, result.ToString());
        Assert.Contains("the kitchen group has no read of the legacy contract that its service answers", result.Error);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("many")]
    public async Task VerifyThroughApi_BadSample_Exit2(string sample)
    {
        var result = await FtgoProcess.RunAsync(null, "verify", "delivery", "--through-api", "--sample", sample);

        Assert.True(result.Code == 2, result.ToString());
        Assert.Contains("--sample", result.Error);
    }

    [Fact]
    public async Task Verify_SampleWithoutThroughApi_Exit2()
    {
        var result = await FtgoProcess.RunAsync(null, "verify", "delivery", "--sample", "5");

        Assert.True(result.Code == 2, result.ToString());
        Assert.Contains("--sample only goes with --through-api", result.Error);
    }

    [Fact]
    public async Task VerifyThroughApi_NoGatewayKey_Exit1NamingTheKeyFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "ftgo-no-keys-" + Guid.NewGuid().ToString("N"));

        var result = await FtgoProcess.RunAsync(null, "verify", "delivery", "--through-api", "--legacy-url=http://127.0.0.1:1/",
            "--service-url=http://127.0.0.1:1/", $"--Ftgo:Auth:KeyFolder={folder}");

        Assert.True(result.Code == 1, result.ToString());
        Assert.Contains($"there is no signing key in {folder}", result.Error);
        Assert.False(Directory.Exists(folder), "the command never makes a key folder of its own");
    }

    [Fact]
    public async Task VerifyThroughApi_LegacyDown_Exit1NamingItsUrl()
    {
        using var keys = new TestServiceKeys();
        await using var delivery = await FakeBackend.StartAsync();
        var down = new Uri($"http://127.0.0.1:{ChildProcess.FreePort()}/");

        var result = await FtgoProcess.RunAsync(null, "verify", "delivery", "--through-api", $"--legacy-url={down}",
            $"--service-url={delivery.BaseAddress}", $"--Ftgo:Auth:KeyFolder={keys.KeyFolder}");

        Assert.True(result.Code == 1, result.ToString());
        Assert.Contains($"the legacy side at {down} cannot be reached", result.Error);
    }

    [Fact]
    public async Task VerifyThroughApi_ServiceDown_Exit1NamingItsUrl()
    {
        using var keys = new TestServiceKeys();
        await using var legacy = await FakeBackend.StartAsync();
        var down = new Uri($"http://127.0.0.1:{ChildProcess.FreePort()}/");

        var result = await FtgoProcess.RunAsync(null, "verify", "delivery", "--through-api", $"--Ftgo:Gateway:Legacy={legacy.BaseAddress}",
            $"--Ftgo:Gateway:Delivery={down}", $"--Ftgo:Auth:KeyFolder={keys.KeyFolder}");

        Assert.True(result.Code == 1, result.ToString());
        Assert.Contains($"the delivery side at {down} cannot be reached", result.Error);
    }
}
