using Ftgo.Legacy.Tests.Infrastructure;

namespace Ftgo.Legacy.Tests.Seeding;

/// <summary>
/// Three apps on three fresh databases of one store, all seeded at start-up with the same
/// <see cref="Orders"/> and <see cref="Value"/>: <see cref="First"/> and <see cref="Second"/> are
/// only read (so they can be compared), <see cref="Writable"/> is where tests write.
/// </summary>
public abstract class SeededFixture(Store store) : IAsyncLifetime
{
    public const int Orders = 700;
    public const int Value = 20261125;

    private readonly List<IAsyncDisposable> _owned = [];

    public Store Store { get; } = store;

    public LegacyApp First { get; private set; } = null!;

    public LegacyApp Second { get; private set; } = null!;

    public LegacyApp Writable { get; private set; } = null!;

    public static Dictionary<string, string?> SeedSettings(int orders, int value) => new()
    {
        ["Ftgo:Seed:Orders"] = orders.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Ftgo:Seed:Value"] = value.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public async Task InitializeAsync()
    {
        First = await StartAsync();
        Second = await StartAsync();
        Writable = await StartAsync();
    }

    private async Task<LegacyApp> StartAsync()
    {
        var database = await TestDatabase.CreateAsync(Store, "legacy");
        _owned.Add(database);
        var app = new LegacyApp(database, SeedSettings(Orders, Value));
        _owned.Insert(0, app);
        _ = app.Server;
        return app;
    }

    public async Task DisposeAsync()
    {
        foreach (var owned in _owned)
        {
            await owned.DisposeAsync();
        }
    }
}

public sealed class SqliteSeededFixture() : SeededFixture(Store.Sqlite);

public sealed class PostgresSeededFixture() : SeededFixture(Store.Postgres);
