using Ftgo.Migration.Running;
using Ftgo.Migration.Tests.Infrastructure;
using Ftgo.Migration.Verification;

namespace Ftgo.Migration.Tests.Cdc;

/// <summary>
/// A monolith under a steady write load and <c>ftgo cdc run</c> processes streaming it (in process or through
/// Kafka): what the crash and failover tests share. The processes are the CLI's build output; their kills are
/// the tests' own.
/// </summary>
internal sealed class CdcUnderLoad : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static readonly string[] Run = ["cdc", "run", "--status-every", "0.2"];
    private static readonly string Cli = Repository.Output("Ftgo.Cli", "ftgo.dll");

    private readonly TestStores _stores;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly string _tickets;

    private CdcUnderLoad(TestStores stores, CdcSettings settings, IReadOnlyDictionary<string, string> environment, WriteLoad load)
    {
        _stores = stores;
        Settings = settings;
        _environment = environment;
        Load = load;
        _tickets = stores.Table("kitchen", stores.Engine == Engine.Postgres ? "tickets" : "kitchen_tickets");
    }

    public CdcSettings Settings { get; }

    public WriteLoad Load { get; }

    /// <param name="partitions">Of each change topic, through Kafka.</param>
    public static async Task<CdcUnderLoad> StartAsync(Engine engine, string transport, KafkaMockBroker broker, int partitions = 1)
    {
        var stores = await TestStores.CreateAsync(engine);
        var prefix = transport == CdcSettings.Kafka ? await broker.NewPrefixAsync(partitions) : null;
        var settings = stores.Settings(transport, broker.BootstrapServers, prefix);
        // The mock broker keeps about 5 MB per partition and deletes older messages; events without
        // their schema (a tenth of the size) keep the backlog of a crash window within it.
        var environment = stores.Environment(transport, broker.BootstrapServers, prefix, schemas: false);
        await CdcRunner.PrepareSourceAsync(settings, CancellationToken.None);
        var legacy = new LegacyWriter(stores);
        var restaurant = await legacy.InsertRestaurantAsync();
        var courier = await legacy.InsertCourierAsync();
        return new CdcUnderLoad(stores, settings, environment, new WriteLoad(legacy, restaurant, courier, rate: 120));
    }

    /// <summary>Starts an <c>ftgo cdc run</c> process on the monolith.</summary>
    public ChildProcess StartRunner() => ChildProcess.Start(Cli, Run, _environment);

    /// <summary>
    /// Starts an <c>ftgo cdc run</c> process that only applies the change topics (<c>kafka-debezium</c>), a member
    /// of the same consumer group as the runner that publishes them.
    /// </summary>
    public ChildProcess StartApplier() => ChildProcess.Start(Cli, Run,
        new Dictionary<string, string>(_environment) { ["Ftgo__Cdc__Source"] = CdcSettings.KafkaDebezium });

    /// <summary>Tickets applied into Kitchen so far.</summary>
    public Task<long> TicketsAsync() => _stores.CountAsync(_stores.Kitchen, _tickets);

    /// <summary>Waits until at least <paramref name="count"/> tickets are applied, showing <paramref name="runner"/>'s output if not.</summary>
    public Task<long> TicketsAtLeastAsync(long count, string what, ChildProcess runner) =>
        Eventually.UntilAsync(TicketsAsync, n => n >= count, what, Timeout, () => Task.FromResult(runner.Output));

    /// <summary>
    /// Once the load stopped: verify clean, and no double effect — every legacy child row once on the new side,
    /// nothing refused into the dead letters.
    /// </summary>
    public async Task AssertEqualToLegacyAsync(ChildProcess runner)
    {
        await Eventually.UntilAsync(async () => (await Verifier.RunAsync(Settings, "all", 500, CancellationToken.None)).Clean,
            clean => clean, "verify to be clean", Timeout, () => Task.FromResult(runner.Output));
        var postgres = _stores.Engine == Engine.Postgres;
        var (k, d, t) = postgres ? ("kitchen.", "delivery.", "ftgo.") : ("kitchen_", _stores.DeliveryPrefix, "");
        Assert.Equal(await _stores.CountAsync(_stores.Legacy, $"{t}order_line_items"), await _stores.CountAsync(_stores.Kitchen, $"{k}ticket_line_items"));
        Assert.Equal(await _stores.CountAsync(_stores.Legacy, $"{t}courier_actions"), await _stores.CountAsync(_stores.Delivery, $"{d}courier_actions"));
        Assert.Equal(await _stores.CountAsync(_stores.Legacy, $"{t}orders"), await _stores.CountAsync(_stores.Delivery, $"{d}deliveries"));
        Assert.Equal(0, await _stores.CountAsync(_stores.Kitchen, $"{k}cdc_dead_letters"));
    }

    public async ValueTask DisposeAsync()
    {
        await Load.DisposeAsync();
        await _stores.DisposeAsync();
    }
}
