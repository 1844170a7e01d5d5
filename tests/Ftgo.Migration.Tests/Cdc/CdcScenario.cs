using Ftgo.Migration.Cdc;
using Ftgo.Migration.Running;
using Ftgo.Migration.Tests.Infrastructure;
using Ftgo.Migration.Verification;

namespace Ftgo.Migration.Tests.Cdc;

/// <summary>A CDC run in this process (<see cref="CdcRunner"/>) over test stores, stopped at dispose.</summary>
public sealed class CdcScenario : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;

    private CdcScenario(TestStores stores, CdcSettings settings)
    {
        Stores = stores;
        Settings = settings;
        Legacy = new LegacyWriter(stores);
        _run = Task.Run(() => CdcRunner.RunAsync(settings, Statistics, _stop.Token));
    }

    /// <summary>
    /// Prepares the capture (slot or triggers) before anything is written — a change made before
    /// capture exists is the backfill's job, not the stream's — then starts the run.
    /// </summary>
    public static async Task<CdcScenario> StartAsync(TestStores stores, CdcSettings settings)
    {
        await CdcRunner.PrepareSourceAsync(settings, CancellationToken.None);
        return new CdcScenario(stores, settings);
    }

    public TestStores Stores { get; }
    public CdcSettings Settings { get; }
    public LegacyWriter Legacy { get; }
    public CdcStatistics Statistics { get; } = new();

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(40);

    /// <summary>Fails fast when the CDC run died instead of waiting for a timeout.</summary>
    public void ThrowIfFailed()
    {
        if (_run.IsFaulted)
        {
            throw new Xunit.Sdk.XunitException($"The CDC run failed: {_run.Exception}");
        }
    }

    public Task<VerifyReport> VerifyAsync(string group = "all") => Verifier.RunAsync(Settings, group, 500, CancellationToken.None);

    /// <summary>Waits until verify is clean and <paramref name="also"/> holds.</summary>
    public Task SettledAsync(string what, Func<Task<bool>>? also = null) =>
        Eventually.UntilAsync(async () =>
        {
            ThrowIfFailed();
            var report = await VerifyAsync();
            var differences = string.Join("; ", report.Kinds.Where(k => !k.Clean)
                .Select(k => $"{k.Kind}: legacy {k.LegacyCount}, new {k.TargetCount}, differing {string.Join(" ", k.DifferingIds.Take(10))}"));
            return report.Clean
                ? (also is null || await also() ? "settled" : "verify clean, but the expected values are not there yet")
                : $"{Statistics.Records} records applied; {differences}";
        }, status => status == "settled", what, Timeout);

    public Task<T> KitchenAsync<T>(string sql, params (string, object?)[] p) => Stores.ScalarAsync<T>(Stores.Kitchen, Q(sql), p);
    public Task<T> DeliveryAsync<T>(string sql, params (string, object?)[] p) => Stores.ScalarAsync<T>(Stores.Delivery, Q(sql), p);

    /// <summary>{k} and {d}: the kitchen and delivery table prefix (schema on PostgreSQL; on SQLite the shared <c>side_</c> prefix when the service uses it).</summary>
    private string Q(string sql) =>
        sql.Replace("{k}", Stores.Engine == Engine.Postgres ? "kitchen." : "kitchen_")
            .Replace("{d}", Stores.Engine == Engine.Postgres ? "delivery." : Stores.DeliveryPrefix);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _run;
        }
        catch (OperationCanceledException)
        {
        }
    }
}
