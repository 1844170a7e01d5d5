using Ftgo.Migration.Backfill;
using Ftgo.Migration.Tests.Infrastructure;

namespace Ftgo.Migration.Tests.Cli;

/// <summary>`ftgo backfill` and `ftgo verify` as a user runs them: output, errors in plain words, exit codes.</summary>
public sealed class FtgoCommandTests
{
    private static readonly string Cli = Repository.Output("Ftgo.Cli", "ftgo.dll");
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static async Task<(int Code, string Output)> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        await using var child = ChildProcess.Start(Cli, args, environment);
        var code = await child.WaitForExitAsync(Timeout);
        return (code, child.Output);
    }

    [Fact]
    public async Task Verify_CleanThenTampered_Exits0ThenExits3WithTheDifferingIds()
    {
        await using var stores = await TestStores.CreateAsync(Engine.Sqlite);
        var legacy = new LegacyWriter(stores);
        var restaurant = await legacy.InsertRestaurantAsync();
        await legacy.SeedAsync(restaurant, 5);
        var (backfillCode, backfillOutput) = await RunAsync(stores.Environment(), "backfill", "all");
        Assert.True(backfillCode == 0, backfillOutput);
        Assert.Contains("backfill: 16 rows", backfillOutput); // 1 restaurant + 5 orders with 2 lines each

        var (clean, cleanOutput) = await RunAsync(stores.Environment(), "verify", "all");
        Assert.True(clean == 0, cleanOutput);
        Assert.Contains("verify all: clean", cleanOutput);

        await stores.ScalarAsync<long>(stores.Kitchen, "UPDATE kitchen_tickets SET state = 'CANCELLED' WHERE id = 2");
        await stores.ScalarAsync<long>(stores.Kitchen, "DELETE FROM kitchen_ticket_line_items WHERE ticket_id = 4 AND menu_item_id = '1'");
        await stores.ScalarAsync<long>(stores.Delivery, $"DELETE FROM {stores.DeliveryPrefix}deliveries WHERE id = 5");
        var (dirty, dirtyOutput) = await RunAsync(stores.Environment(), "verify", "all");

        Assert.True(dirty == 3, dirtyOutput);
        Assert.Contains("differ tickets: 2 4", dirtyOutput);
        Assert.Contains("differ deliveries: 5", dirtyOutput);
        Assert.Contains("verify all: DIFFERENCES", dirtyOutput);
    }

    [Fact]
    public async Task CdcRun_StreamsUntilSigterm_ThenExits0()
    {
        await using var stores = await TestStores.CreateAsync(Engine.Sqlite);
        var legacy = new LegacyWriter(stores);
        await using var cdc = ChildProcess.Start(Cli, ["cdc", "run", "--status-every", "0.2"], stores.Environment());
        await Eventually.UntilAsync(() => Task.FromResult(cdc.Lines.Any(l => l.StartsWith("cdc: 0 records applied"))),
            "the CDC process to report its status", TimeSpan.FromSeconds(30));
        // The status line comes from its own timer: capture is there once the runner installed its triggers (one transaction).
        await Eventually.UntilAsync(() => stores.ScalarAsync<long>(stores.Legacy, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'ftgo_cdc_%'"),
            n => n > 0, "the CDC process to install its capture triggers", TimeSpan.FromSeconds(30), () => cdc.Output);
        var restaurant = await legacy.InsertRestaurantAsync();
        await legacy.InsertOrderAsync(restaurant);
        await Eventually.UntilAsync(() => stores.CountAsync(stores.Kitchen, "kitchen_tickets"), n => n == 1,
            "the order to reach kitchen", TimeSpan.FromSeconds(30), () => cdc.Output);
        // The order and its lines are separate legacy commits and may be applied in separate
        // batches, on two targets: the status line says when all four are applied everywhere.
        await Eventually.UntilAsync(() => Task.FromResult(cdc.Lines.Any(l => l.StartsWith("cdc: 4 records applied"))), ok => ok,
            "the restaurant, the order and its two lines to be applied", TimeSpan.FromSeconds(30), () => cdc.Output);

        cdc.Terminate();

        var code = await cdc.WaitForExitAsync(Timeout);
        Assert.True(code == 0, $"exit code {code}:\n{cdc.Output}");
        Assert.Contains(cdc.Lines, l => l.StartsWith("cdc: stopped after 4 records"));
        Assert.Contains(cdc.Lines, l => l == "cdc: source sqlite-triggers, transport inprocess, targets kitchen, delivery");
    }

    [Fact]
    public async Task UnknownGroup_Exits2_AndSaysWhichGroupsExist()
    {
        var (code, output) = await RunAsync(null, "verify", "billing");

        Assert.Equal(2, code);
        Assert.Contains("'billing' not recognized", output);
        Assert.Contains("'kitchen'", output);
    }

    [Fact]
    public async Task PostgresWithoutConnectionString_Exits1_WithAPlainMessage()
    {
        var (code, output) = await RunAsync(new Dictionary<string, string> { ["Ftgo__Storage"] = "postgres" }, "backfill", "kitchen");

        Assert.Equal(1, code);
        Assert.Contains("ftgo: Ftgo:Storage is 'postgres' but ConnectionStrings:Legacy is not set.", output);
    }

    [Fact]
    public async Task KafkaTransportWithoutBootstrapServers_Exits1_WithAPlainMessage()
    {
        var (code, output) = await RunAsync(new Dictionary<string, string> { ["Ftgo__Cdc__Transport"] = "kafka", ["Ftgo__DataFolder"] = Path.GetTempPath() }, "cdc", "run");

        Assert.Equal(1, code);
        Assert.Contains("Ftgo:Kafka:BootstrapServers is not set", output);
    }

    [Fact]
    public async Task BackfillThrottle_KeepsTheRateUnderTheLimit()
    {
        await using var stores = await TestStores.CreateAsync(Engine.Sqlite);
        var legacy = new LegacyWriter(stores);
        await legacy.SeedAsync(await legacy.InsertRestaurantAsync(), 100);

        var result = await Backfiller.RunAsync(stores.Settings(), "kitchen", new BackfillOptions { BatchSize = 20, MaxRowsPerSecond = 300 }, null, CancellationToken.None);

        Assert.Equal(300, result.Rows["orders"]);
        Assert.True(result.Elapsed >= TimeSpan.FromSeconds(0.8), $"300 rows at ≤ 300 rows/s took {result.Elapsed}");
    }
}
