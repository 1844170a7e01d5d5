namespace Ftgo.Legacy.Tests.Infrastructure;

/// <summary>
/// One started monolith on a fresh database of one store, shared by the tests of a class
/// (<c>IClassFixture</c>); tests create their own data instead of resetting the database.
/// </summary>
public abstract class LegacyFixture(Store store) : IAsyncLifetime
{
    private TestDatabase? _database;
    private LegacyApp? _app;

    public Store Store { get; } = store;

    public LegacyApp App => _app ?? throw new InvalidOperationException("The fixture is not initialised.");

    /// <summary>Extra configuration of this fixture's host.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    protected virtual TimeProvider? Clock => null;

    public Task<FtgoClient> ClientAsync(bool login = true) => App.ClientAsync(login);

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(Store, "legacy");
        _app = new LegacyApp(_database, Settings, Clock);
        // Start now, so that a start-up failure (migration, seeding) fails the class with its cause.
        _ = _app.Server;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}

public sealed class SqliteFixture() : LegacyFixture(Store.Sqlite);

public sealed class PostgresFixture() : LegacyFixture(Store.Postgres);
