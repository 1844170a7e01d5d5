using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ftgo.Migration.Catalog;
using Ftgo.Migration.Transport.Kafka;
using Ftgo.Stages;
using Ftgo.Testing.Processes;
using Npgsql;
using Xunit.Abstractions;

namespace Ftgo.Consistency.Tests;

/// <summary>
/// Causal consistency across the seam, proved on the deployables as they ship (legacy, Kitchen,
/// Delivery, the gateway and <c>ftgo cdc run</c>, each a process): a client that acts as fast as it can
/// — FTGO's lifecycle and its cancel scenario, each command sent once, no retry, and a courier it registers
/// read at once by another client — gets from the
/// strangler exactly the answers the monolith alone gives, at every stage and at <c>live</c> 5, 50 and
/// 100 %. Where the new side cannot yet hold the client's write (CDC stopped), it answers 503 with
/// <c>Retry-After</c>, never a 404, and the same request succeeds once CDC is back.
/// </summary>
public abstract class CausalConsistencyTests(ITestOutputHelper output)
{
    public sealed class Embedded(ITestOutputHelper output) : CausalConsistencyTests(output)
    {
        protected override Task<IReadOnlyDictionary<string, string>> SettingsAsync() =>
            Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());
    }

    public sealed class OnPostgresAndRabbitMq(ITestOutputHelper output) : OnServers(output, kafka: false);

    /// <summary>CDC carried through Kafka (the mock-cluster broker): the sync marks travel every topic partition.</summary>
    public sealed class OnPostgresRabbitMqAndKafka(ITestOutputHelper output) : OnServers(output, kafka: true);

    public abstract class OnServers(ITestOutputHelper output, bool kafka) : CausalConsistencyTests(output), IAsyncLifetime
    {
        private string _database = "";
        private KafkaMockProcess? _broker;

        protected override Func<Task<bool>>? CdcStreaming => SlotActiveAsync;

        public Task InitializeAsync() => Task.CompletedTask;

        public async Task DisposeAsync()
        {
            if (_broker is not null)
            {
                await _broker.DisposeAsync();
            }
            if (_database.Length > 0)
            {
                await RealEngines.DropDatabaseAsync(_database);
            }
        }

        protected override async Task<IReadOnlyDictionary<string, string>> SettingsAsync()
        {
            _database = await RealEngines.CreateDatabaseAsync();
            await RealEngines.DeleteBusQueuesAsync();
            var settings = new Dictionary<string, string>
            {
                ["Ftgo:Storage"] = "postgres",
                ["Ftgo:Bus"] = "rabbitmq",
                ["ConnectionStrings:Legacy"] = _database,
                ["ConnectionStrings:Kitchen"] = _database,
                ["ConnectionStrings:Delivery"] = _database,
                ["ConnectionStrings:RabbitMq"] = RealEngines.RabbitMq,
                // A slot's name is unique in the whole server: one of this database's own.
                ["Ftgo:Cdc:Slot"] = "ftgo_cdc_" + new NpgsqlConnectionStringBuilder(_database).Database,
            };
            if (kafka)
            {
                _broker = await KafkaMockProcess.StartAsync(LegacyCatalog.Topics("legacy").Append(KafkaChangePublisher.DeadLetterTopic("legacy")));
                settings["Ftgo:Kafka:BootstrapServers"] = _broker.BootstrapServers;
                settings["Ftgo:Cdc:Transport"] = "kafka";
            }
            return settings;
        }

        private async Task<bool> SlotActiveAsync()
        {
            await using var connection = new NpgsqlConnection(_database);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_replication_slots WHERE active", connection);
            return Convert.ToInt64(await command.ExecuteScalarAsync()) > 0;
        }
    }

    private static readonly (MigrationStage Stage, double Percent)[] Stages =
    [
        (MigrationStage.Off, 0), (MigrationStage.DualWrite, 0), (MigrationStage.Shadow, 0), (MigrationStage.Live, 5),
        (MigrationStage.Live, 50), (MigrationStage.Live, 100), (MigrationStage.RampDown, 0), (MigrationStage.Complete, 0),
    ];

    /// <summary>The cluster's settings: the engines (none: the embedded default).</summary>
    protected abstract Task<IReadOnlyDictionary<string, string>> SettingsAsync();

    /// <summary>Whether CDC captures the monolith's writes yet (null: the cluster's own check, the SQLite triggers).</summary>
    protected virtual Func<Task<bool>>? CdcStreaming => null;

    [Fact]
    public async Task TheLifecycleAsFastAsAClientCan_AtEveryStageAndPercent_GetsOnlyAnswersLegacyAloneGives()
    {
        await using var cluster = await StartAsync(new Dictionary<string, string>());
        using var client = new FastClient(cluster.Url(Deployable.Gateway));
        await client.PrepareAsync(couriers: 2);
        foreach (var (stage, percent) in Stages)
        {
            // The test moves every stage itself: an auto-rollback decided on a slow machine's p99 would move one under it (a CI run
            // saw the gateway roll kitchen back from live 100 % to dualwrite, and its write land over the test's next stage).
            await cluster.WriteFlagsAsync(stage, percent, autoRollback: false);
            var name = stage.ToWire() + (stage == MigrationStage.Live ? $" {percent}%" : "");
            await cluster.WaitForFlagsAsync($"delivery={name}, kitchen={name}", Deployable.Legacy, Deployable.Gateway);
            for (var i = 0; i < 5; i++)
            {
                await client.DeliverAsync(name);
            }
            for (var i = 0; i < 2; i++)
            {
                await client.CancelAsync(name);
            }
            for (var i = 0; i < 2; i++)
            {
                await client.CourierAsync(name);
            }
        }
        output.WriteLine($"{client.Sent} requests, {client.Wrong.Count} answers legacy alone would not give");
        Assert.True(client.Wrong.Count == 0, string.Join("\n", client.Wrong));
    }

    [Fact]
    public async Task CdcStopped_TheNewSideAnswers503WithRetryAfterNot404_AndTheSameRequestSucceedsOnceCdcIsBack()
    {
        await using var cluster = await StartAsync(new Dictionary<string, string> { ["Ftgo:Sync:Wait"] = "00:00:01" });
        using var client = new FastClient(cluster.Url(Deployable.Gateway));
        await client.PrepareAsync(couriers: 1);
        await cluster.WriteFlagsAsync(MigrationStage.Complete);
        await cluster.WaitForFlagsAsync("delivery=complete, kitchen=complete", Deployable.Legacy, Deployable.Gateway);
        await cluster.Cdc!.StopAsync(TimeSpan.FromSeconds(10));

        var order = await client.PlaceOrderAsync();
        var readyBy = DateTime.Now.AddMinutes(45).ToString("yyyy-MM-dd'T'HH:mm:ss");
        using (var refused = await client.PostAsync($"/orders/{order}/accept", new { readyBy }))
        {
            var problem = JsonNode.Parse(await refused.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("sync-pending", problem?["code"]?.GetValue<string>());
            Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
            Assert.Equal("kitchen", string.Join(",", refused.Headers.GetValues("X-Ftgo-Origin")));
        }

        cluster.StartCdc();
        // The client retries after Retry-After, as it was told: the refused accept was never executed.
        await Eventually.UntilAsync(async () =>
        {
            using var answer = await client.PostAsync($"/orders/{order}/accept", new { readyBy });
            return answer.StatusCode;
        }, status => status == HttpStatusCode.OK, "the accept to succeed once CDC is back", TimeSpan.FromSeconds(60));
    }

    /// <summary>The cluster at <c>off</c>: the services (which create their schemas), CDC (before any client writes), the gateway.</summary>
    private async Task<EmbeddedCluster> StartAsync(Dictionary<string, string> extra)
    {
        var settings = new Dictionary<string, string>(await SettingsAsync());
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }
        var cluster = new EmbeddedCluster("Production", MigrationStage.Off, settings);
        try
        {
            await cluster.WriteFlagsAsync();
            await cluster.StartAllAsync(CdcStreaming);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }
}
