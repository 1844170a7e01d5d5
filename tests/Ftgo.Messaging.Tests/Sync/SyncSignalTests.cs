using Ftgo.Hosting.Sync;
using Ftgo.Messaging.Sync;
using Ftgo.Messaging.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Ftgo.Messaging.Tests.Sync;

/// <summary>
/// What wakes a request waiting for the sync: a commit that notifies on PostgreSQL — also after the
/// listening connection was cut, which wakes every waiter and listens again — and a write to the
/// SQLite file by another connection.
/// </summary>
public sealed class SyncSignalTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task OnPostgres_ANotifyWakes_AndACutConnectionWakesEveryoneAndListensAgain()
    {
        await using var database = await TestDatabase.CreateAsync(Store.Postgres, "messaging");
        var pulse = new SyncPulse();
        var listening = pulse.Next();
        using var signal = new PostgresSyncSignal(database.ConnectionString, pulse, NullLogger<PostgresSyncSignal>.Instance);
        await signal.StartAsync(CancellationToken.None);
        await listening.WaitAsync(Bound);

        var woken = pulse.Next();
        await ExecuteAsync(database.ConnectionString, $"NOTIFY {ChangeStream.NotifyChannel}");
        await woken.WaitAsync(Bound);

        var cut = pulse.Next();
        await ExecuteAsync(database.ConnectionString,
            $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN {ChangeStream.NotifyChannel}'");
        await cut.WaitAsync(Bound);
        var relistening = pulse.Next();
        await relistening.WaitAsync(Bound);
        var wokenAgain = pulse.Next();
        await ExecuteAsync(database.ConnectionString, $"NOTIFY {ChangeStream.NotifyChannel}");
        await wokenAgain.WaitAsync(Bound);

        await signal.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task OnSqlite_ACommitByAnotherConnectionWakes()
    {
        var folder = Directory.CreateTempSubdirectory("ftgo-sync-").FullName;
        var connectionString = $"Data Source={Path.Combine(folder, "ftgo.db")}";
        await using (var setup = new SqliteConnection(connectionString))
        {
            await setup.OpenAsync();
            await using var create = setup.CreateCommand();
            create.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE t (id INTEGER PRIMARY KEY);";
            await create.ExecuteNonQueryAsync();
        }
        var pulse = new SyncPulse();
        using var signal = new SqliteSyncSignal(connectionString, pulse);
        await signal.StartAsync(CancellationToken.None);

        var woken = pulse.Next();
        await using (var writer = new SqliteConnection(connectionString))
        {
            await writer.OpenAsync();
            await using var insert = writer.CreateCommand();
            insert.CommandText = "INSERT INTO t DEFAULT VALUES";
            await insert.ExecuteNonQueryAsync();
        }
        await woken.WaitAsync(Bound);

        await signal.StopAsync(CancellationToken.None);
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
